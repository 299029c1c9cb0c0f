package org.jpegdl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.run.RunDirectory;
import picocli.CommandLine.Option;

/**
 * The {@code --run RUN_DIR} option, given once or twice, of the verbs that show one run or two side by side. A verb
 * words it its own way under the key {@code jpegdl.VERB.run} in {@code OptionDescriptions.properties}.
 */
final class RunPairOption {

    @Option(
            names = "--run",
            required = true,
            paramLabel = "RUN_DIR",
            descriptionKey = "run",
            description = "A run directory; give --run twice to compare two runs on the same images.")
    List<Path> paths;

    /**
     * The run directories named, in order.
     *
     * @throws IllegalArgumentException for more than two, naming {@code verb}
     */
    List<RunDirectory> directories(String verb) {
        if (paths.size() > 2) {
            throw new IllegalArgumentException(verb + " takes one or two --run, got " + paths.size());
        }
        List<RunDirectory> out = new ArrayList<>();
        for (Path p : paths) {
            out.add(new RunDirectory(p));
        }
        return out;
    }
}
