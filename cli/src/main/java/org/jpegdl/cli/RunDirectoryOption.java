package org.jpegdl.cli;

import java.nio.file.Path;
import org.jpegdl.run.RunDirectory;
import picocli.CommandLine.Option;

/**
 * The {@code --run RUN_DIR} option of the verbs that read one finished run. A verb words it its own way under the
 * key {@code jpegdl.VERB.run} in {@code OptionDescriptions.properties}.
 */
final class RunDirectoryOption {

    @Option(
            names = "--run",
            required = true,
            paramLabel = "RUN_DIR",
            descriptionKey = "run",
            description = "The run directory.")
    Path path;

    /** The run directory named. */
    RunDirectory directory() {
        return new RunDirectory(path);
    }
}
