package org.jpegdl.data;

import java.util.Objects;

/**
 * An image left out of a data set read with skip-bad on: the file (or split-file line, or class folder) and what is
 * wrong with it. {@link #toString()} reads "{@code file}: {@code problem}", as a {@link DatasetException} would.
 */
public record SkippedImage(String file, String problem) {

    /** Both parts are required. */
    public SkippedImage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(problem, "problem");
    }

    /** "{@code file}: {@code problem}". */
    @Override
    public String toString() {
        return file + ": " + problem;
    }
}
