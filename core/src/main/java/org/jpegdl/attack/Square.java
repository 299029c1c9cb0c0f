package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * The Square attack (Andriushchenko, Croce, Flammarion and Hein, 2020), L∞, in pixel units: a score-based random
 * search that needs no gradient, only the network's logits, so gradient masking cannot stop it. It starts from
 * vertical stripes (every column of every channel moved by ±ε) and then, one query at a time, proposes to set a random
 * s×s square of the current best point to the clean image ± ε (one random sign per channel), clipped to [0,255]; the
 * proposal is kept when it lowers the margin z_y − max_{i≠y} z_i. The square's area shrinks on AutoAttack's schedule
 * (p = {@link #P_INIT} of the image, halved after 0.1%, 0.5%, 2%, 5%, 10%, 20%, 40%, 60% and 80% of the budget).
 * Every point is a vertex of the ε-ball cut to [0,255], so every point is in it.
 *
 * <p>Each image costs at most {@code queries} forward passes, the starting point included; an image stops as soon as
 * the network misclassifies it. Squares and signs are drawn per image from a seeded Java generator.
 */
public final class Square {

    /** The share of the image the first squares cover (AutoAttack's p_init for L∞). */
    public static final double P_INIT = 0.8;

    private final int queries;

    private Square(int queries) {
        if (queries < 1) {
            throw new IllegalArgumentException("the Square attack needs a budget of at least 1 query, got " + queries);
        }
        this.queries = queries;
    }

    /** Square with a budget of {@code queries} forward passes per image. */
    public static Square of(int queries) {
        return new Square(queries);
    }

    public int queries() {
        return queries;
    }

    /**
     * What an attack did.
     *
     * @param adversarial the best point of every image (the first misclassified one, where there is one), in the
     *     pixels' manager
     * @param queries forward passes spent on every image, at most the budget
     */
    public record Result(NDArray adversarial, int[] queries) {}

    /** The share p of the image a square covers at iteration {@code iteration} (0-based) of a budget. */
    static double squareShare(int iteration, int budget) {
        int at = (int) ((double) iteration / budget * 10000);
        int[] ends = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000};
        int halvings = 0;
        for (int end : ends) {
            if (at > end) {
                halvings++;
            }
        }
        return P_INIT / (1 << halvings);
    }

    /** {@link #attack(AttackTarget, NDArray, NDArray, double, long, Pgd.Listener)} without a listener. */
    public Result attack(AttackTarget target, NDArray pixels, NDArray labels, double epsPixels, long seed) {
        return attack(target, pixels, labels, epsPixels, seed, null);
    }

    /**
     * @param target the network queried (its logits only: the gradient it follows is never used)
     * @param pixels clean images (N, C, H, W) in [0,255]
     * @param labels float class indices (N)
     * @param epsPixels the L∞ budget in pixel levels
     * @param seed seed of the squares and signs
     * @param listener sees every queried batch (restart 0, step = the query number from 1), or null
     */
    public Result attack(
            AttackTarget target, NDArray pixels, NDArray labels, double epsPixels, long seed, Pgd.Listener listener) {
        Fgsm.checkEps(epsPixels);
        NDManager outer = pixels.getManager();
        Shape shape = pixels.getShape();
        int n = (int) shape.get(0);
        int c = (int) shape.get(1);
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        int d = c * h * w;
        float[] clean = pixels.toFloatArray();
        float[] labelValues = labels.toFloatArray();
        int[] spent = new int[n];
        if (n == 0 || epsPixels == 0) {
            return new Result(outer.create(clean, shape), spent);
        }
        float eps = (float) epsPixels;
        SplittableRandom random = new SplittableRandom(seed);
        float[] best = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int col = 0; col < w; col++) {
                    float sign = random.nextBoolean() ? eps : -eps;
                    for (int row = 0; row < h; row++) {
                        int p = i * d + (ch * h + row) * w + col;
                        best[p] = vertex(clean[p], sign);
                    }
                }
            }
        }
        boolean[] fooled = new boolean[n];
        float[] margin = new float[n];
        int[] all = Rows.where(fooled, false);
        query(target, outer, shape, best, clean, labelValues, all, 1, margin, fooled, listener, spent);
        float[] candidate = new float[d];
        for (int iteration = 0; iteration < queries - 1; iteration++) {
            int[] todo = Rows.where(fooled, false);
            if (todo.length == 0) {
                break;
            }
            double p = squareShare(iteration, queries);
            int side = (int) Math.max(Math.round(Math.sqrt(p * d / c)), 1);
            side = Math.min(side, Math.max(Math.min(h, w) - 1, 1));
            float[] proposals = new float[todo.length * d];
            for (int k = 0; k < todo.length; k++) {
                int i = todo[k];
                System.arraycopy(best, i * d, candidate, 0, d);
                int top = random.nextInt(h - side + 1);
                int left = random.nextInt(w - side + 1);
                // new signs until the square changes something (the reference resamples the same way)
                for (int attempt = 0; attempt < 10; attempt++) {
                    boolean changed = false;
                    for (int ch = 0; ch < c; ch++) {
                        float sign = random.nextBoolean() ? eps : -eps;
                        for (int row = top; row < top + side; row++) {
                            for (int col = left; col < left + side; col++) {
                                int q = (ch * h + row) * w + col;
                                float v = vertex(clean[i * d + q], sign);
                                changed |= v != best[i * d + q];
                                candidate[q] = v;
                            }
                        }
                    }
                    if (changed) {
                        break;
                    }
                }
                System.arraycopy(candidate, 0, proposals, k * d, d);
            }
            float[] proposalMargin = new float[todo.length];
            boolean[] proposalFooled = new boolean[todo.length];
            int[] rows = new int[todo.length];
            for (int k = 0; k < rows.length; k++) {
                rows[k] = k;
            }
            float[] proposalLabels = Rows.select(labelValues, 1, todo);
            float[] proposalClean = Rows.select(clean, d, todo);
            query(
                    target,
                    outer,
                    shape,
                    proposals,
                    proposalClean,
                    proposalLabels,
                    rows,
                    iteration + 2,
                    proposalMargin,
                    proposalFooled,
                    listener,
                    null);
            for (int k = 0; k < todo.length; k++) {
                int i = todo[k];
                spent[i]++;
                if (proposalFooled[k] || proposalMargin[k] < margin[i]) {
                    System.arraycopy(proposals, k * d, best, i * d, d);
                    margin[i] = proposalMargin[k];
                    fooled[i] = proposalFooled[k];
                }
            }
        }
        return new Result(outer.create(best, shape), spent);
    }

    /** The clean value moved by ±ε and clipped to [0,255]: a vertex of the ball cut to the pixel range. */
    private static float vertex(float clean, float signedEps) {
        return Math.max(0f, Math.min(Fgsm.MAX_PIXEL, clean + signedEps));
    }

    /**
     * The margins and predictions of the images {@code rows} of {@code points} (with their labels and clean images at
     * the same rows), one forward pass; counts a query for each when {@code spent} is given.
     */
    private static void query(
            AttackTarget target,
            NDManager outer,
            Shape shape,
            float[] points,
            float[] clean,
            float[] labels,
            int[] rows,
            int queryNumber,
            float[] margin,
            boolean[] fooled,
            Pgd.Listener listener,
            int[] spent) {
        int d = (int) (shape.size() / shape.get(0));
        try (NDManager scope = outer.newSubManager()) {
            NDArray x = scope.create(Rows.select(points, d, rows), Rows.shape(shape, rows.length));
            if (listener != null) {
                listener.iterate(0, queryNumber, x, scope.create(Rows.select(clean, d, rows), x.getShape()));
            }
            NDArray logits = target.logits(x);
            logits.attach(scope);
            int classes = (int) logits.getShape().get(1);
            float[] z =
                    logits.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            for (int k = 0; k < rows.length; k++) {
                int label = (int) labels[rows[k]];
                float other = Float.NEGATIVE_INFINITY;
                int top = 0;
                for (int j = 0; j < classes; j++) {
                    float v = z[k * classes + j];
                    if (j != label) {
                        other = Math.max(other, v);
                    }
                    if (v > z[k * classes + top]) {
                        top = j;
                    }
                }
                margin[rows[k]] = z[k * classes + label] - other;
                // as argMax decides: the first largest logit
                fooled[rows[k]] = top != label;
                if (spent != null) {
                    spent[rows[k]]++;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Square-" + queries;
    }
}
