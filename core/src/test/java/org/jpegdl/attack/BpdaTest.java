package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.TableInit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BPDA changes the backward pass inside the quantiser only: with the quantiser off its gradient is the plain one,
 * with the soft quantiser it differs, and in every case it is the surrogate layer's vector-Jacobian product with the
 * classifier's gradient taken at the real layer output, while the forward values are the real network's.
 */
class BpdaTest extends Fixtures.Scene {

    private static final int N = 4;
    private static final int SIZE = 16;

    @BeforeEach
    void build() {
        // a coarse table makes the quantiser matter
        scene(
                JpegLayer.builder().optTableInit(TableInit.quality(10)).build(),
                3,
                SIZE,
                5,
                0.02,
                9,
                Fixtures.randomPixels(N * 3 * SIZE * SIZE, 4),
                new float[] {0, 1, 2, 3});
    }

    private float[] plainGradient() {
        try (AttackTarget t = AttackTarget.plain(JpegDlModel.of(layer, classifier))) {
            return t.lossGradient(x, y).toFloatArray();
        }
    }

    private float[] bpdaGradient(JpegLayer.Quantization surrogate) {
        try (AttackTarget t = AttackTarget.bpda(layer, classifier, surrogate)) {
            return t.lossGradient(x, y).toFloatArray();
        }
    }

    @Test
    void withTheQuantiserOffBpdaGivesThePlainGradient() {
        layer.setQuantization(JpegLayer.Quantization.OFF);
        float[] plain = plainGradient();
        float[] bpda = bpdaGradient(JpegLayer.Quantization.OFF);
        assertTrue(Fixtures.maxAbs(plain) > 0, "zero gradient: nothing tested");
        assertArrayEquals(plain, bpda, 1e-6f * Fixtures.maxAbs(plain));
    }

    @Test
    void withTheSoftQuantiserBpdaDiffersButForwardsTheRealNetwork() {
        layer.setQuantization(JpegLayer.Quantization.SOFT);
        float[] plain = plainGradient();
        float[] bpda = bpdaGradient(JpegLayer.Quantization.OFF);
        double difference = 0;
        for (int i = 0; i < plain.length; i++) {
            difference = Math.max(difference, Math.abs(plain[i] - bpda[i]));
        }
        assertTrue(difference > 0.05 * Fixtures.maxAbs(plain), "BPDA equals the plain gradient: " + difference);
        assertEquals(JpegLayer.Quantization.SOFT, layer.getQuantization(), "BPDA must restore the layer's mode");

        ParameterStore store = new ParameterStore(m, false);
        float[] real = JpegDlModel.of(layer, classifier)
                .forward(store, new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
        float[] forwarded = Bpda.of(layer, classifier, JpegLayer.Quantization.OFF)
                .forward(store, new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
        assertArrayEquals(real, forwarded, 1e-4f);
    }

    @Test
    void bpdaIsTheSurrogatesBackwardAppliedToTheGradientAtTheRealOutput() {
        layer.setQuantization(JpegLayer.Quantization.SOFT);
        float[] bpda = bpdaGradient(JpegLayer.Quantization.OFF);
        ParameterStore store = new ParameterStore(m, false);
        // g: the loss gradient with respect to the real (soft) layer output
        NDArray g = Fixtures.gradientAtLayerOutput(layer, classifier, x, y, m);
        // the vector-Jacobian product of the layer without quantisation: d Σ(layer_off(x)·g) / dx
        layer.setQuantization(JpegLayer.Quantization.OFF);
        NDArray x2 = x.duplicate();
        x2.setRequiresGradient(true);
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            c.backward(layer.forward(store, new NDList(x2), false)
                    .singletonOrThrow()
                    .mul(g)
                    .sum());
        }
        float[] expected = x2.getGradient().toFloatArray();
        assertArrayEquals(expected, bpda, 1e-4f * Fixtures.maxAbs(expected));
    }

    @Test
    void theHardSurrogateHasNoGradientInThePixels() {
        layer.setQuantization(JpegLayer.Quantization.SOFT);
        float[] hard = bpdaGradient(JpegLayer.Quantization.HARD);
        assertEquals(
                0, Fixtures.maxAbs(hard), 0, "round() is piecewise constant: the hard quantiser masks the gradient");
    }
}
