package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jpegdl.data.Augment;
import org.jpegdl.data.Batches;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.model.PixelNormalization;
import org.jpegdl.run.RegionSensitivityMap;
import org.jpegdl.run.SensitivityMap;
import org.junit.jupiter.api.Test;

/**
 * The sensitivity map against an independent computation: the gradient with respect to the pixels (autograd), moved
 * to the DCT domain with a textbook scalar DCT (the transform is orthonormal, so the coefficient gradient is the DCT
 * of the pixel gradient), squared, summed over blocks (or over each region's blocks) and averaged over images.
 */
class SensitivityTest {

    @Test
    void equalsTheDctOfThePixelGradient() {
        int n = 6;
        int size = 16;
        Random r = new Random(3);
        byte[] pixels = new byte[n * size * size];
        r.nextBytes(pixels);
        int[] labels = {0, 1, 2, 0, 1, 2};
        ImageDataset data = new ImageDataset("t", "test", pixels, labels, 3, 1, size, size, List.of("a", "b", "c"));
        float[] mean = {0.4f};
        float[] std = {0.3f};
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock classifier = linearClassifier(m, size);
            Batches batches = Batches.builder()
                    .setDataset(data)
                    .setBatchSize(4)
                    .optAugment(Augment.evaluation(0))
                    .optShuffle(false)
                    .build();
            SensitivityMap map = Sensitivity.compute(classifier, mean, std, batches, 100, "t", m);
            assertEquals(n, map.images());
            assertNull(map.cb());
            RegionSensitivityMap regions = Sensitivity.computePerRegion(classifier, mean, std, batches, 100, 8, "t", m);
            assertEquals(4, regions.y().length, "regions of 8 px on 16×16: one per block");
            assertNull(regions.cb());

            // independent: pixel gradient per image, scalar DCT per block
            SequentialBlock baseline =
                    new SequentialBlock().add(new PixelNormalization(mean, std)).add(classifier);
            double[] expected = new double[64];
            double[][] expectedPerBlock = new double[4][64];
            for (int i = 0; i < n; i++) {
                float[] image = new float[size * size];
                for (int p = 0; p < image.length; p++) {
                    image[p] = pixels[i * size * size + p] & 0xFF;
                }
                NDArray x = m.create(image, new Shape(1, 1, size, size));
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = baseline.forward(new ParameterStore(m, false), new NDList(x), false)
                            .singletonOrThrow();
                    gc.backward(new SoftmaxCrossEntropyLoss()
                            .evaluate(new NDList(m.create(new float[] {labels[i]})), new NDList(logits)));
                }
                double[] g = x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
                for (int by = 0; by < size; by += 8) {
                    for (int bx = 0; bx < size; bx += 8) {
                        for (int u = 0; u < 8; u++) {
                            for (int v = 0; v < 8; v++) {
                                double s = 0;
                                for (int y = 0; y < 8; y++) {
                                    for (int xx = 0; xx < 8; xx++) {
                                        s += g[(by + y) * size + bx + xx] * basis(u, y) * basis(v, xx);
                                    }
                                }
                                expected[u * 8 + v] += s * s / n;
                                expectedPerBlock[by / 8 * 2 + bx / 8][u * 8 + v] += s * s / n;
                            }
                        }
                    }
                }
            }
            for (int f = 0; f < 64; f++) {
                assertEquals(expected[f], map.y()[f], 1e-4 * expected[f] + 1e-18, "frequency " + f);
                for (int b = 0; b < 4; b++) {
                    assertEquals(
                            expectedPerBlock[b][f],
                            regions.y()[b][f],
                            1e-4 * expectedPerBlock[b][f] + 1e-18,
                            "region " + b + ", frequency " + f);
                }
            }
            // each region's tables are normalised on their own: every region's largest luma step is qMax
            TableInit init = regions.toTableInit(7);
            assertEquals(4, init.regions());
            for (int b = 0; b < 4; b++) {
                float largest = 0;
                for (float q : init.luma(0, b)) {
                    largest = Math.max(largest, q);
                }
                assertEquals(7, largest, 1e-5, "region " + b);
            }
        }
    }

    @Test
    void averagesOverExactlyTheImagesAsked() {
        int size = 8;
        Random r = new Random(5);
        byte[] pixels = new byte[6 * size * size];
        r.nextBytes(pixels);
        int[] labels = {0, 1, 2, 0, 1, 2};
        ImageDataset all = new ImageDataset("t", "test", pixels, labels, 3, 1, size, size, List.of("a", "b", "c"));
        ImageDataset firstFive = new ImageDataset(
                "t",
                "test",
                Arrays.copyOf(pixels, 5 * size * size),
                Arrays.copyOf(labels, 5),
                3,
                1,
                size,
                size,
                List.of("a", "b", "c"));
        float[] mean = {0.5f};
        float[] std = {0.25f};
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock classifier = linearClassifier(m, size);
            // batches of 4: five images end inside the second batch, which is cut there
            SensitivityMap five = Sensitivity.compute(
                    classifier,
                    mean,
                    std,
                    Batches.builder()
                            .setDataset(all)
                            .setBatchSize(4)
                            .optAugment(Augment.evaluation(0))
                            .optShuffle(false)
                            .build(),
                    5,
                    "t",
                    m);
            SensitivityMap expected = Sensitivity.compute(
                    classifier,
                    mean,
                    std,
                    Batches.builder()
                            .setDataset(firstFive)
                            .setBatchSize(5)
                            .optAugment(Augment.evaluation(0))
                            .optShuffle(false)
                            .build(),
                    100,
                    "t",
                    m);
            assertEquals(5, five.images());
            for (int f = 0; f < 64; f++) {
                assertEquals(expected.y()[f], five.y()[f], 1e-5 * expected.y()[f] + 1e-18, "frequency " + f);
            }
        }
    }

    /** A linear classifier of three classes over one-channel size×size images, initialised. */
    private static SequentialBlock linearClassifier(NDManager m, int size) {
        SequentialBlock classifier = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
        classifier.initialize(m, DataType.FLOAT32, new Shape(1, 1, size, size));
        return classifier;
    }

    private static double basis(int u, int i) {
        return (u == 0 ? Math.sqrt(0.125) : 0.5) * Math.cos((2 * i + 1) * u * Math.PI / 16);
    }
}
