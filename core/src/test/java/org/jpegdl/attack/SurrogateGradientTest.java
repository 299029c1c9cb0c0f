package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.TableInit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clamp-aware BPDA surrogate is the layer with its rounding replaced by the identity and nothing else: its pixel
 * gradient equals finite differences of that layer (the real soft layer on the forward pass), its derivative in a
 * coefficient is exactly 1 inside the index range and exactly 0 where the clamp holds the coefficient, and it agrees
 * with hard quantisation where the clamp decides. The low-alpha soft surrogate is the copy of the layer it claims to
 * be. A 5-bit index range (−15…15) with quality-50 steps clamps most DC coefficients and few others.
 */
class SurrogateGradientTest extends Fixtures.Scene {

    private static final int N = 3;
    private static final int SIZE = 16;

    @BeforeEach
    void build() {
        Random random = new Random(4);
        float[] images = new float[N * SIZE * SIZE];
        for (int i = 0; i < images.length; i++) {
            // bright or dark blocks: large DC coefficients, clamped at 5 bits
            images[i] = (i / 64 % 2 == 0 ? 200 : 30) + random.nextInt(40);
        }
        scene(
                JpegLayer.builder()
                        .optChannels(1)
                        .optBits(5)
                        .optTableInit(TableInit.quality(50))
                        .build(),
                1,
                SIZE,
                4,
                0.05,
                9,
                images,
                new float[] {0, 1, 2});
    }

