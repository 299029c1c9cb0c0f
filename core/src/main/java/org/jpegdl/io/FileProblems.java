package org.jpegdl.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * What the file system refused, in words with the file named: Java's {@link FileSystemException}s carry only the path
 * as their message ("error: /x/y" says nothing), so every message about an input or output file is made here.
 */
public final class FileProblems {

    private FileProblems() {}

    /** One line for {@code e}: "permission denied: FILE", "FILE is a file, not a folder", ... or its own message. */
    public static String describe(IOException e) {
        if (!(e instanceof FileSystemException f)) {
            return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        String file = f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "");
        String why = f.getReason() != null ? ": " + f.getReason() : "";
        if (f instanceof AccessDeniedException) {
            return "permission denied: " + file;
        }
        if (f instanceof NoSuchFileException) {
            return "no such file: " + file;
        }
        if (f instanceof FileAlreadyExistsException) {
            return file + " is in the way: it exists and is not a folder";
        }
        if (f instanceof NotDirectoryException) {
            return file + " is a file, not a folder";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return file + ": folder not empty";
        }
        if (f.getReason() != null && f.getReason().toLowerCase(Locale.ROOT).contains("permission denied")) {
            return "permission denied: " + file;
        }
        if (f.getReason() != null && f.getReason().toLowerCase(Locale.ROOT).contains("not a directory")) {
            return file + ": a file stands where a folder is needed";
        }
        return file + (why.isEmpty() ? ": cannot be used" : why);
    }
}
