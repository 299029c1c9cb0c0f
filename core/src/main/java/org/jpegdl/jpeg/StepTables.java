package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A {@link JpegLayer}'s step-table parameters: per round one luma table and, for colour, one chroma table (Cb and Cr),
 * starting at the layer's initial tables clamped to [{@link JpegLayer#MIN_STEP}, {@link JpegLayer#MAX_STEP}], read
 * per channel and block for a pass, and put back into that range before it.
 */
final class StepTables {

    private final List<Parameter> luma = new ArrayList<>();
    private final List<Parameter> chroma = new ArrayList<>();

    StepTables(int rounds, int channels, TableInit init, IntSupplier regionCount) {
        for (int r = 0; r < rounds; r++) {
            int round = r;
            luma.add(TableParameters.create(
                    "luma" + r,
                    region -> init.luma(round, region),
                    JpegLayer.MIN_STEP,
                    JpegLayer.MAX_STEP,
                    regionCount));
            if (channels == 3) {
                chroma.add(TableParameters.create(
                        "chroma" + r,
                        region -> init.chroma(round, region),
                        JpegLayer.MIN_STEP,
                        JpegLayer.MAX_STEP,
                        regionCount));
            }
        }
    }

    /** The tables of round r, luma then chroma. */
    List<Parameter> ofRound(int round) {
        return chroma.isEmpty() ? List.of(luma.get(round)) : List.of(luma.get(round), chroma.get(round));
    }

    /** Every table, luma then chroma per round. */
    List<Parameter> all() {
        List<Parameter> out = new ArrayList<>();
        for (int r = 0; r < luma.size(); r++) {
            out.addAll(ofRound(r));
        }
        return Collections.unmodifiableList(out);
    }

    /** The luma tables, one per round. */
    List<Parameter> luma() {
        return Collections.unmodifiableList(luma);
    }

    /** The chroma tables, one per round (none for one channel). */
    List<Parameter> chroma() {
        return Collections.unmodifiableList(chroma);
    }

    /** The chroma table of round r; throws for a one-channel layer. */
    Parameter chroma(int round) {
        if (chroma.isEmpty()) {
            throw new IllegalStateException("a one-channel JPEG layer has no chroma tables");
        }
        return chroma.get(round);
    }

    /** Round r's steps per channel and block on {@code x}'s manager, (1, C, 1 or blocks, 64). */
    NDArray perChannel(int round, ParameterStore store, NDArray x, boolean training, TableLayout layout) {
        NDArray lum = store.getValue(luma.get(round), x.getDevice(), training);
        NDArray chrom = chroma.isEmpty() ? null : store.getValue(chroma.get(round), x.getDevice(), training);
        return layout.perChannel(lum, chrom, x);
    }

    /** Every table back into the step range, without autograd; nothing written when they are inside it. */
    void clamp() {
        for (Parameter p : all()) {
            TableParameters.clampIfOutside(p, JpegLayer.MIN_STEP, JpegLayer.MAX_STEP);
        }
    }
}