    @Test
    void theClampAwareGradientIsTheFiniteDifferenceOfTheLayerWithoutRounding() {
        layer.setQuantization(JpegLayer.Quantization.SOFT);
        float[] bpda;
        try (AttackTarget t = AttackTarget.bpda(layer, classifier, JpegLayer.Quantization.CLAMPED)) {
            bpda = t.lossGradient(x, y).toFloatArray();
        }
        assertEquals(JpegLayer.Quantization.SOFT, layer.getQuantization(), "BPDA restores the layer's mode");
        float[] g = gradientAtRealOutput();
        // f(x) = Σ g·layer_clamped(x): BPDA's pixel gradient is ∇f, taken here by central differences
        layer.setQuantization(JpegLayer.Quantization.CLAMPED);
        double h = 0.05;
        Random random = new Random(7);
        double largest = 0;
        for (float v : bpda) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 0, "zero gradient: nothing tested");
        for (int k = 0; k < 60; k++) {
            int i = random.nextInt(pixels.length);
            double numeric = (f(i, h, g) - f(i, -h, g)) / (2 * h);
            assertEquals(numeric, bpda[i], 2e-3 * largest, "pixel " + i);
        }
    }

    /** Σ g·layer(x + δ·e_i) in double, the layer in its current quantisation. */
    private double f(int pixel, double delta, float[] g) {
        float[] moved = pixels.clone();
        moved[pixel] += (float) delta;
        float[] out = layer.forward(new ParameterStore(m, false), new NDList(m.create(moved, x.getShape())), false)
                .singletonOrThrow()
                .toFloatArray();
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            sum += (double) g[i] * out[i];
        }
        return sum;
    }

    /** The cross-entropy's gradient with respect to the real (soft) layer output. */
    private float[] gradientAtRealOutput() {
        layer.setQuantization(JpegLayer.Quantization.SOFT);
        return Fixtures.gradientAtLayerOutput(layer, classifier, x, y, m).toFloatArray();
    }

    @Test
    void theDerivativeInACoefficientIsOneInsideTheIndexRangeAndZeroWhereClamped() {
        layer.setQuantization(JpegLayer.Quantization.CLAMPED);
        ParameterStore store = new ParameterStore(m, false);
        NDArray c = layer.toCoefficients(x);
        c = c.stopGradient();
        c.setRequiresGradient(true);
        float[] w = new float[(int) c.size()];
        Random random = new Random(3);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        NDArray weights = m.create(w, c.getShape());
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(layer.quantize(store, c, false).mul(weights).sum());
        }
        float[] grad = c.getGradient().toFloatArray();
        float[] coefficients = c.toFloatArray();
        float[] q = layer.tables().lumaSteps(0);
        int clamped = 0;
        int inside = 0;
        for (int i = 0; i < coefficients.length; i++) {
            double index = coefficients[i] / q[i % 64];
            if (index < -15 || index > 15) {
                assertEquals(0f, grad[i], 0f, "clamped coefficient " + i + " (index " + index + ")");
                clamped++;
            } else if (index > -14.99 && index < 14.99) {
                assertEquals(w[i], grad[i], 1e-6 * Math.abs(w[i]), "coefficient " + i + " (index " + index + ")");
                inside++;
            }
        }
        assertTrue(clamped >= N * 4 && inside > coefficients.length / 2, clamped + " clamped, " + inside + " inside");
    }

    @Test
    void whereTheClampDecidesTheSurrogateIsTheHardQuantiserAndElseWithinHalfAStep() {
        ParameterStore store = new ParameterStore(m, false);
        NDArray c = layer.toCoefficients(x);
        layer.setQuantization(JpegLayer.Quantization.CLAMPED);
        float[] clampedOut = layer.quantize(store, c, false).toFloatArray();
        layer.setQuantization(JpegLayer.Quantization.HARD);
        float[] hard = layer.quantize(store, c, false).toFloatArray();
        float[] coefficients = c.toFloatArray();
        float[] q = layer.tables().lumaSteps(0);
        for (int i = 0; i < coefficients.length; i++) {
            float step = q[i % 64];
            double index = coefficients[i] / step;
            if (index < -15.5 || index > 15.5) {
                assertEquals(hard[i], clampedOut[i], 1e-4 * step, "coefficient " + i);
            } else {
                assertTrue(Math.abs(hard[i] - clampedOut[i]) <= step / 2 + 1e-3, "coefficient " + i);
            }
        }
    }

    @Test
    void theSoftSurrogateCopiesAColourLayerOfTwoRoundsWithSpatialTables() {
        JpegLayer spatial =
                JpegLayer.builder().optRounds(2).optRegionSize(8).optBits(6).build();
        spatial.initialize(m, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
        SequentialBlock colour = Fixtures.linear(3, SIZE, 4, 0.05, 2, m);
        float[] values = Fixtures.randomPixels(N * 3 * SIZE * SIZE, 5);
        NDArray rgb = m.create(values, new Shape(N, 3, SIZE, SIZE));
        ParameterStore store = new ParameterStore(m, false);
        try (NDManager copies = NDManager.newBaseManager()) {
            Bpda bpda = Bpda.soft(spatial, colour, Bpda.SOFT_HARDNESS, copies);
            assertArrayEquals(
                    JpegDlModel.of(spatial, colour)
                            .forward(store, new NDList(rgb), false)
                            .singletonOrThrow()
                            .toFloatArray(),
                    bpda.forward(store, new NDList(rgb), false)
                            .singletonOrThrow()
                            .toFloatArray(),
                    1e-4f);
        }
        float[] g;
        try (AttackTarget t = AttackTarget.bpdaSoft(spatial, colour, Bpda.SOFT_HARDNESS)) {
            g = t.lossGradient(rgb, m.create(new float[] {0, 1, 2})).toFloatArray();
        }
        double norm = 0;
        for (float v : g) {
            assertTrue(Float.isFinite(v));
            norm += v * v;
        }
        assertTrue(norm > 0, "zero gradient through the soft copy");
    }

    @Test
    void theSoftSurrogateIsTheLayersBackwardAtLowAlphaAndForwardsTheRealNetwork() {
        layer.setQuantization(JpegLayer.Quantization.SOFT);
        ParameterStore store = new ParameterStore(m, false);
        float[] real = JpegDlModel.of(layer, classifier)
                .forward(store, new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
        float[] soft;
        try (NDManager copies = NDManager.newBaseManager()) {
            Bpda bpda = Bpda.soft(layer, classifier, Bpda.SOFT_HARDNESS, copies);
            assertTrue(bpda.describe().contains("soft surrogate"), bpda.describe());
            float[] forwarded =
                    bpda.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            assertArrayEquals(real, forwarded, 1e-4f, "the forward pass is the real network");
        }
        try (AttackTarget t = AttackTarget.bpdaSoft(layer, classifier, Bpda.SOFT_HARDNESS)) {
            soft = t.lossGradient(x, y).toFloatArray();
        }
        float[] plain;
        try (AttackTarget t = AttackTarget.plain(JpegDlModel.of(layer, classifier))) {
            plain = t.lossGradient(x, y).toFloatArray();
        }
        // the vector-Jacobian product of a layer with the same tables and alpha = 1/q², at the real output's gradient
        float[] g = gradientAtRealOutput();
        JpegLayer copy = JpegLayer.builder()
                .optChannels(1)
                .optBits(5)
                .optHardness(Bpda.SOFT_HARDNESS)
                .optTableInit(TableInit.explicit(
                        new float[][] {layer.tables().lumaSteps(0)},
                        new float[][] {layer.tables().lumaSteps(0)}))
                .build();
        copy.initialize(m, DataType.FLOAT32, new Shape(1, 1, SIZE, SIZE));
        NDArray x2 = x.duplicate();
        x2.setRequiresGradient(true);
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            c.backward(copy.forward(store, new NDList(x2), false)
                    .singletonOrThrow()
                    .mul(m.create(g, x.getShape()))
                    .sum());
        }
        float[] expected = x2.getGradient().toFloatArray();
        float largest = 0;
        float difference = 0;
        for (int i = 0; i < soft.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i]));
            difference = Math.max(difference, Math.abs(soft[i] - plain[i]));
        }
        assertTrue(largest > 0, "zero gradient: nothing tested");
        assertArrayEquals(expected, soft, 1e-4f * largest);
        assertTrue(difference > 0.05 * largest, "the soft surrogate's gradient is the plain one: " + difference);
    }
}
