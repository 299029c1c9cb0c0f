package org.jpegdl.data;

import java.nio.file.Path;

/**
 * A data set could not be read: a file is missing, has the wrong format, is truncated or holds values out of range.
 * The message is written for the user: it names the file and says what is wrong, so no stack trace is needed.
 */
public final class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}, which should name the file it concerns. */
    public DatasetException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause} (an I/O error, usually). */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem in {@code file}: the message reads "{@code file}: {@code problem}". */
    public static DatasetException inFile(Object file, String problem) {
        return new DatasetException(file + ": " + problem);
    }

    /** The file that a reader needs does not exist. */
    public static DatasetException missing(Path file, String whatItHolds) {
        return new DatasetException(file + ": file not found (expected " + whatItHolds + ")");
    }
}
