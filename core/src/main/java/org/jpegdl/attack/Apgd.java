package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Auto-PGD (Croce and Hein, 2020), L∞, in pixel units, as AutoAttack runs it with the cross-entropy (APGD-CE) or the
 * DLR loss (APGD-DLR): no step size to tune and momentum. Per image, from a random start in the ε-ball, each step is
 * z = Π(x + η·sign(∇ₓ loss)), x ← Π(x + a(z − x) + (1 − a)(x − x_prev)) with a = 0.75 (1 on the first step) and Π
 * the exact projection onto the ε-ball around the clean image intersected with [0,255]. The step size η starts at 2ε
 * and is halved at checkpoints when the loss rose in at most 75% of the steps since the last checkpoint, or when it
 * was not halved at the last checkpoint and the best loss has not improved since; a halving restarts the image from
 * its best point so far (highest loss). The first checkpoint comes after 22% of the steps, each interval is 3% of the
 * steps shorter than the last, and none is shorter than 6%.
 *
 * <p>An image keeps the first iterate the target classifies wrongly (and leaves the batch then: its attack is over,
 * the others' are unchanged, every image's state is its own); an image never fooled keeps its highest-loss point of
 * its last restart. With restarts, each later restart attacks only the images no earlier restart has fooled. Random
 * starts come from a seeded Java generator.
 */
public final class Apgd {

    /** Momentum weight of the new step (AutoAttack's 0.75). */
    public static final double MOMENTUM = 0.75;
    /** The step size is halved when the loss rose in at most this share of the steps since the last checkpoint. */
    public static final double OSCILLATION = 0.75;

    private final int steps;
    private final AttackLoss loss;
    private final int restarts;

    private Apgd(int steps, AttackLoss loss, int restarts) {
        if (steps < 1) {
            throw new IllegalArgumentException("APGD needs at least 1 step, got " + steps);
        }
        if (restarts < 1) {
            throw new IllegalArgumentException("APGD needs at least 1 start, got " + restarts);
        }
        if (loss == null) {
            throw new IllegalArgumentException("APGD needs a loss");
        }
        this.steps = steps;
        this.loss = loss;
        this.restarts = restarts;
    }

    /** APGD with {@code steps} steps on {@code loss}, one random start. */
    public static Apgd of(int steps, AttackLoss loss) {
        return new Apgd(steps, loss, 1);
    }

    /** The same attack with {@code restarts} random starts in all. */
    public Apgd withRestarts(int restarts) {
        return new Apgd(steps, loss, restarts);
    }

    public int steps() {
        return steps;
    }

    public AttackLoss loss() {
        return loss;
    }

    public int restarts() {
        return restarts;
    }

    /** The steps after which the step size is checked, 1-based (for 100 steps: 22, 41, 57, 70, 80, ...). */
    public List<Integer> checkpoints() {
        List<Integer> out = new ArrayList<>();
        int interval = firstInterval();
        int at = 0;
        while (at + interval <= steps) {
            at += interval;
            out.add(at);
            interval = Math.max(interval - intervalDecrease(), shortestInterval());
        }
        return out;
    }

    private int firstInterval() {
        return Math.max((int) (0.22 * steps), 1);
    }

    private int intervalDecrease() {
        return Math.max((int) (0.03 * steps), 1);
    }

    private int shortestInterval() {
        return Math.max((int) (0.06 * steps), 1);
    }

    /** {@link #attack(AttackTarget, NDArray, NDArray, double, long, Pgd.Listener)} without a listener. */
    public NDArray attack(AttackTarget target, NDArray pixels, NDArray labels, double epsPixels, long seed) {
        return attack(target, pixels, labels, epsPixels, seed, null);
    }

