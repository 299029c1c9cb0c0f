package org.jpegdl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10 / CIFAR-100 binary files the test writes record by record read back exactly; broken ones fail clearly. */
class CifarBinaryTest {

    @TempDir
    Path dir;

    /** The 3,072 pixel bytes of test image {@code seed}: red plane, green plane, blue plane, each 32×32 row-major. */
    static byte[] planes(int seed) {
        byte[] pixels = new byte[3072];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    pixels[c * 1024 + y * 32 + x] = (byte) (seed * 31 + c * 85 + y * 7 + x * 3);
                }
            }
        }
        return pixels;
    }

    /** Records of {@code labelBytes[i]} followed by {@code planes(seeds[i])}. */
    static byte[] records(int[][] labelBytes, int[] seeds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < seeds.length; i++) {
            for (int label : labelBytes[i]) {
                out.write(label);
            }
            out.writeBytes(planes(seeds[i]));
        }
        return out.toByteArray();
    }

    static byte[] cifar10Records(int... labelsThenSeeds) {
        int n = labelsThenSeeds.length / 2;
        int[][] labels = new int[n][];
        int[] seeds = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = new int[] {labelsThenSeeds[2 * i]};
            seeds[i] = labelsThenSeeds[2 * i + 1];
        }
        return records(labels, seeds);
    }

    /** cifar-10-batches-bin with two records per training batch and three test records. */
    Path writeCifar10(Path parent, boolean withNames) throws IOException {
        Path folder = Files.createDirectories(parent.resolve("cifar-10-batches-bin"));
        for (int b = 1; b <= 5; b++) {
            Files.write(folder.resolve("data_batch_" + b + ".bin"), cifar10Records(b, 10 * b, 9 - b, 10 * b + 1));
        }
        Files.write(folder.resolve("test_batch.bin"), cifar10Records(0, 100, 5, 101, 9, 102));
        if (withNames) {
            Files.writeString(
                    folder.resolve("batches.meta.txt"),
                    "plane\ncar\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
        }
        return folder;
    }

    static void assertMessage(DatasetException e, String... parts) {
        IdxTest.assertMessage(e, parts);
    }

    @Test
    void readsCifar10InFileOrderWithPlanesIntact() throws IOException {
        writeCifar10(dir, true);
        DatasetSplits<ImageDataset> splits = CifarBinary.readCifar10(dir);
        ImageDataset train = splits.train();
        assertEquals(10, train.size());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertEquals(32, train.width());
        assertArrayEquals(new int[] {1, 8, 2, 7, 3, 6, 4, 5, 5, 4}, train.labels());
        assertArrayEquals(planes(10), train.image(0));
        assertArrayEquals(planes(51), train.image(9));
        // Channel 1 (green), row 3, column 5 of image 2 is the byte the test put there.
        assertEquals((byte) (20 * 31 + 85 + 3 * 7 + 5 * 3), train.pixels()[2 * 3072 + 1024 + 3 * 32 + 5]);
        assertArrayEquals(new int[] {0, 5, 9}, splits.test().labels());
        assertArrayEquals(planes(102), splits.test().image(2));
        assertEquals("car", train.classNames().get(1));
        assertEquals(10, train.numClasses());
    }

    @Test
    void acceptsTheFolderItselfAndDefaultsTheNames() throws IOException {
        Path folder = writeCifar10(dir, false);
        DatasetSplits<ImageDataset> splits = CifarBinary.readCifar10(folder);
        assertEquals(10, splits.train().size());
        assertEquals("automobile", splits.train().classNames().get(1));
    }

    @Test
    void readsCifar100FineLabels() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("cifar-100-binary"));
        Files.write(folder.resolve("train.bin"), records(new int[][] {{3, 99}, {19, 0}, {0, 42}}, new int[] {1, 2, 3}));
        Files.write(folder.resolve("test.bin"), records(new int[][] {{7, 55}}, new int[] {4}));
        StringBuilder names = new StringBuilder();
        for (int k = 0; k < 100; k++) {
            names.append("fine").append(k).append('\n');
        }
        Files.writeString(folder.resolve("fine_label_names.txt"), names);
        DatasetSplits<ImageDataset> splits = CifarBinary.readCifar100(dir);
        assertEquals(100, splits.train().numClasses());
        assertArrayEquals(new int[] {99, 0, 42}, splits.train().labels());
        assertArrayEquals(planes(2), splits.train().image(1));
        assertArrayEquals(new int[] {55}, splits.test().labels());
        assertArrayEquals(planes(4), splits.test().image(0));
        assertEquals("fine42", splits.train().classNames().get(42));
    }

    @Test
    void sizeNotAMultipleOfTheRecordIsReported() throws IOException {
        Path folder = writeCifar10(dir, false);
        Path batch = folder.resolve("data_batch_3.bin");
        byte[] bytes = Files.readAllBytes(batch);
        Files.write(batch, Arrays.copyOf(bytes, bytes.length - 100));
        DatasetException e = assertThrows(DatasetException.class, () -> CifarBinary.readCifar10(dir));
        assertMessage(e, batch.toString(), "not a multiple of the 3073-byte CIFAR-10 record", "truncated");
    }

    @Test
    void cifar100FileReadAsCifar10GetsAHint() throws IOException {
        Path file =
                Files.write(dir.resolve("train.bin"), records(new int[][] {{1, 2}, {3, 4}, {5, 6}}, new int[] {1, 2, 3
                }));
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> CifarBinary.readFiles(CifarBinary.Variant.CIFAR10, List.of(file), List.of()));
        assertMessage(e, file.toString(), "not a multiple", "CIFAR-100");
    }

    @Test
    void labelOutOfRangeNamesFileAndRecord() throws IOException {
        Path folder = writeCifar10(dir, false);
        Path test = Files.write(folder.resolve("test_batch.bin"), cifar10Records(0, 1, 10, 2));
        DatasetException e = assertThrows(DatasetException.class, () -> CifarBinary.readCifar10(dir));
        assertMessage(e, test.toString(), "record 1", "label 10", "0..9");

        Path fine = Files.write(dir.resolve("fine.bin"), records(new int[][] {{2, 100}}, new int[] {0}));
        e = assertThrows(
                DatasetException.class,
                () -> CifarBinary.readFiles(CifarBinary.Variant.CIFAR100, List.of(fine), List.of()));
        assertMessage(e, fine.toString(), "record 0", "label 100", "0..99");

        Path coarse = Files.write(dir.resolve("coarse.bin"), records(new int[][] {{20, 1}}, new int[] {0}));
        e = assertThrows(
                DatasetException.class,
                () -> CifarBinary.readFiles(CifarBinary.Variant.CIFAR100, List.of(coarse), List.of()));
        assertMessage(e, coarse.toString(), "coarse label 20");
    }

    @Test
    void missingFilesAreListed() throws IOException {
        Path folder = writeCifar10(dir, false);
        Files.delete(folder.resolve("data_batch_4.bin"));
        Files.delete(folder.resolve("test_batch.bin"));
        DatasetException e = assertThrows(DatasetException.class, () -> CifarBinary.readCifar10(dir));
        assertMessage(e, folder.toString(), "missing data_batch_4.bin, test_batch.bin", "cifar-10-binary.tar.gz");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(DatasetException.class, () -> CifarBinary.readCifar100(empty));
        assertMessage(e, empty.toString(), "cifar-100-binary", "train.bin");

        Path nowhere = dir.resolve("nowhere");
        e = assertThrows(DatasetException.class, () -> CifarBinary.readCifar10(nowhere));
        assertMessage(e, nowhere.toString(), "directory not found");
    }

    @Test
    void wrongNumberOfClassNamesIsReported() throws IOException {
        Path folder = writeCifar10(dir, false);
        Path names = Files.writeString(folder.resolve("batches.meta.txt"), "a\nb\nc\n");
        DatasetException e = assertThrows(DatasetException.class, () -> CifarBinary.readCifar10(dir));
        assertMessage(e, names.toString(), "3 class names", "expected 10");
    }
}
