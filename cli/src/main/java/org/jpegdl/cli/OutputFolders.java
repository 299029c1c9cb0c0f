package org.jpegdl.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The options that name a folder the verb writes into ({@code compress --out}, {@code predict --layer-output}). */
final class OutputFolders {

    private OutputFolders() {}

    /**
     * Checks, before any work, that {@code folder} is a folder or can be made one.
     *
     * @param folder the folder named
     * @param option the option that named it
     * @throws IllegalArgumentException one line when a file (or a file above it) stands in its place
     */
    static void check(Path folder, String option) {
        for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IllegalArgumentException(option + " " + folder + ": "
                        + (p.equals(folder.toAbsolutePath()) ? "a file of that name is there" : p + " is a file") + "; "
                        + option + " names the folder the "
                        + "files go in");
            }
            if (Files.isDirectory(p)) {
                return;
            }
        }
    }
}
