package org.jpegdl.cli;

import java.nio.file.Path;
import org.jpegdl.run.RunConfig;
import picocli.CommandLine.Option;

/** The {@code --data DIR} option of the verbs that read a finished run's data set from somewhere else. */
final class DataDirectoryOption {

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Read the data set from here instead of the run's recorded directory.")
    Path path;

    /** {@code config} reading its data set from the directory given, or {@code config} itself without one. */
    RunConfig applyTo(RunConfig config) {
        if (path == null) {
            return config;
        }
        return new RunConfig(
                config.name(),
                config.dataset(),
                path.toString(),
                config.model(),
                config.jpeg(),
                config.recipe(),
                config.seed(),
                config.trainLimit(),
                config.testLimit(),
                config.threads(),
                config.versions(),
                config.dataSettings(),
                config.initFrom());
    }
}
