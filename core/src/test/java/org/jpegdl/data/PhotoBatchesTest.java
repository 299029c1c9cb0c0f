package org.jpegdl.data;

import static org.jpegdl.data.PhotoFixtures.assertMessage;
import static org.jpegdl.data.PhotoFixtures.jpeg;
import static org.jpegdl.data.PhotoFixtures.truncate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches of decoded photos from a generated ImageFolder tree: shape, range, labels, threads, cache, bad files. */
class PhotoBatchesTest {

    /** Class folders and their colours: the channel that dominates is the folder's position here. */
    static final String[] CLASSES = {"red", "green", "blue"};

    static final int[] COLOURS = {0xE01010, 0x10E010, 0x1010E0};

    @TempDir
    Path dir;

    /** train/: 3 images a class (sizes vary, 30–44 px), val/: 1 a class. */
    void writeTree() {
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) {
                jpeg(dir.resolve("train").resolve(CLASSES[k]).resolve(i + ".jpg"), 30 + 7 * i, 44 - 5 * i, COLOURS[k]);
            }
            jpeg(dir.resolve("val").resolve(CLASSES[k]).resolve("v.jpg"), 40, 32, COLOURS[k]);
        }
    }

    DatasetSplits<ImageList> read(boolean skipBad) {
        return ImageFolder.read(
                dir, "imagefolder", DatasetOptions.builder().optSkipBad(skipBad).build());
    }

    static Batches.Builder training(ImageList images) {
        return Batches.builder()
                .setImages(images)
                .setBatchSize(4)
                .optSeed(9)
                .optPhotoTransform(PhotoTransform.training(24));
    }

    static List<PreparedBatch> epoch(Batches batches, int epoch) {
        List<PreparedBatch> all = new ArrayList<>();
        try (EpochIterator iterator = batches.epoch(epoch)) {
            while (iterator.hasNext()) {
                all.add(iterator.nextPrepared());
            }
        }
        return all;
    }

    /** The class whose colour dominates image i of a batch. */
    static int dominantChannel(PreparedBatch batch, int i) {
        int plane = batch.height() * batch.width();
        int best = 0;
        double bestMean = -1;
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int p = 0; p < plane; p++) {
                sum += batch.data()[(i * 3 + c) * plane + p];
            }
            if (sum > bestMean) {
                bestMean = sum;
                best = c;
            }
        }
        return best;
    }

    @Test
    void batchesAreFloatNchwInPixelRangeOfTheRequestedSizeWithTheirLabels() {
        writeTree();
        DatasetOptions options =
                DatasetOptions.builder().optImageSize(24).optDecodeThreads(2).build();
        DatasetSplits<LabelledImages> splits = DatasetZoo.load("imagefolder", dir, options);
        Batches batches = Batches.builder()
                .setSource(splits.train())
                .setBatchSize(4)
                .optSeed(1)
                .optPhotoTransform(PhotoTransform.training(options.imageSize()))
                .optDecoding(options)
                .optPrefetch(true)
                .build();
        assertArrayEquals(new int[] {3, 24, 24}, batches.imageShape());
        assertEquals(3, batches.batchesPerEpoch());
        assertEquals(9, batches.imagesPerEpoch());
        int[] seen = new int[9];
        try (NDManager manager = NDManager.newBaseManager();
                EpochIterator iterator = batches.epoch(0)) {
            while (iterator.hasNext()) {
                try (Batch batch = iterator.next(manager)) {
                    NDArray data = batch.getData().singletonOrThrow();
                    NDArray labels = batch.getLabels().singletonOrThrow();
                    int n = batch.getSize();
                    assertEquals(new Shape(n, 3, 24, 24), data.getShape());
                    assertEquals(DataType.FLOAT32, data.getDataType());
                    assertEquals(new Shape(n), labels.getShape());
                    assertEquals(DataType.FLOAT32, labels.getDataType());
                    assertTrue(data.min().getFloat() >= 0 && data.max().getFloat() <= 255);
                    assertTrue(data.max().getFloat() > 200, "pixel values, not normalised");
                    float[] values = data.toFloatArray();
                    float[] labelValues = labels.toFloatArray();
                    PreparedBatch view = new PreparedBatch(values, labelValues, new int[n], 3, 24, 24, 0, 0);
                    for (int i = 0; i < n; i++) {
                        int index = (Integer) batch.getIndices().get(i);
                        seen[index]++;
                        assertEquals(splits.train().label(index), (int) labelValues[i]);
                        String colour = splits.train().classNames().get((int) labelValues[i]);
                        assertEquals(
                                List.of(CLASSES).indexOf(colour), dominantChannel(view, i), "a " + colour + " image");
                    }
                }
            }
        }
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, seen);
    }

    @Test
    void threadsAndPrefetchDoNotChangeTheBatches() {
        writeTree();
        ImageList train = read(false).train();
        List<PreparedBatch> plain = epoch(training(train).build(), 2);
        List<PreparedBatch> parallel = epoch(
                training(train)
                        .optDecodeThreads(3)
                        .optPrefetch(true)
                        .optPrefetchDepth(2)
                        .build(),
                2);
        assertEquals(plain.size(), parallel.size());
        for (int b = 0; b < plain.size(); b++) {
            assertArrayEquals(plain.get(b).indices(), parallel.get(b).indices());
            assertArrayEquals(plain.get(b).labels(), parallel.get(b).labels());
            assertArrayEquals(plain.get(b).data(), parallel.get(b).data());
        }
        List<PreparedBatch> otherEpoch = epoch(training(train).build(), 3);
        assertFalse(Arrays.equals(plain.get(0).data(), otherEpoch.get(0).data()));
    }

    @Test
    void evaluationThroughTheCacheRepeatsItself() {
        writeTree();
        ImageList test = read(false).test();
        ImageCache cache = new ImageCache(dir.resolve("cache"));
        Batches batches = Batches.builder()
                .setImages(test)
                .setBatchSize(2)
                .optShuffle(false)
                .optPhotoTransform(PhotoTransform.evaluation(16))
                .optCache(cache)
                .build();
        List<PreparedBatch> first = epoch(batches, 0);
        assertEquals(3, cache.misses());
        List<PreparedBatch> second = epoch(batches, 1);
        assertEquals(3, cache.hits());
        for (int b = 0; b < first.size(); b++) {
            assertArrayEquals(first.get(b).data(), second.get(b).data());
            assertArrayEquals(first.get(b).labels(), second.get(b).labels());
        }
        assertArrayEquals(new int[] {0, 1}, first.get(0).indices());
    }

    @Test
    void aBrokenImageStopsTheEpochWithAnErrorNamingIt() {
        writeTree();
        Path broken = dir.resolve("train/green/1.jpg");
        truncate(broken, 0.5);
        Batches batches = training(read(false).train())
                .optDecodeThreads(2)
                .optPrefetch(true)
                .build();
        DatasetException e = assertThrows(DatasetException.class, () -> epoch(batches, 0));
        assertMessage(e, broken.toString(), "truncated");
        Batches unthreaded = training(read(false).train()).build();
        e = assertThrows(DatasetException.class, () -> epoch(unthreaded, 0));
        assertMessage(e, broken.toString());
    }

    @Test
    void withSkipBadABrokenImageIsLeftOutAndListedOnce() {
        writeTree();
        Path broken = dir.resolve("train/green/1.jpg");
        truncate(broken, 0.5);
        ImageList train = read(true).train();
        Batches batches = training(train).optDecodeThreads(2).optPrefetch(true).build();
        for (int e = 0; e < 2; e++) {
            List<PreparedBatch> all = epoch(batches, e);
            assertEquals(3, all.size());
            int images = all.stream().mapToInt(PreparedBatch::size).sum();
            assertEquals(8, images, "every image but the broken one");
            all.forEach(b -> {
                for (int index : b.indices()) {
                    assertFalse(train.path(index).equals(broken));
                }
            });
        }
        assertEquals(1, batches.skippedImages().size());
        assertEquals(broken.toString(), batches.skippedImages().get(0).file());
        assertMessage(new DatasetException(batches.skippedImages().get(0).toString()), "truncated");
    }

    @Test
    void aBatchOfOnlyBrokenImagesTakesTheNextReadableOne() {
        writeTree();
        truncate(dir.resolve("val/green/v.jpg"), 0.3);
        ImageList test = read(true).test();
        Batches batches = Batches.builder()
                .setImages(test)
                .setBatchSize(1)
                .optShuffle(false)
                .optPhotoTransform(PhotoTransform.evaluation(16))
                .build();
        List<PreparedBatch> all = epoch(batches, 0);
        assertEquals(3, all.size());
        assertArrayEquals(new int[] {0}, all.get(0).indices());
        // folders sort blue, green, red: green is broken, so the next image in the order, red, stands in
        assertArrayEquals(new int[] {2}, all.get(1).indices());
        assertArrayEquals(new int[] {2}, all.get(2).indices());
        assertEquals(1, batches.skippedImages().size());
    }

    @Test
    void readerOmissionsAreListedWithTheBatches() throws IOException {
        writeTree();
        Files.createDirectories(dir.resolve("train/yellow"));
        Batches batches = training(read(true).train()).build();
        assertEquals(
                List.of(new SkippedImage(
                        dir.resolve("train/yellow").toString(),
                        "class folder holds no images (bmp, gif, jpeg, jpg, png, tif, tiff)")),
                batches.skippedImages());
        assertEquals(4, batches.dataset().numClasses());
    }

    @Test
    void imageFilesNeedAPhotoTransform() {
        writeTree();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Batches.builder()
                        .setImages(read(false).train())
                        .setBatchSize(2)
                        .build());
        assertTrue(e.getMessage().contains("optPhotoTransform"));
    }

    @Test
    void aCacheGivesTheSameTrainingBatchesBitForBit() {
        writeTree();
        ImageList train = read(false).train();
        List<PreparedBatch> plain = epoch(training(train).build(), 0);
        ImageCache cache = new ImageCache(dir.resolve("cache"));
        List<PreparedBatch> filling = epoch(training(train).optCache(cache).build(), 0);
        List<PreparedBatch> warm = epoch(training(train).optCache(cache).build(), 0);
        assertTrue(cache.hits() > 0 && cache.misses() > 0);
        assertEquals(Arrays.hashCode(flatten(plain)), Arrays.hashCode(flatten(filling)));
        assertArrayEquals(flatten(plain), flatten(filling), "filling the cache changed the batches");
        assertArrayEquals(flatten(plain), flatten(warm), "reading the cache changed the batches");
    }

    private static float[] flatten(List<PreparedBatch> batches) {
        int n = batches.stream().mapToInt(b -> b.data().length).sum();
        float[] out = new float[n];
        int at = 0;
        for (PreparedBatch b : batches) {
            System.arraycopy(b.data(), 0, out, at, b.data().length);
            at += b.data().length;
        }
        return out;
    }
}
