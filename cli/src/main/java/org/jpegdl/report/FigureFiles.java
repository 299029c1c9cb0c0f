package org.jpegdl.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** When a figure drawn from a file of the run store has to be drawn again. */
final class FigureFiles {

    private FigureFiles() {}

    /**
     * Whether {@code figure} is missing or not newer than {@code source}, the file it is drawn from: the source was
     * written (computed again) after the figure was drawn. False when the source does not exist.
     */
    static boolean outdated(Path figure, Path source) throws IOException {
        if (!Files.isRegularFile(source)) {
            return false;
        }
        return !Files.isRegularFile(figure)
                || Files.getLastModifiedTime(figure).compareTo(Files.getLastModifiedTime(source)) <= 0;
    }
}
