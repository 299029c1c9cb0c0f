package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
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
            throw new IllegalArgumentException(
                    "candidates (" + candidates + ") exceed the " + ((1L << bits) - 1) + " indices of " + bits + " bits");
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
        return soft(x, q, window(x, alpha == null ? Scalars.like(x, -fixedAlpha) : alpha.neg(), alpha != null));
    }

    /**
     * The constants of {@link #soft(NDArray, NDArray, Window)} for inputs shaped like {@code like}: make them once
     * per round and share them between the slices of one forward pass (each costs a native call and a buffer).
     *
     * @param negativeAlpha −α, broadcastable to the inputs (a scalar array, or per frequency like the steps)
     * @param alphaTrainable whether a gradient flows to α (then the quantiser cannot scale in place)
     */
    public Window window(NDArray like, NDArray negativeAlpha, boolean alphaTrainable) {
        long[] windowShape = new long[like.getShape().dimension() + 1];
        Arrays.fill(windowShape, 1);
        windowShape[0] = candidates;
        NDManager m = like.getManager();
        DataType type = like.getDataType();
        // offsets −⌊c/2⌋ … c−1−⌊c/2⌋ from the rounded index; the window is a new leading axis (candidates, ...x's
        // shape): PyTorch's CPU softmax and sum over a short contiguous last axis are several times slower
        NDArray offsets = m.arange(-(candidates / 2), candidates - candidates / 2, 1, type)
                .reshape(new Shape(windowShape));
        return new Window(offsets, negativeAlpha, alphaTrainable);
    }

    /** Soft-quantises x with steps q, using constants from {@link #window}. Same values as the four-argument form. */
    public NDArray soft(NDArray x, NDArray q, Window window) {
        // the window starts at clamp(k − ⌊c/2⌋, lo, hi − c); on integers that is clamp(k, lo + ⌊c/2⌋, hi − c + ⌊c/2⌋)
        // − ⌊c/2⌋, and the −⌊c/2⌋ is already in the offsets: one full-size operation fewer, the same floats
        long half = candidates / 2;
        NDArray k = x.div(q).round().stopGradient();
        NDArray centre = k.clip(lowIndex() + half, highIndex() - candidates + half);
        NDArray levels = centre.expandDims(0).add(window.offsets).mul(q);
        // d·d rather than square(): the same floats both ways, but its backward is two products where pow's is
        // three full-size passes; a fixed −α scales in place (no saved tensor needs d², only d)
        NDArray d = levels.sub(x);
        NDArray distance = d.mul(d);
        NDArray logits = window.trainable ? distance.mul(window.negativeAlpha) : distance.muli(window.negativeAlpha);
        NDArray weights = logits.softmax(0);
        return weights.mul(levels).sum(new int[] {0});
    }

    /**
     * Where the index clamp decides: 1 for every coefficient of x whose window the clamp moved (soft: the window's
     * centre is not round(x/q); hard: the index is not round(x/q)), 0 elsewhere; no gradient.
     */
    public NDArray clampedWindows(NDArray x, NDArray q, boolean soft) {
        NDArray k = x.stopGradient().div(q.stopGradient()).round();
        long half = candidates / 2;
        NDArray clamped = soft ? k.clip(lowIndex() + half, highIndex() - candidates + half)
                : k.clip(lowIndex(), highIndex() - 1);
        return clamped.neq(k);
    }

    /** Per-forward constants of the soft quantiser: the window's index offsets and −α. */
    public static final class Window {
        private final NDArray offsets;
        private final NDArray negativeAlpha;
        private final boolean trainable;

        private Window(NDArray offsets, NDArray negativeAlpha, boolean trainable) {
            this.offsets = offsets;
            this.negativeAlpha = negativeAlpha;
            this.trainable = trainable;
        }
    }

    /** Hard quantisation round(x/q)·q, the index clamped to the allowed range; gradient reaches q only. */
    public NDArray hard(NDArray x, NDArray q) {
        NDArray k = x.div(q).round().stopGradient().clip(lowIndex(), highIndex() - 1);
        return k.mul(q);
    }
}
