package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How often a {@link JpegLayer}'s index clamp moved a coefficient's window in training passes, per round and
 * frequency: luma from Y, chroma from Cb and Cr together, summed over every block (and region). Counting costs two
 * full-size passes per round, so it is off until {@link #setTracking(boolean)} turns it on; the training loop does per
 * epoch.
 */
public final class Saturation {
    private final Map<Integer, double[]> clamped = new TreeMap<>();
    private final Map<Integer, double[]> seen = new TreeMap<>();
    private volatile boolean tracking;

    /** Starts or stops counting. */
    public void setTracking(boolean on) {
        tracking = on;
    }

    /** Whether the layer counts now. */
    boolean tracking() {
        return tracking;
    }

    /** Forgets what was counted. */
    public synchronized void reset() {
        clamped.clear();
        seen.clear();
    }

    /** Adds round {@code round}'s clamp mask (N, C, blocks, 64): 1 where the clamp moved the window. */
    synchronized void add(int round, NDArray mask, int channels) {
        // mask (N, C, blocks, 64): sum over images and blocks → (C, 64)
        float[] perChannel =
                mask.toType(DataType.FLOAT32, false).sum(new int[] {0, 2}).toFloatArray();
        double samples = (double) mask.getShape().get(0) * mask.getShape().get(2);
        double[] c = clamped.computeIfAbsent(round, r -> new double[channels == 3 ? 128 : 64]);
        double[] n = seen.computeIfAbsent(round, r -> new double[channels == 3 ? 128 : 64]);
        for (int ch = 0; ch < channels; ch++) {
            int offset = ch == 0 ? 0 : 64;
            for (int i = 0; i < 64; i++) {
                c[offset + i] += perChannel[ch * 64 + i];
                n[offset + i] += samples;
            }
        }
    }

    /** The rounds counted so far. */
    public synchronized Set<Integer> rounds() {
        return Set.copyOf(clamped.keySet());
    }

    /** Fraction of luma coefficients per frequency whose window the clamp moved in round r (64 values). */
    public synchronized double[] luma(int round) {
        return fraction(round, 0);
    }

    /** The same for chroma (Cb and Cr together), or null for a one-channel layer. */
    public synchronized double[] chroma(int round) {
        return clamped.containsKey(round) && clamped.get(round).length == 128 ? fraction(round, 64) : null;
    }

    private double[] fraction(int round, int offset) {
        double[] out = new double[64];
        double[] c = clamped.get(round);
        double[] n = seen.get(round);
        if (c == null) {
            return out;
        }
        for (int i = 0; i < 64; i++) {
            out[i] = n[offset + i] == 0 ? 0 : c[offset + i] / n[offset + i];
        }
        return out;
    }
}
