package org.jpegdl.data;

import static org.jpegdl.data.PhotoFixtures.assertMessage;
import static org.jpegdl.data.PhotoFixtures.image;
import static org.jpegdl.data.PhotoFixtures.jpeg;
import static org.jpegdl.data.PhotoFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resized-image cache gives the pixels of a fresh decode, keyed by the file's path, size and time. */
class ImageCacheTest {

    @TempDir
    Path dir;

    /** A 48×36 photo-like image: a diagonal pattern, so resizing has something to do. */
    Path photo(String name) {
        BufferedImage image = new BufferedImage(48, 36, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 36; y++) {
            for (int x = 0; x < 48; x++) {
                image.setRGB(x, y, (x * 5) << 16 | (y * 7) << 8 | ((x + y) * 3));
            }
        }
        return write(dir.resolve(name), image, "jpeg");
    }

    @Test
    void cachedPixelsEqualAFreshDecodeAtFullSize() {
        Path file = photo("a.jpg");
        ImageCache cache = new ImageCache(dir.resolve("cache"));
        RgbImage fresh = ImageDecoder.decode(file);
        assertEquals(36, fresh.height());
        assertEquals(48, fresh.width());
        RgbImage first = cache.load(file);
        assertEquals(1, cache.misses());
        assertTrue(Files.isRegularFile(cache.entryFor(file)));
        assertTrue(cache.entryFor(file).startsWith(dir.resolve("cache")));
        RgbImage second = cache.load(file);
        assertEquals(1, cache.hits());
        assertEquals(fresh.width(), second.width());
        assertArrayEquals(fresh.pixels(), first.pixels());
        assertArrayEquals(fresh.pixels(), second.pixels());
        // another cache object over the same directory (a later run) reads the entry too
        ImageCache later = new ImageCache(dir.resolve("cache"));
        assertArrayEquals(fresh.pixels(), later.load(file).pixels());
        assertEquals(1, later.hits());
    }

    @Test
    void smallImagesAreKeptAsTheyAre() {
        Path file = jpeg(dir.resolve("small.jpg"), 12, 10, 0x445566);
        ImageCache cache = new ImageCache(dir.resolve("cache"));
        RgbImage loaded = cache.load(file);
        assertEquals(12, loaded.width());
        assertArrayEquals(ImageDecoder.decode(file).pixels(), cache.load(file).pixels());
    }

    @Test
    void aChangedFileGetsANewEntry() throws IOException {
        Path file = photo("b.jpg");
        ImageCache cache = new ImageCache(dir.resolve("cache"));
        Path before = cache.entryFor(file);
        cache.load(file);
        write(file, image(40, 40, 0xFF0000), "jpeg");
        Files.setLastModifiedTime(
                file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        assertNotEquals(before, cache.entryFor(file));
        RgbImage changed = cache.load(file);
        assertEquals(2, cache.misses());
        assertEquals(40, changed.width());
        assertTrue(changed.value(0, 5, 5) > 240, "the new, red picture");
    }

    @Test
    void aDamagedEntryIsDecodedAgain() throws IOException {
        Path file = photo("c.jpg");
        ImageCache cache = new ImageCache(dir.resolve("cache"));
        RgbImage first = cache.load(file);
        Files.write(cache.entryFor(file), new byte[] {'J', 'D', 'C', '2', 0, 0});
        assertArrayEquals(first.pixels(), cache.load(file).pixels());
        assertEquals(2, cache.misses());
        assertEquals(0, cache.hits());
    }

    @Test
    void badFilesAreErrorsAndLeaveNoEntry() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.jpg"), "not a picture");
        ImageCache cache = new ImageCache(dir.resolve("cache"));
        DatasetException e = assertThrows(DatasetException.class, () -> cache.load(file));
        assertMessage(e, file.toString(), "not a JPEG");
        assertFalse(Files.exists(cache.entryFor(file)));
    }
}
