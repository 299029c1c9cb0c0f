package org.jpegdl.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --test-limit N} option of the verbs that may read only part of a run's test split, named as
 * {@code train --test-limit} is ({@code --limit}, its older name, still works and is not shown).
 */
final class TestImageLimit {

    // an initial value, not a defaultValue: picocli applies those after the arguments, over the older name's
    @Option(
            names = "--test-limit",
            paramLabel = "N",
            description = "Only this many test images (class-balanced, the same for every run); 0 for all.")
    int images = 0;

    /** The older name of {@code --test-limit}. */
    @Option(names = "--limit", hidden = true, paramLabel = "N")
    void olderName(int n) {
        images = n;
    }
}
