package org.jpegdl.attack;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An undefended linear classifier z = Wx + b on grey images, with clean images whose smallest sufficient L∞
 * perturbation is known in closed form: towards class k the margin z_y − z_k falls by at most ε·‖w_y − w_k‖₁, reached
 * at the vertex x − ε·sign(w_y − w_k) of the ε-ball, so ε*_i = min_k (z_y − z_k)/‖w_y − w_k‖₁ suffices for image i
 * and nothing smaller does (the images lie far enough inside [0,255] that the vertex is never clipped).
 */
final class LinearModels {

    final SequentialBlock model;
    final int classes;
    final int size;
    final float[] pixels;
    final float[] labels;
    /** ε*_i per image. */
    final double[] smallestEps;

    private LinearModels(
            SequentialBlock model, int classes, int size, float[] pixels, float[] labels, double[] smallestEps) {
        this.model = model;
        this.classes = classes;
        this.size = size;
        this.pixels = pixels;
        this.labels = labels;
        this.smallestEps = smallestEps;
    }

    /**
     * {@code images} images of {@code size}×{@code size} pixels in [64, 192], labelled with the model's own
     * prediction, each with ε* in [minEps, maxEps].
     */
    static LinearModels of(
            int classes, int size, int images, double minEps, double maxEps, long seed, NDManager manager) {
        int d = size * size;
        SequentialBlock model = Fixtures.linear(1, size, classes, 0.01, seed, manager);
        double[][] w = new double[classes][d];
        double[] b = new double[classes];
        for (Pair<String, Parameter> p : model.getParameters()) {
            float[] v = p.getValue().getArray().toFloatArray();
            for (int k = 0; k < classes; k++) {
                if (p.getKey().endsWith("weight")) {
                    for (int j = 0; j < d; j++) {
                        w[k][j] = v[k * d + j];
                    }
                } else {
                    b[k] = v[k];
                }
            }
        }
        Random random = new Random(seed + 1);
        List<float[]> kept = new ArrayList<>();
        List<Integer> keptLabels = new ArrayList<>();
        List<Double> keptEps = new ArrayList<>();
        for (int tries = 0; kept.size() < images && tries < 100_000; tries++) {
            float[] x = new float[d];
            for (int j = 0; j < d; j++) {
                x[j] = 64 + random.nextInt(129);
            }
            double[] z = new double[classes];
            int y = 0;
            for (int k = 0; k < classes; k++) {
                z[k] = b[k];
                for (int j = 0; j < d; j++) {
                    z[k] += w[k][j] * x[j];
                }
                if (z[k] > z[y]) {
                    y = k;
                }
            }
            double eps = Double.POSITIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                if (k == y) {
                    continue;
                }
                double l1 = 0;
                for (int j = 0; j < d; j++) {
                    l1 += Math.abs(w[y][j] - w[k][j]);
                }
                eps = Math.min(eps, (z[y] - z[k]) / l1);
            }
            if (eps >= minEps && eps <= maxEps) {
                kept.add(x);
                keptLabels.add(y);
                keptEps.add(eps);
            }
        }
        if (kept.size() < images) {
            throw new IllegalStateException("found only " + kept.size() + " images with eps* in range");
        }
        float[] pixels = new float[images * d];
        float[] labels = new float[images];
        double[] smallest = new double[images];
        for (int i = 0; i < images; i++) {
            System.arraycopy(kept.get(i), 0, pixels, i * d, d);
            labels[i] = keptLabels.get(i);
            smallest[i] = keptEps.get(i);
        }
        return new LinearModels(model, classes, size, pixels, labels, smallest);
    }

    double largestEps() {
        double max = 0;
        for (double e : smallestEps) {
            max = Math.max(max, e);
        }
        return max;
    }

    double smallestEps() {
        double min = Double.POSITIVE_INFINITY;
        for (double e : smallestEps) {
            min = Math.min(min, e);
        }
        return min;
    }
}
