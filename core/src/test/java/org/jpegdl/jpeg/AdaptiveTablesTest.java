package org.jpegdl.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tables adapted to each image by a {@link TablePredictor}: the global layer at the start, exact gradients after. */
class AdaptiveTablesTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static JpegLayerBuilder layer(Adaptation adaptation, int channels) {
        return JpegLayer.builder()
                .optChannels(channels)
                .optAlpha(0.5)
                .optTableInit(TableInit.quality(50))
                .optAdaptation(adaptation);
    }

    /** Fine random tables and a soft alpha: a smooth function of the steps, for finite differences. */
    private static JpegLayerBuilder smooth(Adaptation adaptation) {
        Random r = new Random(7);
        float[] luma = new float[64];
        float[] chroma = new float[64];
        for (int i = 0; i < 64; i++) {
            luma[i] = 3 + 9 * r.nextFloat();
            chroma[i] = 4 + 11 * r.nextFloat();
        }
        return JpegLayer.builder()
                .optAlpha(0.3)
                .optAdaptation(adaptation)
                .optTableInit(TableInit.explicit(new float[][] {luma}, new float[][] {chroma}));
    }

    private static Parameter parameter(JpegLayer layer, String suffix) {
        Parameter p = layer.predictor().getParameters().get((suffix.startsWith("hidden") ? "01" : "02") + suffix);
        if (p == null) {
            throw new AssertionError("no predictor parameter " + suffix + " in "
                    + layer.predictor().getParameters().keys());
        }
        return p;
    }

    /** Sets every entry of {@code p} to random values of scale {@code scale}. */
    private static void randomise(Parameter p, double scale, long seed) {
        Random r = new Random(seed);
        double[] v = new double[(int) p.getArray().getShape().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * r.nextGaussian();
        }
        if (p.getArray().getDataType() == DataType.FLOAT64) {
            p.getArray().set(v);
        } else {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            p.getArray().set(f);
        }
    }

    @Test
    void withEveryMultiplierAtOneTheLayerIsTheGlobalTableLayerExactly() {
        for (int channels : new int[] {1, 3}) {
            for (Adaptation a : new Adaptation[] {Adaptation.PER_IMAGE, Adaptation.PER_FREQUENCY}) {
                Shape shape = new Shape(5, channels, 20, 24);
                LayerPasses global =
                        new LayerPasses(layer(Adaptation.NONE, channels).build(), manager, shape, DataType.FLOAT32, 3);
                JpegLayer adaptive = layer(a, channels).build();
                LayerPasses adapted = new LayerPasses(adaptive, manager, shape, DataType.FLOAT32, 3);
                // the hidden layer is random, the output layer starts at zero: every multiplier is exactly 1
                randomise(parameter(adaptive, "hidden_weight"), 1, 9);
                NDArray m = adaptive.multipliers(new ParameterStore(manager, false), adapted.input());
                for (float v : m.toFloatArray()) {
                    assertEquals(1f, v, "multipliers start at exactly 1");
                }
                assertArrayEquals(global.output(), adapted.output(), channels + " channels, " + a.text());
                assertArrayEquals(global.backward(), adapted.backward(), "training pass, " + a.text());
                // the tables' gradient is the same sum in another order (per image, then over the images)
                double[] expected = LayerPasses.gradient(global.layer().lumaTable(0));
                double[] actual = LayerPasses.gradient(adaptive.lumaTable(0));
                for (int i = 0; i < 64; i++) {
                    assertEquals(
                            expected[i],
                            actual[i],
                            1e-5 * Math.max(1, Math.abs(expected[i])),
                            "table gradient " + i + ", " + a.text());
                }
            }
        }
    }

    @Test
    void gradientsThroughThePredictorMatchFiniteDifferencesInFloat64() {
        JpegLayer layer = smooth(Adaptation.PER_FREQUENCY).build();
        LayerPasses passes = new LayerPasses(layer, manager, new Shape(2, 3, 16, 16), DataType.FLOAT64, 5);
        randomise(parameter(layer, "output_weight"), 0.02, 11);
        randomise(parameter(layer, "output_bias"), 0.2, 12);
        NDArray m = layer.multipliers(new ParameterStore(manager, false), passes.input());
        double[] multipliers = m.toType(DataType.FLOAT64, false).toDoubleArray();
        assertTrue(Arrays.stream(multipliers).anyMatch(v -> Math.abs(v - 1) > 0.05), "multipliers away from 1");
        assertEquals(new Shape(2, 3, 1, 64), m.getShape());
        passes.backward();
        int checked = 0;
        for (String name : new String[] {"output_bias", "output_weight", "hidden_weight", "hidden_bias"}) {
            Parameter p = parameter(layer, name);
            double[] analytic = LayerPasses.gradient(p);
            for (int i : new int[] {0, 1, 7, 20, 31}) {
                double numeric = passes.finiteDifference(p, i, 1e-6);
                assertEquals(numeric, analytic[i], 1e-5 * Math.max(1, Math.abs(numeric)), name + "[" + i + "]");
                checked++;
            }
            assertTrue(Arrays.stream(analytic).anyMatch(g -> Math.abs(g) > 1e-6), name + " has a gradient");
        }
        assertEquals(20, checked);
        // the tables' gradient flows through the image's steps too
        double[] table = LayerPasses.gradient(layer.lumaTable(0));
        for (int i : new int[] {0, 9, 27}) {
            assertEquals(
                    passes.finiteDifference(layer.lumaTable(0), i, 1e-6),
                    table[i],
                    1e-5 * Math.max(1, Math.abs(table[i])),
                    "luma[" + i + "]");
        }
    }

    @Test
    void perImageAdaptationGivesEachImageOneBoundedMultiplier() {
        JpegLayer layer = layer(Adaptation.PER_IMAGE, 1).build();
        Shape shape = new Shape(3, 1, 16, 16);
        layer.initialize(manager, DataType.FLOAT32, shape);
        randomise(parameter(layer, "hidden_weight"), 0.1, 3);
        randomise(parameter(layer, "output_weight"), 0.5, 4);
        // a flat image, noise, and noise of a tenth the contrast: three different sets of DCT statistics
        float[] pixels = new float[(int) shape.size()];
        float[] noise = LayerPasses.randomPixels(256, 8);
        for (int i = 0; i < 256; i++) {
            pixels[i] = 128;
            pixels[256 + i] = noise[i];
            pixels[512 + i] = 128 + (noise[i] - 127.5f) / 10;
        }
        NDArray m = layer.multipliers(new ParameterStore(manager, false), manager.create(pixels, shape));
        assertEquals(new Shape(3, 1, 1, 1), m.getShape());
        float[] values = m.toFloatArray();
        for (float v : values) {
            assertTrue(v >= 1 / TablePredictor.MAX_FACTOR && v <= TablePredictor.MAX_FACTOR, "bounded: " + v);
        }
        assertTrue(
                values[0] != values[1] && values[1] != values[2] && values[0] != values[2],
                "each image its own multiplier: " + Arrays.toString(values));
    }

    @Test
    void theParameterCountIsPrintedAndTheGlobalLayerHasNoPredictor() {
        JpegLayer adaptive = layer(Adaptation.PER_FREQUENCY, 3).build();
        adaptive.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 16, 16));
        long count = adaptive.predictorParameters().stream()
                .mapToLong(p -> p.getArray().getShape().size())
                .sum();
        assertEquals(adaptive.predictor().parameterCount(), count);
        assertEquals(192 * 32 + 32 + 32 * 128 + 128, count);
        assertTrue(adaptive.toString().contains(count + " predictor parameters beside 128"), adaptive.toString());
        assertTrue(adaptive.trainableParameters().containsAll(adaptive.predictorParameters()));
        JpegLayer global = layer(Adaptation.NONE, 3).build();
        assertNull(global.predictor());
        assertTrue(global.predictorParameters().isEmpty());
        assertNull(global.multipliers(new ParameterStore(manager, false), manager.zeros(new Shape(1, 3, 8, 8))));
        assertThrows(IllegalArgumentException.class, () -> Adaptation.parse("per-pixel"));
    }
}