    /**
     * @param pixels clean images (N, C, H, W) in [0,255]
     * @param labels float class indices (N)
     * @param epsPixels the L∞ budget in pixel levels
     * @param seed seed of the random starts
     * @param listener sees every iterate (of the images still attacked), or null
     * @return adversarial images in the pixels' manager
     */
    public NDArray attack(
            AttackTarget target, NDArray pixels, NDArray labels, double epsPixels, long seed, Pgd.Listener listener) {
        Fgsm.checkEps(epsPixels);
        NDManager outer = pixels.getManager();
        Shape shape = pixels.getShape();
        int n = (int) shape.get(0);
        int d = n == 0 ? 0 : (int) (shape.size() / n);
        float[] clean = pixels.toFloatArray();
        float[] labelValues = labels.toFloatArray();
        float[] best = clean.clone();
        boolean[] fooled = new boolean[n];
        for (int r = 0; r < restarts && epsPixels > 0; r++) {
            int[] todo = Rows.where(fooled, false);
            if (todo.length == 0) {
                break;
            }
            Run run = new Run(
                    target,
                    outer,
                    shape,
                    d,
                    todo,
                    clean,
                    labelValues,
                    epsPixels,
                    new SplittableRandom(Rows.mix(seed, r)),
                    r,
                    listener);
            run.attack();
            for (int j = 0; j < todo.length; j++) {
                System.arraycopy(run.result[j], 0, best, todo[j] * d, d);
                fooled[todo[j]] = run.fooled[j];
            }
        }
        return outer.create(best, shape);
    }

    /** One start on a set of images: every array is per image, indexed as the images of {@code todo}. */
    private final class Run {
        private final AttackTarget target;
        private final NDManager manager;
        private final Shape shape;
        private final int d;
        private final int m;
        private final float[][] clean;
        private final float[] labels;
        private final float[][] lower;
        private final float[][] upper;
        private final float[][] x;
        private final float[][] previous;
        private final float[][] gradient;
        private final float[][] bestPoint;
        private final float[][] bestGradient;
        private final float[] bestLoss;
        private final float[] lastLoss;
        private final float[] stepSize;
        private final int[] rises;
        private final boolean[] reducedLastCheck;
        private final float[] bestLossLastCheck;
        private final float[][] result;
        private final boolean[] fooled;
        private final boolean[] active;
        private final int restart;
        private final Pgd.Listener listener;

        Run(
                AttackTarget target,
                NDManager manager,
                Shape shape,
                int d,
                int[] todo,
                float[] allClean,
                float[] allLabels,
                double eps,
                SplittableRandom random,
                int restart,
                Pgd.Listener listener) {
            this.target = target;
            this.shape = shape;
            this.d = d;
            this.m = todo.length;
            this.restart = restart;
            this.listener = listener;
            this.manager = manager;
            clean = new float[m][];
            labels = new float[m];
            lower = new float[m][d];
            upper = new float[m][d];
            x = new float[m][d];
            previous = new float[m][];
            gradient = new float[m][];
            bestPoint = new float[m][];
            bestGradient = new float[m][];
            bestLoss = new float[m];
            lastLoss = new float[m];
            stepSize = new float[m];
            rises = new int[m];
            reducedLastCheck = new boolean[m];
            bestLossLastCheck = new float[m];
            result = new float[m][];
            fooled = new boolean[m];
            active = new boolean[m];
            for (int j = 0; j < m; j++) {
                clean[j] = new float[d];
                System.arraycopy(allClean, todo[j] * d, clean[j], 0, d);
                labels[j] = allLabels[todo[j]];
                float largest = 0;
                float[] t = new float[d];
                for (int p = 0; p < d; p++) {
                    t[p] = (float) random.nextDouble(-1, 1);
                    largest = Math.max(largest, Math.abs(t[p]));
                }
                for (int p = 0; p < d; p++) {
                    float c = clean[j][p];
                    lower[j][p] = (float) Math.max(c - eps, 0);
                    upper[j][p] = (float) Math.min(c + eps, Fgsm.MAX_PIXEL);
                    // a random point of the ball, scaled so that its largest coordinate is ±ε (AutoAttack's start)
                    float start = (float) (c + eps * t[p] / (largest + 1e-12));
                    x[j][p] = clip(start, lower[j][p], upper[j][p]);
                }
                stepSize[j] = (float) (2 * eps);
                reducedLastCheck[j] = true;
                active[j] = true;
            }
        }

