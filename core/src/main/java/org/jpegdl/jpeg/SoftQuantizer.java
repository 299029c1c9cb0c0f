package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jpegdl.nd.Scalars;

/**
 * The differentiable soft quantiser of JPEG-DL. For a coefficient x and step q it takes k = round(x/q), a window of
 * {@code candidates} integer indices starting at s = clamp(k − ⌊candidates/2⌋, lo, hi − candidates), where
 * lo = −2^(bits−1)+1 and hi = 2^(bits−1), and returns Σᵢ softmaxᵢ(−α·(levelᵢ − x)²)·levelᵢ with levelᵢ = (s+i)·q.
 * The index is taken out of the graph; the levels carry the gradient to q, the distances carry it to x and α.
 * {@link #hard} is plain quantisation, round(x/q)·q with the index clamped to [lo, hi−1]: the limit of the soft
 * quantiser as α grows.
 */
public final class SoftQuantizer {

    private final int candidates;
    private final int bits;

    /**
     * @param candidates reconstruction levels in the window (at least 1)
     * @param bits index range: indices stay in [−2^(bits−1)+1, 2^(bits−1)−1]
     */
    public SoftQuantizer(int candidates, int bits) {
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be at least 1, got " + candidates);
        }
        if (bits < 2 || bits > 16) {
            throw new IllegalArgumentException("bits must be in 2..16 (the index range of the quantiser), got " + bits);
        }
        if (candidates > (1L << bits) - 1) {
            throw new IllegalArgumentException("candidates (" + candidates + ") exceed the " + ((1L << bits) - 1)
                    + " indices of " + bits + " bits");
        }
        this.candidates = candidates;
        this.bits = bits;
    }

    public int candidates() {
        return candidates;
    }

    public int bits() {
        return bits;
    }

    /** Smallest allowed index, −2^(bits−1)+1. */
    public long lowIndex() {
        return -(1L << (bits - 1)) + 1;
    }

    /** One past the largest allowed index, 2^(bits−1). */
    public long highIndex() {
        return 1L << (bits - 1);
    }

    /**
     * Soft-quantises x with steps q (broadcast against x) and hardness alpha (an array or a number).
     *
     * @param x coefficients, any shape
     * @param q steps, broadcastable to x
     * @param alpha hardness: an array broadcastable to x (trainable, or per frequency) or null to use
     *     {@code fixedAlpha}
     * @param fixedAlpha the hardness used when {@code alpha} is null
     */
    public NDArray soft(NDArray x, NDArray q, NDArray alpha, double fixedAlpha) {
        return soft(x, window(x, q, alpha == null ? Scalars.like(x, -fixedAlpha) : alpha.neg(), alpha != null));
    }

    /**
     * The constants of {@link #soft(NDArray, Window)} for inputs shaped like {@code like} and steps {@code q}. Make
     * them once per round and share them between the slices of one forward pass (each costs a native call and a
     * buffer).
     *
     * @param q the steps, broadcastable to the inputs
     * @param negativeAlpha −α, broadcastable to the inputs (a scalar array, or per frequency like the steps)
     * @param alphaTrainable whether a gradient flows to α: then the quantiser takes the expanded form of
     *     {@link #soft(NDArray, Window)}, whose gradient to α is the size of the steps
     */
    public Window window(NDArray like, NDArray q, NDArray negativeAlpha, boolean alphaTrainable) {
        long[] windowShape = new long[like.getShape().dimension() + 1];
        Arrays.fill(windowShape, 1);
        windowShape[0] = candidates;
        NDManager m = like.getManager();
        DataType type = like.getDataType();
        // offsets o = −⌊c/2⌋ … c−1−⌊c/2⌋ from the window's middle index; the window is a new leading axis
        // (candidates, ...x's shape): PyTorch's CPU softmax and sum over a short contiguous last axis are several
        // times slower
        NDArray offsets = m.arange(-(candidates / 2), candidates - candidates / 2, 1, type)
                .reshape(new Shape(windowShape));
        if (!alphaTrainable) {
            return new Window(q, offsets, negativeAlpha, null, null);
        }
        NDArray alphaStep = negativeAlpha.mul(q); // −α·q
        NDArray slope = offsets.add(offsets).mul(alphaStep);
        NDArray intercept = offsets.mul(offsets).mul(alphaStep.mul(q));
        return new Window(q, offsets, negativeAlpha, slope, intercept);
    }

    /**
     * Soft-quantises x with the steps and constants of {@link #window}; the same values as the four-argument form.
     *
     * <p>With a fixed α the reference's own order: levels (c + oᵢ)·q from the window's middle index c, distances
     * (levelᵢ − x)², logits −α·distance (scaled in place: no backward needs the distances), output Σᵢ wᵢ·levelᵢ;
     * it reproduces the reference's float32 rounding, which matters where later rounds make a gradient
     * ill-conditioned. With a trainable α that order would need a full-size product and reduction more in the
     * backward, for α's gradient alone, so the quantiser expands the square: with r = c·q − x the logits are
     * −α(r + oᵢq)² = −αr² + r·(−2αq·oᵢ) + (−αq²·oᵢ²), and the softmax ignores −αr² (the same for every
     * candidate): logits r·slopeᵢ + interceptᵢ, with slope and intercept the size of the steps and α's gradient
     * taken there; the output Σᵢ wᵢ(c + oᵢ)q is c·q + q·Σᵢ wᵢoᵢ (the weights sum to 1). The same mathematics in
     * another float32 order (fewer roundings of large values), checked against the golden vectors.
     */
    public NDArray soft(NDArray x, Window window) {
        return soft(x, window, null);
    }

    /**
     * {@link #soft(NDArray, Window)}, also handing {@code clampedSink} (when not null) where the index clamp moved
     * the window: 1 where the window's middle is not round(x/q), as {@link #clampedWindows}, from the indices the
     * quantiser computes anyway.
     */
    public NDArray soft(NDArray x, Window window, Consumer<NDArray> clampedSink) {
        // the window starts at clamp(k − ⌊c/2⌋, lo, hi − c); on integers that is clamp(k, lo + ⌊c/2⌋, hi − c + ⌊c/2⌋)
        // − ⌊c/2⌋, and the −⌊c/2⌋ is already in the offsets: one full-size operation fewer, the same floats
        long half = candidates / 2;
        NDArray q = window.steps;
        NDArray k = x.div(q).round().stopGradient();
        NDArray middle = k.clip(lowIndex() + half, highIndex() - candidates + half);
        if (clampedSink != null) {
            clampedSink.accept(middle.neq(k));
        }
        if (window.slope == null) {
            NDArray levels = middle.expandDims(0).add(window.offsets).mul(q);
            // d·d rather than square(): the same floats both ways, but its backward is two products where pow's is
            // three full-size passes; −α scales in place (no saved tensor needs d², only d)
            NDArray d = levels.sub(x);
            NDArray logits = d.mul(d).muli(window.negativeAlpha);
            return logits.softmax(0).mul(levels).sum(new int[] {0});
        }
        NDArray middleLevel = middle.mul(q);
        NDArray r = middleLevel.sub(x);
        // no backward needs the product itself, so the intercept is added in place
        NDArray logits = r.mul(window.slope).addi(window.intercept);
        NDArray offset = logits.softmax(0).mul(window.offsets).sum(new int[] {0});
        return middleLevel.add(offset.mul(q));
    }

    /**
     * Where the index clamp decides: 1 for every coefficient of x whose window the clamp moved (soft: the window's
     * centre is not round(x/q); hard: the index is not round(x/q)), 0 elsewhere; no gradient.
     */
    public NDArray clampedWindows(NDArray x, NDArray q, boolean soft) {
        NDArray k = x.stopGradient().div(q.stopGradient()).round();
        long half = candidates / 2;
        NDArray clamped =
                soft ? k.clip(lowIndex() + half, highIndex() - candidates + half) : k.clip(lowIndex(), highIndex() - 1);
        return clamped.neq(k);
    }

    /**
     * Per-round constants of the soft quantiser: the steps, the window's index offsets oᵢ and −α, and for a
     * trainable α the expanded form's slope −2αq·oᵢ and intercept −αq²·oᵢ² per candidate (shaped (candidates,
     * ...the steps' shape)), null otherwise.
     */
    public static final class Window {
        private final NDArray steps;
        private final NDArray offsets;
        private final NDArray negativeAlpha;
        private final NDArray slope;
        private final NDArray intercept;

        private Window(NDArray steps, NDArray offsets, NDArray negativeAlpha, NDArray slope, NDArray intercept) {
            this.steps = steps;
            this.offsets = offsets;
            this.negativeAlpha = negativeAlpha;
            this.slope = slope;
            this.intercept = intercept;
        }
    }

    /**
     * {@link #hard} with the rounding replaced by the identity: clamp(x/q, lo, hi−1)·q, a surrogate of the quantiser
     * for attacks. Its derivative in x is q/q = 1 inside the index range and 0 where the clamp holds x/q at an end.
     *
     * <p>It mirrors the index clamp [lo, hi−1], not the soft quantiser's clamp of the window's middle to
     * [lo+⌊c/2⌋, hi−c+⌊c/2⌋]: that second clamp only keeps the window of c levels inside the index range, and the
     * window still reaches the end levels lo and hi−1, so the soft output (a softmax-weighted mean of levels) keeps
     * following x up to lo·q and (hi−1)·q and saturates there, exactly where {@link #hard} does. A surrogate clamped
     * at the window's middle would zero the gradient over the last ⌊c/2⌋ levels at each end, where both quantisers
     * still move with x.
     */
    public NDArray clamped(NDArray x, NDArray q) {
        return x.div(q).clip(lowIndex(), highIndex() - 1).mul(q);
    }

    /** Hard quantisation round(x/q)·q, the index clamped to the allowed range; gradient reaches q only. */
    public NDArray hard(NDArray x, NDArray q) {
        NDArray k = x.div(q).round().stopGradient().clip(lowIndex(), highIndex() - 1);
        return k.mul(q);
    }
}
