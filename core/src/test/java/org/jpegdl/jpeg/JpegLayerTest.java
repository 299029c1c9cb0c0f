package org.jpegdl.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jpegdl.nd.FreedBuffers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Behaviour of the JPEG layer beyond the golden vectors: gradients, limits, modes and errors. */
class JpegLayerTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static float[] randomImage(int size, long seed) {
        Random r = new Random(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextFloat() * 255f;
        }
        return x;
    }

    private static NDArray forward(JpegLayer layer, NDArray x, boolean training) {
        return layer.forward(new ParameterStore(manager, false), new NDList(x), training)
                .singletonOrThrow();
    }

    private static float[] randomTable(Random r, float lo, float hi) {
        float[] t = new float[64];
        for (int i = 0; i < 64; i++) {
            t[i] = lo + r.nextFloat() * (hi - lo);
        }
        return t;
    }

    @Test
    void tableGradientsMatchFiniteDifferencesInFloat64() {
        Random r = new Random(7);
        float[] lum = randomTable(r, 3, 12);
        float[] chrom = randomTable(r, 4, 15);
        JpegLayer layer = JpegLayer.builder()
                .optAlpha(0.3)
                .optTableInit(TableInit.explicit(new float[][] {lum}, new float[][] {chrom}))
                .build();
        Shape shape = new Shape(1, 3, 12, 10); // padded to 16×16
        layer.initialize(manager, DataType.FLOAT64, shape);
        NDArray x = manager.create(randomImage(360, 3), shape).toType(DataType.FLOAT64, false);
        NDArray w = manager.create(randomImage(360, 4), shape)
                .toType(DataType.FLOAT64, false)
                .sub(127.5);

        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(forward(layer, x, true).mul(w).sum());
        }
        double[] gradLum = layer.lumaTable(0).getArray().getGradient().toDoubleArray();
        double[] gradChrom = layer.chromaTable(0).getArray().getGradient().toDoubleArray();

        double eps = 1e-5;
        int checked = 0;
        for (Parameter p : layer.tableParameters()) {
            double[] analytic = p == layer.lumaTable(0) ? gradLum : gradChrom;
            for (int i : new int[] {0, 1, 8, 9, 18, 27, 36, 63}) {
                double numeric = (lossWith(layer, p, i, eps, x, w) - lossWith(layer, p, i, -eps, x, w)) / (2 * eps);
                assertEquals(numeric, analytic[i], 1e-6 * Math.max(1, Math.abs(numeric)), p.getName() + "[" + i + "]");
                checked++;
            }
        }
        assertEquals(16, checked);
        assertTrue(Arrays.stream(gradLum).anyMatch(g -> Math.abs(g) > 1e-3), "gradient not trivially zero");
    }

    private static double lossWith(JpegLayer layer, Parameter p, int index, double delta, NDArray x, NDArray w) {
        NDArray table = p.getArray();
        double[] values = table.toDoubleArray();
        double original = values[index];
        values[index] = original + delta;
        table.set(values);
        double loss = forward(layer, x, false).mul(w).sum().getDouble();
        values[index] = original;
        table.set(values);
        return loss;
    }

    @Test
    void softConvergesToHardAsAlphaGrows() {
        Shape shape = new Shape(2, 3, 16, 16);
        NDArray x = manager.create(randomImage(2 * 3 * 256, 11), shape);
        JpegLayer hard = JpegLayer.builder().optTableInit(TableInit.quality(50)).build();
        hard.initialize(manager, DataType.FLOAT32, shape);
        hard.setQuantization(JpegLayer.Quantization.HARD);
        float[] reference = forward(hard, x, false).toFloatArray();

        double previous = Double.MAX_VALUE;
        for (double alpha : new double[] {0.001, 0.01, 0.1, 10}) {
            JpegLayer soft = JpegLayer.builder()
                    .optAlpha(alpha)
                    .optTableInit(TableInit.quality(50))
                    .build();
            soft.initialize(manager, DataType.FLOAT32, shape);
            double meanDiff = meanAbsDiff(forward(soft, x, false).toFloatArray(), reference);
            assertTrue(meanDiff < previous, "alpha " + alpha + ": " + meanDiff + " not below " + previous);
            previous = meanDiff;
        }
        assertTrue(previous < 1e-3, "at alpha 10 the soft output is within 1e-3 of hard on average: " + previous);
    }

    @Test
    void withoutQuantisationTheRoundTripReturnsTheInput() {
        for (int channels : new int[] {1, 3}) {
            float[] mean = channels == 3 ? new float[] {0.5f, 0.4f, 0.3f} : new float[] {0.45f};
            float[] std = channels == 3 ? new float[] {0.25f, 0.2f, 0.3f} : new float[] {0.22f};
            Shape shape = new Shape(2, channels, 21, 30);
            JpegLayer layer = JpegLayer.builder()
                    .optChannels(channels)
                    .optNormalization(mean, std)
                    .build();
            layer.initialize(manager, DataType.FLOAT32, shape);
            layer.setQuantization(JpegLayer.Quantization.OFF);
            float[] input = randomImage((int) shape.size(), 5 + channels);
            NDArray out = forward(layer, manager.create(input, shape), false);
            NDArray meanArray = manager.create(mean, new Shape(1, channels, 1, 1));
            NDArray stdArray = manager.create(std, new Shape(1, channels, 1, 1));
            float[] restored = out.mul(stdArray).add(meanArray).mul(255).toFloatArray();
            assertTrue(
                    LayerVerification.maxAbsDiff(restored, input) <= 1e-4 * 255,
                    channels + " channel(s): " + LayerVerification.maxAbsDiff(restored, input));
            // in [0,1] units, as the layer outputs before normalisation
            assertTrue(LayerVerification.maxAbsDiff(restored, input) / 255 <= 1e-4);
        }
    }

    @Test
    void hardModeMatchesAScalarJpegQuantiser() {
        Random r = new Random(21);
        float[] lum = randomTable(r, 1, 30);
        float[] chrom = randomTable(r, 1, 40);
        for (int channels : new int[] {1, 3}) {
            Shape shape = new Shape(1, channels, 16, 24);
            float[] input = randomImage((int) shape.size(), 9);
            JpegLayer layer = JpegLayer.builder()
                    .optChannels(channels)
                    .optTableInit(TableInit.explicit(new float[][] {lum}, new float[][] {chrom}))
                    .build();
            layer.initialize(manager, DataType.FLOAT64, shape);
            layer.setQuantization(JpegLayer.Quantization.HARD);
            double[] out = forward(layer, manager.create(input, shape).toType(DataType.FLOAT64, false), false)
                    .toDoubleArray();
            double[] expected = ScalarJpeg.hardQuantise(input, channels, 16, 24, lum, chrom);
            double max = 0;
            for (int i = 0; i < out.length; i++) {
                max = Math.max(max, Math.abs(out[i] * 255 - expected[i]));
            }
            assertTrue(max < 1e-3, channels + " channel(s): max pixel difference " + max);
        }
    }

    @Test
    void grayscaleLayerHasOnlyLumaTables() {
        JpegLayer gray = JpegLayer.builder().optChannels(1).optRounds(2).build();
        gray.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8, 8));
        assertEquals(2, gray.tableParameters().size());
        assertEquals(
                128,
                gray.tableParameters().stream()
                        .mapToLong(p -> p.getArray().size())
                        .sum());
        JpegLayer colour = JpegLayer.builder().optRounds(2).build();
        colour.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8));
        assertEquals(
                256,
                colour.tableParameters().stream()
                        .mapToLong(p -> p.getArray().size())
                        .sum());
    }

    @Test
    void clampKeepsTablesInRangeAndTheyStayTrainable() {
        JpegLayer layer =
                JpegLayer.builder().optTableInit(TableInit.constant(4)).build();
        Shape shape = new Shape(1, 3, 8, 8);
        layer.initialize(manager, DataType.FLOAT32, shape);
        float[] values = layer.tables().lumaSteps(0);
        values[0] = -3;
        values[1] = 300;
        layer.lumaTable(0).getArray().set(values);
        // a training pass first puts the tables back into range (no autograd), then differentiates through them
        NDArray x = manager.create(randomImage(192, 1), shape);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(forward(layer, x, true).sum());
        }
        float[] clamped = layer.tables().lumaSteps(0);
        assertEquals(JpegLayer.MIN_STEP, clamped[0]);
        assertEquals(JpegLayer.MAX_STEP, clamped[1]);
        assertEquals(4f, clamped[2]);
        assertNotNull(layer.lumaTable(0).getArray().getGradient());
        assertTrue(layer.lumaTable(0).getArray().getGradient().abs().sum().getFloat() > 0);
    }

    @Test
    void gradientsAreTheSameWhenTheCollectorRunsBetweenForwardAndBackward() {
        // autograd keeps the layer's scalar factors (−α, the grayscale output scale) for the backward pass: they must
        // still be there after a collection has freed and overwritten the memory of every closed temporary array;
        // with alpha fixed, trainable per frequency (the expanded quantiser) and matched to the tables
        float[][] alphas = {new float[64]};
        Arrays.fill(alphas[0], 0.5f);
        for (int variant = 0; variant < 4; variant++) {
            int channels = variant == 0 ? 1 : 3;
            Shape shape = new Shape(6, channels, 16, 24);
            JpegLayerBuilder builder = JpegLayer.builder().optChannels(channels).optTableInit(TableInit.quality(40));
            if (variant == 2) {
                builder.optAlphaTables(alphas, alphas).optTrainableAlpha(true);
            } else if (variant == 3) {
                builder.optHardness(0.7);
            }
            JpegLayer layer = builder.build();
            layer.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.create(randomImage((int) shape.size(), 31), shape);
            for (JpegLayer.Quantization mode :
                    new JpegLayer.Quantization[] {JpegLayer.Quantization.SOFT, JpegLayer.Quantization.HARD}) {
                layer.setQuantization(mode);
                List<float[]> plain = FreedBuffers.gradients(layer, manager, x, false);
                for (int rep = 0; rep < 3; rep++) {
                    List<float[]> collected = FreedBuffers.gradients(layer, manager, x, true);
                    for (int i = 0; i < plain.size(); i++) {
                        // equal values (an exactly zero alpha gradient is −0 from a fresh gradient, +0 after clearing)
                        assertArrayEquals(
                                plain.get(i),
                                collected.get(i),
                                0f,
                                layer + ", " + mode + ", gradient " + i + " (0: input, then tables and alphas), try "
                                        + rep);
                    }
                }
            }
        }
    }

    @Test
    void batchSlicesGiveTheValuesAndGradientsOfOneWholeBatchPass() {
        // 40 colour 32×32 images are three slices (16, 16, 8); the reference quantises the whole batch at once
        int images = 40;
        Shape shape = new Shape(images, 3, 32, 32);
        Random r = new Random(21);
        JpegLayer layer = JpegLayer.builder()
                .optRounds(2)
                .optTableInit(TableInit.explicit(
                        new float[][] {randomTable(r, 0.5f, 40f), randomTable(r, 2f, 9f)},
                        new float[][] {randomTable(r, 0.5f, 40f), randomTable(r, 2f, 9f)}))
                .build();
        layer.initialize(manager, DataType.FLOAT32, shape);
        long perImage = 3 * 16 * 64;
        assertTrue(BatchSlices.SLICE_ELEMENTS / perImage < images, "the batch must span several slices");
        NDArray x = manager.create(randomImage((int) shape.size(), 22), shape);
        NDArray weights =
                manager.create(randomImage((int) shape.size(), 23), shape).sub(127.5);
        SoftQuantizer quantizer = new SoftQuantizer(layer.candidates(), layer.bits());
        for (JpegLayer.Quantization mode :
                new JpegLayer.Quantization[] {JpegLayer.Quantization.SOFT, JpegLayer.Quantization.HARD}) {
            layer.setQuantization(mode);
            float[] sliced;
            float[][] slicedGrads = new float[4][];
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = forward(layer, x, true);
                sliced = out.toFloatArray();
                gc.backward(out.mul(weights).sum());
            }
            for (int i = 0; i < 4; i++) {
                NDArray g = layer.tableParameters().get(i).getArray().getGradient();
                slicedGrads[i] = g.toFloatArray();
                g.subi(g);
            }
            float[] whole;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray c = layer.toCoefficients(x);
                for (int round = 0; round < 2; round++) {
                    NDArray lum = layer.lumaTable(round).getArray().reshape(1, 1, 1, 64);
                    NDArray chrom = layer.chromaTable(round).getArray().reshape(1, 1, 1, 64);
                    NDArray q = NDArrays.concat(new NDList(lum, chrom, chrom), 1);
                    double alpha = ((FixedAlpha) layer.alphaPolicy()).start().alpha();
                    c = mode == JpegLayer.Quantization.SOFT ? quantizer.soft(c, q, null, alpha) : quantizer.hard(c, q);
                }
                NDArray out = layer.toPixels(c, 32, 32);
                whole = out.toFloatArray();
                gc.backward(out.mul(weights).sum());
            }
            assertArrayEquals(whole, sliced, 0f, mode + ": sliced output differs from the whole-batch pass");
            for (int i = 0; i < 4; i++) {
                NDArray g = layer.tableParameters().get(i).getArray().getGradient();
                float[] wholeGrad = g.toFloatArray();
                g.subi(g);
                for (int k = 0; k < 64; k++) {
                    double scale = Math.max(1e-3, Math.abs(wholeGrad[k]));
                    assertEquals(
                            wholeGrad[k], slicedGrads[i][k], 1e-4 * scale, mode + ": table " + i + " gradient " + k);
                }
            }
        }
    }

    @Test
    void trainableAlphaReceivesAGradient() {
        JpegLayer layer =
                JpegLayer.builder().optAlpha(0.5).optTrainableAlpha(true).build();
        Shape shape = new Shape(1, 3, 8, 8);
        layer.initialize(manager, DataType.FLOAT32, shape);
        NDArray x = manager.create(randomImage(192, 2), shape);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(forward(layer, x, true).square().sum());
        }
        assertTrue(layer.alphaParameters()
                        .get(0)
                        .getArray()
                        .getGradient()
                        .abs()
                        .sum()
                        .getFloat()
                > 0);
    }

    @Test
    void sensitivityInitialisationFollowsTheClosedForm() {
        double[] y = new double[64];
        double[] cb = new double[64];
        double[] cr = new double[64];
        for (int i = 0; i < 64; i++) {
            y[i] = 1.0 / (1 + i); // 1/s_Y = 1 + i, largest 64
            cb[i] = 2.0 / (1 + i);
            cr[i] = 6.0 / (1 + i); // 2/(cb+cr) = (1+i)/4
        }
        TableInit init = TableInit.sensitivity(y, cb, cr, 10);
        float[] lum = init.luma(0);
        float[] chrom = init.chroma(0);
        assertEquals(10f, lum[63], 1e-5);
        assertEquals(10f / 64, lum[0], 1e-6);
        assertEquals(10.0 / 64 * 16 / 4, chrom[15], 1e-5);
    }

    @Test
    void badInputGetsAClearError() {
        JpegLayer layer = JpegLayer.builder().build();
        layer.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8));
        IllegalArgumentException channels = assertThrows(
                IllegalArgumentException.class, () -> forward(layer, manager.zeros(new Shape(1, 4, 8, 8)), false));
        assertTrue(channels.getMessage().contains("3 channel(s)"), channels.getMessage());
        IllegalArgumentException rank = assertThrows(
                IllegalArgumentException.class, () -> forward(layer, manager.zeros(new Shape(3, 8, 8)), false));
        assertTrue(rank.getMessage().contains("4-D"), rank.getMessage());
        float[] withNaN = new float[192];
        withNaN[17] = Float.NaN;
        IllegalArgumentException nan = assertThrows(
                IllegalArgumentException.class,
                () -> forward(layer, manager.create(withNaN, new Shape(1, 3, 8, 8)), false));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        IllegalArgumentException table = assertThrows(
                IllegalArgumentException.class,
                () -> TableInit.explicit(new float[][] {new float[63]}, new float[][] {new float[64]}));
        assertTrue(table.getMessage().contains("64 entries"), table.getMessage());
        IllegalArgumentException zero = assertThrows(
                IllegalArgumentException.class,
                () -> TableInit.explicit(new float[][] {new float[64]}, new float[][] {new float[64]}));
        assertTrue(zero.getMessage().contains("positive"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JpegLayer.builder().optChannels(2));
        assertThrows(IllegalArgumentException.class, () -> JpegLayer.builder().optRounds(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> JpegLayer.builder()
                        .optNormalization(new float[] {0}, new float[] {1})
                        .build());
    }

    @Test
    void badAlphaBitsAndRegionSettingsGetAClearError() {
        assertEquals(
                0, JpegLayer.builder().optHardness(0).build().alphaPolicy().hardness(), "0: hardness matching off");
        for (double h : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> JpegLayer.builder().optHardness(h));
            assertTrue(
                    e.getMessage().contains("hardness") && e.getMessage().contains(String.valueOf(h)), e.getMessage());
        }
        for (int bits : new int[] {1, 17, 0, -3}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> JpegLayer.builder().optBits(bits).optCandidates(1).build());
            assertTrue(
                    e.getMessage().contains("bits must be in 2..16")
                            && e.getMessage().contains("got " + bits),
                    e.getMessage());
        }
        assertEquals(16, JpegLayer.builder().optBits(16).build().bits());
        assertEquals(2, JpegLayer.builder().optBits(2).optCandidates(3).build().bits());
        for (int size : new int[] {12, -8, 4}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> JpegLayer.builder().optRegionSize(size));
            assertTrue(
                    e.getMessage().contains("multiple of 8") && e.getMessage().contains("got " + size), e.getMessage());
        }
        JpegLayer tooLarge = JpegLayer.builder().optRegionSize(40).build();
        IllegalArgumentException large = assertThrows(
                IllegalArgumentException.class,
                () -> tooLarge.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 48)));
        assertTrue(large.getMessage().contains("region size 40 is larger than the image (32×48)"), large.getMessage());
        IllegalArgumentException trainable = assertThrows(
                IllegalArgumentException.class,
                () -> JpegLayer.builder()
                        .optHardness(0.7)
                        .optTrainableAlpha(true)
                        .build());
        assertTrue(
                trainable.getMessage().contains("hardness matching")
                        && trainable.getMessage().contains("trainable"),
                trainable.getMessage());
    }

    @Test
    void compositeSeparatesLayerAndModelParameters() {
        JpegLayer layer = JpegLayer.builder().optRounds(2).build();
        Block classifier = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
        JpegDlModel model = JpegDlModel.of(layer, classifier);
        Shape shape = new Shape(2, 3, 8, 8);
        model.initialize(manager, DataType.FLOAT32, shape);
        assertEquals(4, model.jpegParameters().size());
        long modelParameters = model.getParameters().values().stream()
                .filter(p -> !model.isJpegParameter(p.getId()))
                .mapToLong(p -> p.getArray().size())
                .sum();
        assertEquals(192 * 5 + 5, modelParameters);
        assertArrayEquals(new long[] {2, 5}, model.getOutputShapes(new Shape[] {shape})[0].getShape());
        NDArray out = model.forward(
                        new ParameterStore(manager, false),
                        new NDList(manager.create(randomImage(384, 3), shape)),
                        false)
                .singletonOrThrow();
        assertEquals(new Shape(2, 5), out.getShape());
    }

    private static double meanAbsDiff(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }
}
