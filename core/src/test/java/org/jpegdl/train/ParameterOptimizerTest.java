package org.jpegdl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

/** The optimisers against their closed-form update rules, and their saved state. */
class ParameterOptimizerTest {

    /** Sets the gradient of w to g by back-propagating sum(w·g). */
    private static void setGradient(NDArray w, float[] g) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.mul(w.getManager().create(g)).sum());
        }
    }

    @Test
    void sgdWithMomentumAndWeightDecayFollowsTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, -2f});
            w.setRequiresGradient(true);
            ParameterOptimizer sgd = new ParameterOptimizer.Sgd(m, 0.9, 0.1);
            double[] wRef = {1, -2};
            double[] buf = {0, 0};
            float[][] grads = {{0.5f, 1f}, {-1f, 2f}, {0.25f, 0f}};
            for (float[] g : grads) {
                setGradient(w, g);
                sgd.step("w", w, 0.1);
                for (int i = 0; i < 2; i++) {
                    double d = g[i] + 0.1 * wRef[i];
                    buf[i] = 0.9 * buf[i] + d;
                    wRef[i] -= 0.1 * buf[i];
                }
                assertArrayEquals(new float[] {(float) wRef[0], (float) wRef[1]}, w.toFloatArray(), 1e-6f);
                assertArrayEquals(new float[] {0, 0}, w.getGradient().toFloatArray(), "gradient zeroed after a step");
            }
        }
    }

    @Test
    void adamFollowsTorchAndResumesExactly() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {3f});
            w.setRequiresGradient(true);
            ParameterOptimizer adam = new ParameterOptimizer.Adam(m, 0);
            double wRef = 3;
            double mom = 0;
            double vel = 0;
            float[] grads = {2f, -1f, 0.5f, 4f};
            NDArray copy = null;
            ParameterOptimizer restored = null;
            for (int t = 1; t <= grads.length; t++) {
                float g = grads[t - 1];
                setGradient(w, new float[] {g});
                adam.step("w", w, 0.01);
                mom = 0.9 * mom + 0.1 * g;
                vel = 0.999 * vel + 0.001 * g * g;
                double mhat = mom / (1 - Math.pow(0.9, t));
                double vhat = vel / (1 - Math.pow(0.999, t));
                wRef -= 0.01 * mhat / (Math.sqrt(vhat) + 1e-8);
                assertEquals(wRef, w.getFloat(0), 1e-6);
                if (t == 2) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    adam.save(new DataOutputStream(bytes));
                    restored = new ParameterOptimizer.Adam(m, 0);
                    restored.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                    copy = w.duplicate();
                    copy.setRequiresGradient(true);
                }
            }
            // the restored optimiser continues exactly as the original did
            for (int t = 3; t <= grads.length; t++) {
                setGradient(copy, new float[] {grads[t - 1]});
                restored.step("w", copy, 0.01);
            }
            assertEquals(w.getFloat(0), copy.getFloat(0), 0f);
        }
    }

    @Test
    void lsqSgdScalesEachEntryAndKeepsItsScaleAcrossSteps() {
        // the scale is made at the first step and reused: it must outlive that step's scope
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {10f, 20f});
            w.setRequiresGradient(true);
            double[] n = {16, 64};
            ParameterOptimizer lsq = new ParameterOptimizer.LsqSgd(m, 0.9, 127, key -> n);
            double[] wRef = {10, 20};
            double[] buf = {0, 0};
            float[][] grads = {{1f, -2f}, {0.5f, 4f}, {-3f, 1f}};
            for (float[] g : grads) {
                setGradient(w, g);
                lsq.step("w", w, 0.1);
                for (int i = 0; i < 2; i++) {
                    buf[i] = 0.9 * buf[i] + g[i] / Math.sqrt(n[i] * 127);
                    wRef[i] -= 0.1 * buf[i];
                }
                assertArrayEquals(new float[] {(float) wRef[0], (float) wRef[1]}, w.toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void lsqScaleIsOneOverRootOfValuesTimesLargestIndex() {
        assertEquals(1 / Math.sqrt(16 * 127.0), ParameterOptimizer.LsqSgd.scale(16, 127), 1e-15);
    }
}