        void attack() {
            evaluate(0);
            for (int j = 0; j < m; j++) {
                if (active[j]) {
                    bestLoss[j] = lastLoss[j];
                    bestPoint[j] = x[j].clone();
                    bestGradient[j] = gradient[j];
                    bestLossLastCheck[j] = bestLoss[j];
                    previous[j] = x[j].clone();
                }
            }
            int interval = firstInterval();
            int sinceCheck = 0;
            for (int step = 1; step <= steps && anyActive(); step++) {
                float a = (float) (step == 1 ? 1 : MOMENTUM);
                for (int j = 0; j < m; j++) {
                    if (active[j]) {
                        move(j, a);
                    }
                }
                float[] before = lastLoss.clone();
                evaluate(step);
                for (int j = 0; j < m; j++) {
                    if (!active[j]) {
                        continue;
                    }
                    if (lastLoss[j] > before[j]) {
                        rises[j]++;
                    }
                    if (lastLoss[j] > bestLoss[j]) {
                        bestLoss[j] = lastLoss[j];
                        bestPoint[j] = x[j].clone();
                        bestGradient[j] = gradient[j];
                    }
                }
                sinceCheck++;
                if (sinceCheck == interval) {
                    for (int j = 0; j < m; j++) {
                        if (active[j]) {
                            checkpoint(j, interval);
                        }
                    }
                    sinceCheck = 0;
                    interval = Math.max(interval - intervalDecrease(), shortestInterval());
                }
            }
            for (int j = 0; j < m; j++) {
                if (!fooled[j]) {
                    result[j] = bestPoint[j];
                }
            }
        }

        /** The step size check at a checkpoint after {@code interval} steps. */
        private void checkpoint(int j, int interval) {
            boolean oscillating = rises[j] <= OSCILLATION * interval;
            boolean stalled = !reducedLastCheck[j] && bestLossLastCheck[j] >= bestLoss[j];
            boolean reduce = oscillating || stalled;
            reducedLastCheck[j] = reduce;
            bestLossLastCheck[j] = bestLoss[j];
            rises[j] = 0;
            if (reduce) {
                stepSize[j] /= 2;
                x[j] = bestPoint[j].clone();
                gradient[j] = bestGradient[j];
            }
        }

        /** The momentum step of image j, both points projected onto its ball. */
        private void move(int j, float a) {
            float[] now = x[j];
            float[] before = previous[j];
            float[] g = gradient[j];
            float[] next = new float[d];
            float eta = stepSize[j];
            for (int p = 0; p < d; p++) {
                float lo = lower[j][p];
                float hi = upper[j][p];
                float z = clip(now[p] + eta * Math.signum(g[p]), lo, hi);
                next[p] = clip(now[p] + a * (z - now[p]) + (1 - a) * (now[p] - before[p]), lo, hi);
            }
            previous[j] = now;
            x[j] = next;
        }

        /** Loss, prediction and gradient of every active image at its x; the fooled leave the batch. */
        private void evaluate(int step) {
            int[] rows = activeRows();
            if (rows.length == 0) {
                return;
            }
            float[] batch = new float[rows.length * d];
            float[] y = new float[rows.length];
            float[] cleanBatch = listener == null ? null : new float[rows.length * d];
            for (int k = 0; k < rows.length; k++) {
                System.arraycopy(x[rows[k]], 0, batch, k * d, d);
                y[k] = labels[rows[k]];
                if (cleanBatch != null) {
                    System.arraycopy(clean[rows[k]], 0, cleanBatch, k * d, d);
                }
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray xs = scope.create(batch, Rows.shape(shape, rows.length));
                NDArray ys = scope.create(y, new Shape(rows.length));
                if (listener != null) {
                    listener.iterate(restart, step, xs, scope.create(cleanBatch, xs.getShape()));
                }
                AttackTarget.Step s = target.step(xs, ys, loss);
                float[] g = s.gradient().toFloatArray();
                for (int k = 0; k < rows.length; k++) {
                    int j = rows[k];
                    gradient[j] = new float[d];
                    System.arraycopy(g, k * d, gradient[j], 0, d);
                    lastLoss[j] = s.losses()[k];
                    if (!s.correct()[k]) {
                        fooled[j] = true;
                        active[j] = false;
                        result[j] = x[j].clone();
                    }
                }
            }
        }

        private int[] activeRows() {
            return Rows.where(active, true);
        }

        private boolean anyActive() {
            for (boolean b : active) {
                if (b) {
                    return true;
                }
            }
            return false;
        }
    }

    private static float clip(float v, float lo, float hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    @Override
    public String toString() {
        return "APGD-" + loss.shortName() + "-" + steps + (restarts > 1 ? "×" + restarts : "");
    }
}
