package org.jpegdl.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directory trees on disk: removal of old checkpoints and of temporary trees, copies; a folder's own files. */
public final class FileTrees {

    private FileTrees() {}

    /** Deletes {@code root} and everything under it; nothing happens when it does not exist. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Copies the tree {@code from} to {@code to} (which must not exist): its folders and regular files, their times
     * kept, no symbolic link followed or copied.
     *
     * @param from the folder to copy
     * @param to where the copy goes
     */
    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * Whether {@code file} is a folder's own regular file: neither it nor the folder it is in is a symbolic link, so
     * reading it never reaches a file elsewhere (a report inlines only a run's own figures).
     *
     * @param file the file
     * @return whether it may be read as the folder's own
     */
    public static boolean isOwnFile(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && (parent == null || !Files.isSymbolicLink(parent));
    }
}
