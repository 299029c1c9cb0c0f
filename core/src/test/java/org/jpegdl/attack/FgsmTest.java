package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/**
 * FGSM against its closed form on a linear softmax classifier z = Wx + b with cross-entropy L = −log softmax(z)_y:
 * ∂L/∂x = Σ_k (p_k − [k = y]) w_k = Σ_{k≠y} p_k (w_k − w_y), so x' = clip(x + ε·sign(Σ_{k≠y} p_k (w_k − w_y)), 0, 255);
 * with two classes the sign is sign(w_y' − w_y) whatever the probabilities.
 */
class FgsmTest {

    private static final int SIZE = 4;
    private static final int D = SIZE * SIZE;

    @Test
    void twoClassLinearModelMovesEveryPixelTowardsTheOtherClassesWeights() {
        check(2, 8.0);
    }

    @Test
    void multiClassLinearModelMatchesTheProbabilityWeightedClosedForm() {
        check(5, 8.0);
        check(5, 1.0);
    }

    private static void check(int classes, double eps) {
        int n = 6;
        float[] pixels = Fixtures.randomPixels(n * D, classes * 31L);
        // pixels at the ends of the range, where the clip acts
        for (int i = 0; i < n; i++) {
            pixels[i * D] = 0;
            pixels[i * D + 1] = 255;
            pixels[i * D + 2] = 3;
            pixels[i * D + 3] = 253;
        }
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock model = Fixtures.linear(1, SIZE, classes, 0.01, 7, m);
            double[][] w = new double[classes][D];
            double[] b = new double[classes];
            for (Pair<String, Parameter> p : model.getParameters()) {
                float[] v = p.getValue().getArray().toFloatArray();
                if (p.getKey().endsWith("weight")) {
                    for (int k = 0; k < classes; k++) {
                        for (int j = 0; j < D; j++) {
                            w[k][j] = v[k * D + j];
                        }
                    }
                } else {
                    for (int k = 0; k < classes; k++) {
                        b[k] = v[k];
                    }
                }
            }
            NDArray x = m.create(pixels, new Shape(n, 1, SIZE, SIZE));
            NDArray y = m.create(labels);
            float[] adversarial;
            try (AttackTarget target = AttackTarget.plain(model)) {
                adversarial = Fgsm.attack(target, x, y, eps).toFloatArray();
            }
            int checked = 0;
            int clipped = 0;
            for (int i = 0; i < n; i++) {
                int label = (int) labels[i];
                double[] p = softmax(w, b, pixels, i * D);
                double[] gradient = new double[D];
                double largest = 0;
                for (int j = 0; j < D; j++) {
                    for (int k = 0; k < classes; k++) {
                        if (k != label) {
                            gradient[j] += (classes == 2 ? 1 : p[k]) * (w[k][j] - w[label][j]);
                        }
                    }
                    largest = Math.max(largest, Math.abs(gradient[j]));
                }
                for (int j = 0; j < D; j++) {
                    if (Math.abs(gradient[j]) < 1e-4 * largest) {
                        continue; // a sign float32 cannot settle
                    }
                    double expected = Math.max(0, Math.min(255, pixels[i * D + j] + eps * Math.signum(gradient[j])));
                    assertEquals(expected, adversarial[i * D + j], 1e-3, "image " + i + " pixel " + j);
                    checked++;
                    if (expected == 0 || expected == 255) {
                        clipped++;
                    }
                }
            }
            assertTrue(checked > n * D * 9 / 10, "checked " + checked);
            assertTrue(clipped > 0, "no pixel was clipped: the range check went untested");
        }
    }

    private static double[] softmax(double[][] w, double[] b, float[] pixels, int offset) {
        double[] z = new double[w.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < w.length; k++) {
            z[k] = b[k];
            for (int j = 0; j < D; j++) {
                z[k] += w[k][j] * pixels[offset + j];
            }
            max = Math.max(max, z[k]);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
        return z;
    }
}
