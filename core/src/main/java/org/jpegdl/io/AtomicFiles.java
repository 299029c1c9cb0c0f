package org.jpegdl.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one way jpegdl writes a file that someone may read: the content goes to a temporary file of a unique name in
 * the same directory, which is renamed over the target only when complete. Readers see the old file or the new one,
 * never a part; a write that fails midway leaves the old file whole and no temporary file behind. JSON, Markdown,
 * HTML, PNG figures and cache entries all go through it.
 */
public final class AtomicFiles {

    /** Writes a file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes everything to {@code out} (which the caller closes). */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /** Writes {@code text} as UTF-8 to {@code file} atomically. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code file} atomically. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /** Writes what {@code content} produces to {@code file} atomically, creating the directory when needed. */
    public static void write(Path file, Content content) throws IOException {
        try {
            writeOrFail(file, content);
        } catch (IOException e) {
            // name the user's file, not the temporary one beside it
            throw new IOException("cannot write " + file + ": " + FileProblems.describe(e), e);
        }
    }

    private static void writeOrFail(Path file, Content content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
                content.writeTo(out);
            }
            readableByAll(temporary);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Removes the temporary files that writes into {@code dir} left when their process was killed between writing
     * and renaming ({@code .NAME*.tmp}, regular files only); only the folder's owner may call it.
     *
     * @param dir the folder (nothing happens when it does not exist)
     * @return the files removed
     */
    public static List<Path> removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> removed = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(".")
                        && name.endsWith(".tmp")
                        && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(f);
                    removed.add(f);
                }
            }
        }
        return removed;
    }

    /** rw-r--r--, as a file written directly would be: a temporary file starts readable by its owner alone. */
    private static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: keep its default
        }
    }
}
