package org.jpegdl.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The owner of a run, comparison or sweep folder while a verb writes into it ({@code train}, {@code compare},
 * {@code sweep}, {@code attack}): the file {@code .lock} in the folder holds the owner's process id and verb, and the
 * operating system's lock on that file (released by the system when the process ends, even by {@code kill -9}) is
 * what excludes a second writer, in another process or in this one. A {@code .lock} that nobody holds is stale: it
 * is taken over with a line saying so. {@link #close} releases the lock and removes the file.
 */
public final class RunLock implements AutoCloseable {

    /** The lock file's name in the folder it guards. */
    public static final String FILE = ".lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Makes this process the owner of {@code folder} (created if missing).
     *
     * @param folder the run, comparison or sweep folder
     * @param verb what writes into it, recorded in the lock file and named to whoever is refused
     * @param log where taking over a stale lock is reported (null: silent)
     * @return the lock, to close when the writing is done
     * @throws IllegalArgumentException one line when another process (or another task of this one) owns the folder
     * @throws IOException when the lock file cannot be made
     */
    public static RunLock acquire(Path folder, String verb, PrintStream log) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(FILE);
        for (int attempt = 0; attempt < 3; attempt++) {
            Object before = fileKey(file);
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new IllegalArgumentException(
                        folder + " is in use by " + (holder.isEmpty() ? "another process" : holder) + " (its lock file "
                                + file + "): wait for it to finish, or give another --name");
            }
            Object after = fileKey(file);
            if (!Files.exists(file) || before != null && after != null && !before.equals(after)) {
                // the lock file was released and removed between our open and our lock: lock the new one
                lock.release();
                channel.close();
                continue;
            }
            String earlier = holder(channel);
            if (!earlier.isEmpty() && log != null) {
                log.println(folder + ": a stale lock of " + earlier + ", which no longer runs, taken over");
            }
            byte[] me = ("process " + ProcessHandle.current().pid() + " (jpegdl " + verb + ")\n")
                    .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me), 0);
            channel.force(false);
            return new RunLock(file, channel, lock);
        }
        throw new IllegalArgumentException(folder + " is being taken by other processes at this moment: try again");
    }

    /** Who holds the lock, as its file says ("process N (jpegdl VERB)"), or "" for an empty file. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    /** The identity of the file at {@code file} now (its inode), or null when there is none. */
    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Releases the lock and removes the lock file. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file);
        } finally {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        }
    }
}
