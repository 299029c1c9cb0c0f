package org.jpegdl.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.jpegdl.io.AtomicFiles;

/**
 * An on-disk cache of decoded photos, so that epochs after the first read raw pixels instead of decoding a JPEG. It
 * holds exactly what the pipeline computes before its first random step, the decoded image at full size, so batches
 * are the same bit for bit with and without it (a cache of shrunk images would let the random crop see other
 * pixels). An entry is keyed by the file's absolute path, byte size and modification time: a changed file gets a new
 * entry. Entries are raw bytes ("JDC2", width, height as big-endian ints, then the 3 planes: about 3 bytes per
 * pixel), written through {@link AtomicFiles}, so concurrent writers and interrupted runs never leave half an entry.
 * A damaged entry is decoded again. Thread-safe.
 */
public final class ImageCache {

    private static final byte[] MAGIC = {'J', 'D', 'C', '2'};
    private static final int HEADER = MAGIC.length + 8;

    private final Path directory;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** A cache in {@code directory} (created when needed). */
    public ImageCache(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    /** Where the entries live. */
    public Path directory() {
        return directory;
    }

    /** Loads served from the cache since it was made. */
    public long hits() {
        return hits.get();
    }

    /** Loads that decoded the file (and wrote an entry) since the cache was made. */
    public long misses() {
        return misses.get();
    }

    /**
     * The decoded image of {@code file}: read from its entry, or decoded and stored. Either way the pixels are those
     * of a fresh {@link ImageDecoder#decode(Path)}.
     *
     * @throws DatasetException when the file is missing or cannot be decoded (nothing is stored then)
     */
    public RgbImage load(Path file) {
        Path entry = entryFor(file);
        RgbImage cached = read(entry);
        if (cached != null) {
            hits.incrementAndGet();
            return cached;
        }
        misses.incrementAndGet();
        RgbImage image = ImageDecoder.decode(file);
        write(entry, image);
        return image;
    }

    /** The entry file of {@code file} in its current state (size and modification time). */
    public Path entryFor(Path file) {
        Path absolute = file.toAbsolutePath();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(absolute, BasicFileAttributes.class);
        } catch (IOException e) {
            throw DatasetException.inFile(file, "file not found");
        }
        String key = absolute + "\u0000" + attributes.size() + "\u0000"
                + attributes.lastModifiedTime().toMillis();
        String hash = sha256(key);
        return directory.resolve(hash.substring(0, 2)).resolve(hash + ".rgb");
    }

    private static RgbImage read(Path entry) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(entry);
        } catch (IOException e) {
            return null;
        }
        if (bytes.length < HEADER
                || bytes[0] != MAGIC[0]
                || bytes[1] != MAGIC[1]
                || bytes[2] != MAGIC[2]
                || bytes[3] != MAGIC[3]) {
            return null;
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, MAGIC.length, 8);
        int width = header.getInt();
        int height = header.getInt();
        if (width < 1 || height < 1 || bytes.length - HEADER != 3L * width * height) {
            return null;
        }
        byte[] pixels = new byte[bytes.length - HEADER];
        System.arraycopy(bytes, HEADER, pixels, 0, pixels.length);
        return new RgbImage(width, height, pixels);
    }

    private static void write(Path entry, RgbImage image) {
        ByteBuffer bytes = ByteBuffer.allocate(HEADER + image.pixels().length);
        bytes.put(MAGIC).putInt(image.width()).putInt(image.height()).put(image.pixels());
        try {
            AtomicFiles.write(entry, bytes.array());
        } catch (IOException e) {
            throw DatasetException.inFile(entry, "cannot write image cache entry: " + e.getMessage());
        }
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** One line for the user. */
    @Override
    public String toString() {
        return "image cache " + directory + " (decoded images at full size)";
    }
}
