package org.jpegdl.data;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batches hold every image of an epoch once, as float32 [0,255] NCHW with float class labels, in seeded order. */
class BatchesTest {

    static NDManager manager;
    static final ImageDataset RGB = Synthetic.builder().build().generate(103, 4);
    static final ImageDataset GREY =
            Synthetic.builder().optChannels(1).optImageSize(28, 28).build().generate(37, 5);

    @BeforeAll
    static void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    static Batches.Builder batches(ImageDataset dataset) {
        return Batches.builder().setDataset(dataset).setBatchSize(16).optSeed(42);
    }

    /** All prepared batches of one epoch. */
    static List<PreparedBatch> prepareEpoch(Batches batches, int epoch) {
        List<PreparedBatch> all = new ArrayList<>();
        try (EpochIterator iterator = batches.epoch(epoch)) {
            while (iterator.hasNext()) {
                all.add(iterator.nextPrepared());
            }
        }
        return all;
    }

    @Test
    void batchesAreFloatNchwInPixelRangeWithTheImagesAndLabelsOfTheirIndices() {
        Batches batches = batches(RGB).build();
        assertEquals(7, batches.batchesPerEpoch());
        int[] seen = new int[RGB.size()];
        int count = 0;
        try (EpochIterator iterator = batches.epoch(0)) {
            while (iterator.hasNext()) {
                try (Batch batch = iterator.next(manager)) {
                    NDArray data = batch.getData().singletonOrThrow();
                    NDArray labels = batch.getLabels().singletonOrThrow();
                    int n = count == 6 ? 103 - 6 * 16 : 16;
                    assertEquals(n, batch.getSize());
                    assertEquals(new Shape(n, 3, 32, 32), data.getShape());
                    assertEquals(DataType.FLOAT32, data.getDataType());
                    assertEquals(new Shape(n), labels.getShape());
                    assertEquals(DataType.FLOAT32, labels.getDataType());
                    assertTrue(data.min().getFloat() >= 0 && data.max().getFloat() <= 255);
                    assertTrue(data.max().getFloat() > 1, "not normalised to [0,1]");
                    float[] values = data.toFloatArray();
                    float[] labelValues = labels.toFloatArray();
                    List<?> indices = batch.getIndices();
                    for (int i = 0; i < n; i++) {
                        int index = (Integer) indices.get(i);
                        seen[index]++;
                        assertEquals(RGB.label(index), labelValues[i]);
                        byte[] image = RGB.image(index);
                        for (int p = 0; p < image.length; p++) {
                            assertEquals(image[p] & 0xFF, values[i * image.length + p]);
                        }
                    }
                    assertEquals(count, batch.getProgress());
                    assertEquals(7, batch.getProgressTotal());
                }
                count++;
            }
        }
        assertEquals(7, count);
        int[] once = new int[RGB.size()];
        Arrays.fill(once, 1);
        assertArrayEquals(once, seen, "every image exactly once per epoch");
    }

    @Test
    void closingABatchReleasesItsArraysButNotTheParent() {
        try (EpochIterator iterator = batches(RGB).build().epoch(0)) {
            Batch batch = iterator.next(manager);
            NDArray data = batch.getData().head();
            NDManager batchManager = batch.getManager();
            assertTrue(batchManager != manager && batchManager.getParentManager() == manager);
            batch.close();
            assertTrue(data.isReleased());
            assertTrue(manager.isOpen());
        }
    }

    @Test
    void dropLastLeavesOutTheSmallBatch() {
        Batches batches = batches(RGB).optDropLast(true).build();
        assertEquals(6, batches.batchesPerEpoch());
        assertEquals(96, batches.imagesPerEpoch());
        List<PreparedBatch> epoch = prepareEpoch(batches, 0);
        assertEquals(6, epoch.size());
        epoch.forEach(b -> assertEquals(16, b.size()));
    }

    @Test
    void epochsShuffleDifferentlyAndSeedsRepeat() {
        Batches batches = batches(RGB).optAugment(Augment.cifarTraining(0)).build();
        assertFalse(Arrays.equals(batches.order(0), batches.order(1)));
        List<PreparedBatch> first = prepareEpoch(batches, 3);
        List<PreparedBatch> again =
                prepareEpoch(batches(RGB).optAugment(Augment.cifarTraining(0)).build(), 3);
        for (int b = 0; b < first.size(); b++) {
            assertArrayEquals(first.get(b).indices(), again.get(b).indices());
            assertArrayEquals(first.get(b).data(), again.get(b).data());
        }
        Batches otherSeed = batches(RGB).optSeed(43).build();
        assertFalse(Arrays.equals(batches.order(3), otherSeed.order(3)));
        Batches unshuffled = batches(RGB).optShuffle(false).build();
        assertArrayEquals(new int[] {0, 1, 2, 3}, Arrays.copyOf(unshuffled.order(5), 4));
    }

    @Test
    void prefetchGivesTheSameBatches() {
        Batches plain = batches(GREY)
                .setBatchSize(5)
                .optAugment(Augment.cifarTraining(32))
                .build();
        Batches prefetched = batches(GREY)
                .setBatchSize(5)
                .optAugment(Augment.cifarTraining(32))
                .optPrefetch(true)
                .build();
        List<PreparedBatch> a = prepareEpoch(plain, 1);
        List<PreparedBatch> b = prepareEpoch(prefetched, 1);
        assertEquals(8, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).indices(), b.get(i).indices());
            assertArrayEquals(a.get(i).data(), b.get(i).data());
            assertArrayEquals(a.get(i).labels(), b.get(i).labels());
        }
        assertEquals(new Shape(5, 1, 32, 32), a.get(0).dataShape());
        assertEquals(new Shape(2, 1, 32, 32), a.get(7).dataShape());
    }

    @Test
    void closingAPrefetchingIteratorEarlyStopsItsThread() throws InterruptedException {
        Batches batches = batches(RGB).setBatchSize(4).optPrefetch(true).build();
        EpochIterator iterator = batches.epoch(0);
        try (Batch batch = iterator.next(manager)) {
            assertEquals(4, batch.getSize());
        }
        iterator.close();
        assertFalse(iterator.hasNext());
        assertThrows(NoSuchElementException.class, iterator::nextPrepared);
        for (int i = 0; i < 50 && prefetchThreadAlive(); i++) {
            Thread.sleep(20);
        }
        assertFalse(prefetchThreadAlive());
    }

    static boolean prefetchThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("jpegdl-batch-prefetch") && t.isAlive());
    }

    @Test
    void throughputCountsThePreparedImages() {
        Batches.Throughput throughput = batches(RGB).build().measureThroughput(0, 3);
        assertEquals(48, throughput.images());
        assertEquals(3, throughput.batches());
        assertTrue(throughput.imagesPerSecond() > 0);
        assertEquals(
                103,
                batches(RGB).optPrefetch(true).build().measureThroughput(0, 100).images());
    }

    @Test
    void rejectsImagesLargerThanThePadTarget() {
        assertThrows(
                IllegalArgumentException.class,
                () -> batches(RGB).optAugment(Augment.evaluation(28)).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> Batches.builder().setDataset(RGB).build());
    }
}
