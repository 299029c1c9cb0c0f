package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * α fixed for the whole training at its {@linkplain AlphaPolicy.Start starting values}: α_f = a_f (one value for every
 * frequency, or per-frequency tables), or α_f = a_f / q⁰_f with the initial steps q⁰ (alpha scaling). No gradient.
 */
public final class FixedAlpha extends AlphaPolicy {

    private final Start start;
    /** The values of a round's luma or chroma table for every region, (regions × 64), by (regions, round, luma). */
    private final Map<List<Integer>, float[]> cache = new ConcurrentHashMap<>();

    FixedAlpha(Start start) {
        this.start = start;
    }

    /** Where α is held. */
    public Start start() {
        return start;
    }

    @Override
    NDArray alpha(int round, NDArray steps, ParameterStore store, NDArray x, boolean training, TableLayout layout) {
        NDArray luma = table(x, round, true, layout.regionCount());
        return layout.perChannel(luma, layout.colour() ? table(x, round, false, layout.regionCount()) : null, x);
    }

    /** A round's luma or chroma α as an array on {@code x}'s manager, (regions, 8, 8) like the table. */
    private NDArray table(NDArray x, int round, boolean luma, int regions) {
        float[] all = cache.computeIfAbsent(List.of(regions, round, luma ? 1 : 0), key -> {
            float[] values = new float[regions * 64];
            for (int g = 0; g < regions; g++) {
                System.arraycopy(start.values(round, g, luma), 0, values, g * 64, 64);
            }
            return values;
        });
        return x.getManager()
                .create(all, regions == 1 ? new Shape(8, 8) : new Shape(regions, 8, 8))
                .toType(x.getDataType(), false);
    }

    @Override
    public float[][] values(int round, boolean luma, float[][] steps) {
        return start.perRegion(round, luma, steps.length);
    }

    @Override
    public float[][] initialValues(int round, boolean luma, float[][] initialSteps) {
        return start.perRegion(round, luma, initialSteps.length);
    }

    @Override
    public String toString() {
        return start.toString();
    }
}
