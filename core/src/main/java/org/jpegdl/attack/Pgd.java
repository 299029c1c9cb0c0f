package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Projected gradient descent (Madry et al., 2018), L∞, in pixel units: from a random start x₀ = clip(x + U(−ε, ε),
 * 0, 255), {@code steps} times x ← Π(x + α·sign(∇ₓ CE)) with α = 2.5·ε/steps, where Π clips to the ε-ball around the
 * clean image intersected with [0,255] (a box, so the projection is exact). With restarts, each later restart
 * attacks only the images no earlier restart has fooled; an image keeps the first adversarial that fools the network,
 * else the one of its last restart. Random starts come from a seeded Java generator, so a seed gives the same attack
 * on every machine.
 */
public final class Pgd {

    /** The step size is this factor times ε over the number of steps (Madry et al.'s rule). */
    public static final double STEP_FACTOR = 2.5;

    /** Sees every iterate of an attack (tests, logging). */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param restart restart index from 0
         * @param step 0 for the random start, then 1..steps
         * @param adversarial the iterate (N', C, H, W), N' the images this restart attacks
         * @param clean their clean images
         */
        void iterate(int restart, int step, NDArray adversarial, NDArray clean);
    }

    private final int steps;
    private final int restarts;
    private final boolean randomStart;

    private Pgd(int steps, int restarts, boolean randomStart) {
        if (steps < 1) {
            throw new IllegalArgumentException("PGD needs at least 1 step, got " + steps);
        }
        if (restarts < 1) {
            throw new IllegalArgumentException("PGD needs at least 1 start, got " + restarts);
        }
        this.steps = steps;
        this.restarts = restarts;
        this.randomStart = randomStart;
    }

    /** PGD with {@code steps} steps, random start, one start. */
    public static Pgd of(int steps) {
        return new Pgd(steps, 1, true);
    }

    /** The same attack with {@code restarts} random starts in all. */
    public Pgd withRestarts(int restarts) {
        return new Pgd(steps, restarts, randomStart);
    }

    /** The same attack starting from the clean image (restarts are then identical: use one). */
    public Pgd withoutRandomStart() {
        return new Pgd(steps, restarts, false);
    }

    public int steps() {
        return steps;
    }

    public int restarts() {
        return restarts;
    }

    public boolean randomStart() {
        return randomStart;
    }

    /** α = 2.5·ε/steps. */
    public double stepSize(double epsPixels) {
        return STEP_FACTOR * epsPixels / steps;
    }

    /** {@link #attack(AttackTarget, NDArray, NDArray, double, long, Listener)} without a listener. */
    public NDArray attack(AttackTarget target, NDArray pixels, NDArray labels, double epsPixels, long seed) {
        return attack(target, pixels, labels, epsPixels, seed, null);
    }

    /**
     * @param pixels clean images (N, C, H, W) in [0,255]
     * @param labels float class indices (N)
     * @param epsPixels the L∞ budget in pixel levels
     * @param seed seed of the random starts
     * @param listener sees every iterate, or null
     * @return adversarial images in the pixels' manager
     */
    public NDArray attack(
            AttackTarget target, NDArray pixels, NDArray labels, double epsPixels, long seed, Listener listener) {
        Fgsm.checkEps(epsPixels);
        NDManager outer = pixels.getManager();
        Shape shape = pixels.getShape();
        int n = (int) shape.get(0);
        int d = n == 0 ? 0 : (int) (shape.size() / n);
        float[] clean = pixels.toFloatArray();
        float[] labelValues = labels.toFloatArray();
        float[] best = clean.clone();
        boolean[] fooled = new boolean[n];
        for (int r = 0; r < restarts; r++) {
            int[] todo = Rows.where(fooled, false);
            if (todo.length == 0) {
                break;
            }
            try (NDManager scope = outer.newSubManager()) {
                NDArray x = scope.create(Rows.select(clean, d, todo), Rows.shape(shape, todo.length));
                NDArray y = scope.create(Rows.select(labelValues, 1, todo), new Shape(todo.length));
                NDArray adversarial =
                        run(target, x, y, epsPixels, new SplittableRandom(Rows.mix(seed, r)), r, listener);
                boolean[] correct = target.correct(adversarial, y);
                float[] values = adversarial.toFloatArray();
                // todo holds only images no earlier restart fooled: this restart's result replaces theirs
                for (int j = 0; j < todo.length; j++) {
                    System.arraycopy(values, j * d, best, todo[j] * d, d);
                    fooled[todo[j]] = !correct[j];
                }
            }
        }
        return outer.create(best, shape);
    }

    /** One restart on the images x (in their own manager). */
    private NDArray run(
            AttackTarget target,
            NDArray x,
            NDArray y,
            double eps,
            SplittableRandom random,
            int restart,
            Listener listener) {
        NDManager keep = x.getManager();
        NDArray lower = x.sub((float) eps).maximum(0f);
        NDArray upper = x.add((float) eps).minimum(Fgsm.MAX_PIXEL);
        NDArray adversarial;
        if (randomStart && eps > 0) {
            float[] noise = new float[(int) x.size()];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) random.nextDouble(-eps, eps);
            }
            adversarial = x.add(keep.create(noise, x.getShape())).clip(0f, Fgsm.MAX_PIXEL);
        } else {
            adversarial = x.duplicate();
        }
        if (listener != null) {
            listener.iterate(restart, 0, adversarial, x);
        }
        float alpha = (float) stepSize(eps);
        for (int step = 1; step <= steps; step++) {
            NDArray next;
            try (NDManager scope = keep.newSubManager()) {
                NDArray g = target.lossGradient(adversarial, y);
                g.attach(scope);
                NDArray moved = adversarial.add(g.sign().mul(alpha));
                moved.attach(scope);
                NDArray projected = moved.maximum(lower);
                next = projected.minimum(upper);
                next.attach(keep);
            }
            adversarial.close();
            adversarial = next;
            if (listener != null) {
                listener.iterate(restart, step, adversarial, x);
            }
        }
        return adversarial;
    }

    @Override
    public String toString() {
        return "PGD-" + steps + (restarts > 1 ? "×" + restarts : "") + (randomStart ? "" : " (no random start)");
    }
}
