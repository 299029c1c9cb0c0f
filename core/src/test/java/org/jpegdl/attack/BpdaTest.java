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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BPDA changes the backward pass inside the quantiser only: with the quantiser off its gradient is the plain one,
 * with the soft quantiser it differs, and in every case it is the surrogate layer's vector-Jacobian product with the
 * classifier's gradient taken at the real layer output, while the forward values are the real network's.
 */
class BpdaTest {

    private static final int N = 4;
    private static final int SIZE = 16;

    private NDManager m;
    private JpegLayer layer;
    private SequentialBlock classifier;
    private NDArray x;
    private NDArray y;

    @BeforeEach
    void build() {
        m = NDManager.newBaseManager();
        // a coarse table makes the quantiser matter
        layer = JpegLayer.builder().optTableInit(TableInit.quality(10)).build();
        layer.initialize(m, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
        classifier = Fixtures.linear(3, SIZE, 5, 0.02, 9, m);
        Random random = new Random(4);
        float[] pixels = new float[N * 3 * SIZE * SIZE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        x = m.create(pixels, new Shape(N, 3, SIZE, SIZE));
        y = m.create(new float[] {0, 1, 2, 3});
    }

    @AfterEach
    void close() {
        m.close();
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
        assertTrue(maxAbs(plain) > 0, "zero gradient: nothing tested");
        assertArrayEquals(plain, bpda, 1e-6f * maxAbs(plain));
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
        assertTrue(difference > 0.05 * maxAbs(plain), "BPDA equals the plain gradient: " + difference);
        assertEquals(JpegLayer.Quantization.SOFT, layer.getQuantization(), "BPDA must restore the layer's mode");

        ParameterStore store = new ParameterStore(m, false);
        float[] real = JpegDlModel.of(layer, classifier).forward(store, new NDList(x), false).singletonOrThrow()
                .toFloatArray();
        float[] forwarded = Bpda.of(layer, classifier, JpegLayer.Quantization.OFF).forward(store, new NDList(x), false)
                .singletonOrThrow().toFloatArray();
        assertArrayEquals(real, forwarded, 1e-4f);
    }

    @Test
    void bpdaIsTheSurrogatesBackwardAppliedToTheGradientAtTheRealOutput() {
        layer.setQuantization(JpegLayer.Quantization.SOFT);
        float[] bpda = bpdaGradient(JpegLayer.Quantization.OFF);
        ParameterStore store = new ParameterStore(m, false);
        // g: the loss gradient with respect to the real (soft) layer output
        NDArray out = layer.forward(store, new NDList(x), false).singletonOrThrow().stopGradient();
        out.setRequiresGradient(true);
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray logits = classifier.forward(store, new NDList(out), false).singletonOrThrow();
            c.backward(AttackTarget.crossEntropySum(logits, y));
        }
        NDArray g = out.getGradient().duplicate();
        // the vector-Jacobian product of the layer without quantisation: d Σ(layer_off(x)·g) / dx
        layer.setQuantization(JpegLayer.Quantization.OFF);
        NDArray x2 = x.duplicate();
        x2.setRequiresGradient(true);
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            c.backward(layer.forward(store, new NDList(x2), false).singletonOrThrow().mul(g).sum());
        }
        float[] expected = x2.getGradient().toFloatArray();
        assertArrayEquals(expected, bpda, 1e-4f * maxAbs(expected));
    }

    @Test
    void theHardSurrogateHasNoGradientInThePixels() {
        layer.setQuantization(JpegLayer.Quantization.SOFT);
        float[] hard = bpdaGradient(JpegLayer.Quantization.HARD);
        assertEquals(0, maxAbs(hard), 0, "round() is piecewise constant: the hard quantiser masks the gradient");
    }

    private static float maxAbs(float[] v) {
        float max = 0;
        for (float f : v) {
            max = Math.max(max, Math.abs(f));
        }
        return max;
    }
}
