package org.jpegdl.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jpegdl.io.FileTrees;

/**
 * A figure of a page ({@code figure.mustache}): a PNG inlined as a data URI, and its caption.
 *
 * @param image the PNG as a data URI
 * @param caption what it shows
 */
record Figure(String image, String caption) {

    /** Adds {@code png} as a figure with {@code caption} to {@code figures} when the file is there. */
    static void addIfPresent(List<Figure> figures, Path png, String caption) throws IOException {
        if (FileTrees.isOwnFile(png)) {
            figures.add(new Figure(RunReport.dataUri(png), caption));
        }
    }
}
