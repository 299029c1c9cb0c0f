package org.jpegdl.cli;

import picocli.CommandLine.Option;

/** The {@code --limit N} option of the verbs that may read only part of a run's test split. */
final class TestImageLimit {

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Only this many test images (class-balanced, the same for every run); 0 for all.")
    int images;
}
