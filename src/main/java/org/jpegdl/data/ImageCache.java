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
 * An on-disk cache of decoded photos already shrunk to a working size (shorter side {@link #shorterSide()}), so that
 * epochs after the first read a few kilobytes of raw pixels instead of decoding a full-size JPEG. An entry is keyed
 * by the file's absolute path, byte size and modification time and the working size: a changed file gets a new
 * entry. Entries are raw bytes ("JDC1", width, height as big-endian ints, then the 3 planes), written to a temporary
 * file and moved into place, so concurrent writers and interrupted runs never leave half an entry. A damaged entry
 * is decoded again. Thread-safe.
 */
public final class ImageCache {

    private static final byte[] MAGIC = {'J', 'D', 'C', '1'};
    private static final int HEADER = MAGIC.length + 8;

    private final Path directory;
    private final int shorterSide;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** A cache in {@code directory} (created when needed) of images shrunk to shorter side {@code shorterSide}. */
    public ImageCache(Path directory, int shorterSide) {
        if (shorterSide < 1) {
            throw new IllegalArgumentException("cache shorter side must be positive, got " + shorterSide);
        }
        this.directory = directory.toAbsolutePath();
        this.shorterSide = shorterSide;
    }

    /** The cache for batches of {@code imageSize}: shorter side ⌈{@value DatasetOptions#CACHE_SCALE} × size⌉. */
    public static ImageCache forImageSize(Path directory, int imageSize) {
        return new ImageCache(directory, (int) Math.ceil(DatasetOptions.CACHE_SCALE * imageSize));
    }

    /** Where the entries live. */
    public Path directory() {
        return directory;
    }

    /** Shorter side of the cached images (larger images are shrunk to it, smaller ones kept). */
    public int shorterSide() {
        return shorterSide;
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
     * The working-size image of {@code file}: read from its entry, or decoded, shrunk and stored. Either way the
     * pixels are the same as {@link #shrink(RgbImage)} of a fresh decode.
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
        RgbImage image = shrink(ImageDecoder.decode(file));
        write(entry, image);
        return image;
    }

    /** A decoded image at the working size: shrunk so its shorter side is {@link #shorterSide()} if larger. */
    public RgbImage shrink(RgbImage image) {
        return image.shrinkToShorterSide(shorterSide);
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
        String key = absolute + "\u0000" + attributes.size() + "\u0000" + attributes.lastModifiedTime().toMillis()
                + "\u0000" + shorterSide;
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
        if (bytes.length < HEADER || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1] || bytes[2] != MAGIC[2]
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
        return "image cache " + directory + " (shorter side " + shorterSide + ")";
    }
}
