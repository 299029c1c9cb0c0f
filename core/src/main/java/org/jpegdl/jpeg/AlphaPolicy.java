package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.List;

/**
 * How a {@link JpegLayer} sets its soft quantiser's hardness α: 64 values per table (luma; chroma shared by Cb and Cr)
 * per round, and per region with spatial tables, as the reference holds it. One class per way, each with its formula
 * (after PyTorch's learnable fake-quantiser): {@link FixedAlpha}, {@link TrainableAlpha}, {@link MatchedAlpha}. Each
 * gives both the array the quantiser uses in a pass and the values written to files and reports, from one formula.
 */
public abstract sealed class AlphaPolicy permits FixedAlpha, TrainableAlpha, MatchedAlpha {

    AlphaPolicy() {}

    /**
     * α of round {@code round} for the quantiser, shaped like its steps ((1 or N, C, 1 or blocks, 64)), on
     * {@code x}'s manager.
     */
    abstract NDArray alpha(
            int round, NDArray steps, ParameterStore store, NDArray x, boolean training, TableLayout layout);

    /** The hardness H of hardness matching (α = H/q² before every pass), or 0 when α is not matched to the steps. */
    public double hardness() {
        return 0;
    }

    /** The parameters α adds to the layer in round r, luma then chroma; none unless α is trainable. */
    List<Parameter> parameters(int round) {
        return List.of();
    }

    /** Whether a gradient flows to α (the quantiser then takes the form whose gradient to α is cheap). */
    boolean trainable() {
        return false;
    }

    /**
     * The α the quantiser uses now in round {@code round} for luma ({@code luma}) or chroma, per region.
     *
     * @param round the round
     * @param luma luma, or chroma
     * @param steps the table's current steps per region, [region][64]
     * @return [region][64]
     */
    public abstract float[][] values(int round, boolean luma, float[][] steps);

    /**
     * The α the quantiser started with in round {@code round} for luma ({@code luma}) or chroma, per region.
     *
     * @param round the round
     * @param luma luma, or chroma
     * @param initialSteps the table's starting steps per region (clamped to the step range), [region][64]
     * @return [region][64]
     */
    public abstract float[][] initialValues(int round, boolean luma, float[][] initialSteps);

    /**
     * Where a fixed or trainable α starts: a_f = {@code alpha} at every frequency, or the per-frequency tables
     * {@code luma[round]} and {@code chroma[round]} (one pair serves every round); with {@code scaledByInitialSteps}
     * (the reference's {@code alpha_scaling}) α_f = a_f / q⁰_f, q⁰ the table's initial steps, kept in [{@link
     * JpegLayer#MIN_ALPHA}, {@link Float#MAX_VALUE}].
     *
     * @param alpha the value at every frequency when there are no tables
     * @param luma per-frequency luma values per round, or null
     * @param chroma per-frequency chroma values per round, or null
     * @param scaledByInitialSteps whether α is divided by the initial step of its frequency
     * @param init the tables' starting steps
     */
    public record Start(double alpha, float[][] luma, float[][] chroma, boolean scaledByInitialSteps, TableInit init) {

        /** The starting α of the luma ({@code luma}) or chroma table of round r in region g (64 values). */
        float[] values(int round, int region, boolean luma) {
            float[][] explicit = luma ? this.luma : chroma;
            float[] a = new float[64];
            if (explicit != null) {
                a = explicit[Math.min(round, explicit.length - 1)].clone();
            } else {
                Arrays.fill(a, (float) alpha);
            }
            if (scaledByInitialSteps) {
                float[] q = luma ? init.luma(round, region) : init.chroma(round, region);
                for (int i = 0; i < 64; i++) {
                    a[i] = (float) Math.max(JpegLayer.MIN_ALPHA, Math.min(Float.MAX_VALUE, a[i] / (double) q[i]));
                }
            }
            return a;
        }

        /** The starting α of every region: [region][64]. */
        float[][] perRegion(int round, boolean luma, int regions) {
            float[][] out = new float[regions][];
            for (int g = 0; g < regions; g++) {
                out[g] = values(round, g, luma);
            }
            return out;
        }

        @Override
        public String toString() {
            return (luma != null ? "alpha per frequency" : "alpha=" + alpha)
                    + (scaledByInitialSteps ? " / initial steps" : "");
        }
    }
}
