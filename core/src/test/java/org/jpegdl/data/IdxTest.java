package org.jpegdl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files the test writes byte by byte (as MNIST's are) read back exactly; broken ones fail with clear messages. */
class IdxTest {

    @TempDir
    Path dir;

    static final int ROWS = 5;
    static final int COLUMNS = 4;

    /** The bytes of an IDX image file: magic, count, rows, columns, all big-endian, then the pixels. */
    static byte[] imageFile(int magic, int count, int rows, int columns, byte[] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(columns);
        out.write(pixels);
        return bytes.toByteArray();
    }

    /** The bytes of an IDX label file. */
    static byte[] labelFile(int magic, int... labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(labels.length);
        for (int label : labels) {
            out.writeByte(label);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    static byte[] pixels(int count) {
        byte[] pixels = new byte[count * ROWS * COLUMNS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37 + 11); // covers 0..255, including bytes ≥ 128
        }
        return pixels;
    }

    /** Writes the four standard gz files: 6 training images, 3 test images. */
    void writeStandardSet(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve(Idx.TRAIN_IMAGES), gzip(imageFile(0x803, 6, ROWS, COLUMNS, pixels(6))));
        Files.write(folder.resolve(Idx.TRAIN_LABELS), gzip(labelFile(0x801, 0, 1, 2, 9, 9, 3)));
        Files.write(folder.resolve(Idx.TEST_IMAGES), gzip(imageFile(0x803, 3, ROWS, COLUMNS, pixels(3))));
        Files.write(folder.resolve(Idx.TEST_LABELS), gzip(labelFile(0x801, 4, 5, 6)));
    }

    DatasetException readFails(Path images, Path labels) {
        return assertThrows(DatasetException.class, () -> Idx.read(images, labels, "test", 10, List.of()));
    }

    static void assertMessage(DatasetException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
    }

    @Test
    void readsGzippedSplitsExactly() throws IOException {
        writeStandardSet(dir);
        DatasetSplits<ImageDataset> splits = Idx.readSplits(dir, "test", 10, List.of());
        ImageDataset train = splits.train();
        assertEquals(6, train.size());
        assertEquals(1, train.channels());
        assertEquals(ROWS, train.height());
        assertEquals(COLUMNS, train.width());
        assertArrayEquals(pixels(6), train.pixels());
        assertArrayEquals(new int[] {0, 1, 2, 9, 9, 3}, train.labels());
        assertEquals(3, splits.test().size());
        assertArrayEquals(new int[] {4, 5, 6}, splits.test().labels());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), train.classNames());
    }

    @Test
    void readsPlainFilesWithoutGzSuffix() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), imageFile(0x803, 2, ROWS, COLUMNS, pixels(2)));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labelFile(0x801, 7, 8));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), imageFile(0x803, 1, ROWS, COLUMNS, pixels(1)));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labelFile(0x801, 1));
        DatasetSplits<ImageDataset> splits = Idx.readSplits(dir, "test", 10, List.of());
        assertArrayEquals(pixels(2), splits.train().pixels());
        assertArrayEquals(new int[] {7, 8}, splits.train().labels());
    }

    @Test
    void writerRoundTrips() throws IOException {
        writeStandardSet(dir.resolve("in"));
        DatasetSplits<ImageDataset> original = Idx.readSplits(dir.resolve("in"), "test", 10, List.of());
        Idx.writeSplits(dir.resolve("out"), original);
        DatasetSplits<ImageDataset> copy = Idx.readSplits(dir.resolve("out"), "test", 10, List.of());
        assertArrayEquals(original.train().pixels(), copy.train().pixels());
        assertArrayEquals(original.train().labels(), copy.train().labels());
        assertArrayEquals(original.test().pixels(), copy.test().pixels());
        // The writer produces exactly the standard bytes once decompressed.
        assertArrayEquals(
                gzipContent(dir.resolve("in").resolve(Idx.TRAIN_IMAGES)),
                gzipContent(dir.resolve("out").resolve(Idx.TRAIN_IMAGES)));
    }

    static byte[] gzipContent(Path file) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    void badMagicNamesFileAndNumbers() throws IOException {
        Path images = Files.write(dir.resolve("images.gz"), gzip(labelFile(0x801, 1, 2)));
        Path labels = Files.write(dir.resolve("labels.gz"), gzip(labelFile(0x801, 1, 2)));
        DatasetException e = readFails(images, labels);
        assertMessage(e, images.toString(), "bad magic number 0x00000801", "expected 0x00000803", "label file");

        Path good = Files.write(dir.resolve("good.gz"), gzip(imageFile(0x803, 2, ROWS, COLUMNS, pixels(2))));
        Path wrongLabels = Files.write(dir.resolve("wrong-labels"), imageFile(0x803, 2, ROWS, COLUMNS, pixels(2)));
        e = readFails(good, wrongLabels);
        assertMessage(e, wrongLabels.toString(), "bad magic number 0x00000803", "expected 0x00000801");
    }

    @Test
    void truncatedFilesAreReportedAsTruncated() throws IOException {
        byte[] full = imageFile(0x803, 3, ROWS, COLUMNS, pixels(3));
        Path labels = Files.write(dir.resolve("labels"), labelFile(0x801, 1, 2, 3));

        Path plain = Files.write(dir.resolve("short-plain"), Arrays.copyOf(full, full.length - 7));
        assertMessage(readFails(plain, labels), plain.toString(), "truncated", "3 images of 5×4");

        byte[] gz = gzip(full);
        Path gzipped = Files.write(dir.resolve("short.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertMessage(readFails(gzipped, labels), gzipped.toString(), "truncated");

        Path header = Files.write(dir.resolve("short-header"), Arrays.copyOf(full, 9));
        assertMessage(readFails(header, labels), header.toString(), "truncated", "header");
    }

    @Test
    void extraBytesAreReported() throws IOException {
        byte[] full = imageFile(0x803, 2, ROWS, COLUMNS, pixels(2));
        Path images = Files.write(dir.resolve("long"), Arrays.copyOf(full, full.length + 3));
        Path labels = Files.write(dir.resolve("labels"), labelFile(0x801, 1, 2));
        assertMessage(readFails(images, labels), images.toString(), "bytes after");
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        Path images = Files.write(dir.resolve("images.gz"), gzip(imageFile(0x803, 3, ROWS, COLUMNS, pixels(3))));
        Path labels = Files.write(dir.resolve("labels.gz"), gzip(labelFile(0x801, 1, 2)));
        assertMessage(readFails(images, labels), images.toString(), labels.toString(), "3 images", "2 labels");
    }

    @Test
    void labelOutOfRangeNamesFileItemAndRange() throws IOException {
        Path images = Files.write(dir.resolve("images.gz"), gzip(imageFile(0x803, 3, ROWS, COLUMNS, pixels(3))));
        Path labels = Files.write(dir.resolve("labels.gz"), gzip(labelFile(0x801, 1, 10, 3)));
        assertMessage(readFails(images, labels), labels.toString(), "label 10", "item 1", "0..9");
    }

    @Test
    void missingFileAndDirectoryAreNamed() throws IOException {
        writeStandardSet(dir);
        Files.delete(dir.resolve(Idx.TEST_LABELS));
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.readSplits(dir, "test", 10, List.of()));
        assertMessage(e, dir.resolve(Idx.TEST_LABELS).toString(), "not found");

        Path nowhere = dir.resolve("nowhere");
        e = assertThrows(DatasetException.class, () -> Idx.readSplits(nowhere, "test", 10, List.of()));
        assertMessage(e, nowhere.toString(), "directory not found");

        Path images = dir.resolve(Idx.TRAIN_IMAGES);
        Path absent = dir.resolve("absent-labels.gz");
        assertMessage(readFails(images, absent), absent.toString(), "not found");
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        byte[] gz = gzip(imageFile(0x803, 2, ROWS, COLUMNS, pixels(2)));
        gz[12] ^= 0x5A; // inside the deflate stream
        gz[13] ^= 0x5A;
        Path images = Files.write(dir.resolve("corrupt.gz"), gz);
        Path labels = Files.write(dir.resolve("labels"), labelFile(0x801, 1, 2));
        DatasetException e = readFails(images, labels);
        assertMessage(e, images.toString());
    }

    @Test
    void aCutGzipFileSaysHowMuchItHolds() throws IOException {
        int count = 2000;
        byte[] whole = gzip(imageFile(0x803, count, 28, 28, randomPixels(count * 28 * 28)));
        Path images = Files.write(dir.resolve("cut-images.gz"), Arrays.copyOf(whole, whole.length / 2));
        Path labels = Files.write(dir.resolve("labels.gz"), gzip(labelFile(0x801, new int[count])));
        DatasetException e = assertThrows(DatasetException.class, () -> Idx.read(images, labels, "cut", 10, List.of()));
        Matcher m = Pattern.compile("ends after ([0-9]+) of the ([0-9]+) bytes").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        long read = Long.parseLong(m.group(1));
        long declared = Long.parseLong(m.group(2));
        // random pixels do not compress: half the file holds about half the pixels
        assertTrue(read > declared / 4 && read < declared, e.getMessage());
        assertTrue(e.getMessage().contains("cut-images.gz"), e.getMessage());
    }

    private static byte[] randomPixels(int n) {
        byte[] b = new byte[n];
        new Random(5).nextBytes(b);
        return b;
    }
}
