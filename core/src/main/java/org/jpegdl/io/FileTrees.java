package org.jpegdl.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directory trees on disk: removal of old checkpoints and of temporary trees; a folder's own files. */
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
