package org.jpegdl.data;

import java.util.ArrayList;
import java.util.List;

/**
 * What a reader does with an unusable entry (missing file, label out of range, empty class folder): throw a
 * {@link DatasetException} naming the file and the problem, or, with skip-bad on, leave the entry out and list it.
 * Used by one reader on one thread.
 */
final class BadImages {

    private final boolean skipBad;
    private final List<SkippedImage> skipped = new ArrayList<>();

    BadImages(boolean skipBad) {
        this.skipBad = skipBad;
    }

    /** Whether bad entries are skipped rather than fatal. */
    boolean skipBad() {
        return skipBad;
    }

    /** Reports a problem with {@code file}: throws, or records it when skipping. */
    void report(Object file, String problem) {
        if (!skipBad) {
            throw DatasetException.inFile(file, problem + " (--skip-bad leaves such images out and lists them)");
        }
        skipped.add(new SkippedImage(String.valueOf(file), problem));
    }

    /** The problems recorded so far, in order. */
    List<SkippedImage> skipped() {
        return List.copyOf(skipped);
    }
}
