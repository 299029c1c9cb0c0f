package org.jpegdl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names resolve to the right readers; the bundled default loads from the classpath. */
class DatasetZooTest {

    @TempDir
    Path dir;

    @Test
    void bundledMiniSetIsBalancedFashionMnist() {
        DatasetSplits<ImageDataset> splits =
                DatasetZoo.load(DatasetZoo.DEFAULT, null).as(ImageDataset.class);
        assertEquals(4000, splits.train().size());
        assertEquals(1000, splits.test().size());
        assertEquals(10, splits.train().numClasses());
        assertEquals(1, splits.train().channels());
        assertEquals(28, splits.train().height());
        assertEquals(28, splits.train().width());
        int[] trainCounts = new int[10];
        int[] testCounts = new int[10];
        Arrays.fill(trainCounts, 400);
        Arrays.fill(testCounts, 100);
        assertArrayEquals(trainCounts, splits.train().classCounts());
        assertArrayEquals(testCounts, splits.test().classCounts());
        assertEquals("Ankle boot", splits.train().classNames().get(9));
        assertEquals("fashion-mnist-mini", splits.train().name());
        assertTrue(splits.train().source().startsWith("classpath:"));
        // Real photographs of clothes, not blank images: a good share of bright pixels.
        long bright = 0;
        for (byte b : splits.train().pixels()) {
            bright += (b & 0xFF) > 128 ? 1 : 0;
        }
        assertTrue(bright > splits.train().pixels().length / 5, "bright pixels " + bright);
    }

    @Test
    void everyNameHasADescription() {
        assertEquals(
                List.of(
                        "fashion-mnist-mini",
                        "fashion-mnist",
                        "mnist",
                        "cifar10",
                        "cifar100",
                        "synthetic",
                        "cub200",
                        "stanford-dogs",
                        "flowers102",
                        "oxford-pets",
                        "imagenet",
                        "imagefolder"),
                List.copyOf(DatasetZoo.names().keySet()));
        DatasetZoo.names().values().forEach(description -> assertTrue(description.length() > 20, description));
        assertTrue(DatasetZoo.names().get("cifar10").contains("cifar-10-batches-bin"));
    }

    @Test
    void mistakesAreExplained() {
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetZoo.load("imagenet-21k", null));
        IdxTest.assertMessage(e, "unknown data set 'imagenet-21k'", "fashion-mnist", "cifar100");
        e = assertThrows(DatasetException.class, () -> DatasetZoo.load("mnist", null));
        IdxTest.assertMessage(e, "mnist needs --data DIR");
        e = assertThrows(DatasetException.class, () -> DatasetZoo.load("cifar10", null));
        IdxTest.assertMessage(e, "cifar10 needs --data DIR", "cifar-10-binary.tar.gz");
        e = assertThrows(DatasetException.class, () -> DatasetZoo.load("synthetic", dir));
        IdxTest.assertMessage(e, "synthetic needs no --data");
        Path nowhere = dir.resolve("nowhere");
        e = assertThrows(DatasetException.class, () -> DatasetZoo.load("cifar100", nowhere));
        IdxTest.assertMessage(e, nowhere.toString(), "directory not found");
    }

    @Test
    void namesReachTheirReaders() throws IOException {
        new IdxTest().writeStandardSet(dir.resolve("mnist"));
        assertEquals(6, DatasetZoo.load("mnist", dir.resolve("mnist")).train().size());
        assertEquals(
                6,
                DatasetZoo.load("fashion-mnist", dir.resolve("mnist")).train().size());
        CifarBinaryTest cifar = new CifarBinaryTest();
        cifar.writeCifar10(dir, false);
        DatasetSplits<ImageDataset> splits = DatasetZoo.load("cifar10", dir).as(ImageDataset.class);
        assertEquals(10, splits.train().size());
        assertEquals(3, splits.test().size());
        DatasetSplits<ImageDataset> synthetic =
                DatasetZoo.load("synthetic", null).as(ImageDataset.class);
        assertEquals(DatasetZoo.SYNTHETIC_TRAIN, synthetic.train().size());
        assertEquals(DatasetZoo.SYNTHETIC_TEST, synthetic.test().size());
    }

    @Test
    void bundledSetIsWhatTheGeneratorMakesFromTheRealData() {
        Path real = DatasetZoo.FASHION_MNIST_DIR;
        Assumptions.assumeTrue(
                Files.isRegularFile(real.resolve(Idx.TRAIN_IMAGES)),
                "real Fashion-MNIST not installed at " + real + " (Debian package dataset-fashion-mnist)");
        DatasetSplits<ImageDataset> full =
                DatasetZoo.load("fashion-mnist", null).as(ImageDataset.class);
        assertEquals(60000, full.train().size());
        assertEquals(10000, full.test().size());
        DatasetSplits<ImageDataset> regenerated = MiniFashionMnist.select(full);
        DatasetSplits<ImageDataset> bundled =
                DatasetZoo.load(DatasetZoo.DEFAULT, null).as(ImageDataset.class);
        assertArrayEquals(regenerated.train().pixels(), bundled.train().pixels());
        assertArrayEquals(regenerated.train().labels(), bundled.train().labels());
        assertArrayEquals(regenerated.test().pixels(), bundled.test().pixels());
        assertArrayEquals(regenerated.test().labels(), bundled.test().labels());
    }
}
