package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * α as parameters trained with the tables: α_f starts at its {@linkplain AlphaPolicy.Start starting value} (a_f, or
 * a_f / q⁰_f with alpha scaling) and then follows its gradient, kept at least {@link JpegLayer#MIN_ALPHA}. One
 * parameter per table and round, table-shaped (per region with spatial tables).
 */
public final class TrainableAlpha extends AlphaPolicy {

    private final Start start;
    private final List<Parameter> luma = new ArrayList<>();
    private final List<Parameter> chroma = new ArrayList<>();

    TrainableAlpha(Start start, int rounds, int channels, IntSupplier regionCount) {
        this.start = start;
        for (int r = 0; r < rounds; r++) {
            int round = r;
            luma.add(TableParameters.create(
                    "alphaLuma" + r,
                    region -> start.values(round, region, true),
                    JpegLayer.MIN_ALPHA,
                    Float.MAX_VALUE,
                    regionCount));
            if (channels == 3) {
                chroma.add(TableParameters.create(
                        "alphaChroma" + r,
                        region -> start.values(round, region, false),
                        JpegLayer.MIN_ALPHA,
                        Float.MAX_VALUE,
                        regionCount));
            }
        }
    }

    /** Where α starts. */
    public Start start() {
        return start;
    }

    /**
     * The luma α parameter of round r.
     *
     * @param round the round
     * @return the parameter
     */
    public Parameter luma(int round) {
        return luma.get(round);
    }

    /**
     * The chroma α parameter of round r; throws for a one-channel layer.
     *
     * @param round the round
     * @return the parameter
     */
    public Parameter chroma(int round) {
        if (chroma.isEmpty()) {
            throw new IllegalStateException("a one-channel JPEG layer has no chroma alpha parameters");
        }
        return chroma.get(round);
    }

    @Override
    List<Parameter> parameters(int round) {
        return chroma.isEmpty() ? List.of(luma.get(round)) : List.of(luma.get(round), chroma.get(round));
    }

    @Override
    boolean trainable() {
        return true;
    }

    @Override
    NDArray alpha(int round, NDArray steps, ParameterStore store, NDArray x, boolean training, TableLayout layout) {
        NDArray lum = store.getValue(luma.get(round), x.getDevice(), training);
        NDArray chrom = chroma.isEmpty() ? null : store.getValue(chroma.get(round), x.getDevice(), training);
        return layout.perChannel(lum, chrom, x);
    }

    @Override
    public float[][] values(int round, boolean luma, float[][] steps) {
        return TableParameters.perRegion(luma ? luma(round) : chroma(round));
    }

    @Override
    public float[][] initialValues(int round, boolean luma, float[][] initialSteps) {
        float[][] out = start.perRegion(round, luma, initialSteps.length);
        for (float[] region : out) {
            for (int i = 0; i < 64; i++) {
                // a trainable alpha starts clamped, as its parameter is initialised
                region[i] = Math.max(JpegLayer.MIN_ALPHA, region[i]);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return start + " trainable";
    }
}
