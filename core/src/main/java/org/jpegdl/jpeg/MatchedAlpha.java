package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.jpegdl.nd.Scalars;

/**
 * Hardness matching (the reference's {@code hardness_matching}): before every pass α_f = H / q_f² from the current
 * steps q, kept in [{@link JpegLayer#MIN_ALPHA}, {@link Float#MAX_VALUE}], a constant of that pass (no gradient flows
 * through it). It follows the steps, per image for adaptive tables and per region for spatial ones.
 */
public final class MatchedAlpha extends AlphaPolicy {

    private final double hardness;

    MatchedAlpha(double hardness) {
        this.hardness = hardness;
    }

    /** The hardness H. */
    @Override
    public double hardness() {
        return hardness;
    }

    @Override
    NDArray alpha(int round, NDArray steps, ParameterStore store, NDArray x, boolean training, TableLayout layout) {
        NDArray q = steps.stopGradient();
        return Scalars.like(q, hardness).div(q.mul(q)).clip(JpegLayer.MIN_ALPHA, Float.MAX_VALUE);
    }

    @Override
    public float[][] values(int round, boolean luma, float[][] steps) {
        float[][] out = new float[steps.length][64];
        for (int g = 0; g < steps.length; g++) {
            for (int i = 0; i < 64; i++) {
                double q = steps[g][i];
                out[g][i] = (float) Math.max(JpegLayer.MIN_ALPHA, Math.min(Float.MAX_VALUE, hardness / (q * q)));
            }
        }
        return out;
    }

    @Override
    public float[][] initialValues(int round, boolean luma, float[][] initialSteps) {
        return values(round, luma, initialSteps);
    }

    @Override
    public String toString() {
        return "hardness matching H=" + hardness;
    }
}
