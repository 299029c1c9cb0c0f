package org.jpegdl.jpeg;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link JpegLayer}'s step tables and alphas at one moment, with those it started from: what the metrics, {@code
 * tables.json}, the codec and the reports read from a layer. Every table per region, [region][64] in natural order
 * (one region without spatial tables); chroma is null for a one-channel layer.
 *
 * @param channels 1 (luma only) or 3
 * @param regions the regions of spatial tables (null before the layer knows its image size)
 * @param init where the tables started
 * @param alpha how the quantiser's alpha is set
 * @param rounds one per quantiser round (none for the zero-DC ablation)
 */
public record TableSnapshot(
        int channels, SpatialRegions regions, TableInit init, AlphaPolicy alpha, List<Round> rounds) {

    /**
     * One round's tables.
     *
     * @param luma the luma table
     * @param chroma the chroma table (Cb and Cr), null for one channel
     */
    public record Round(Table luma, Table chroma) {}

    /**
     * One table of one round, per region.
     *
     * @param steps the steps now
     * @param initialSteps the steps it started from (clamped to the step range, as the parameter was initialised)
     * @param alpha the alpha the quantiser uses now
     * @param initialAlpha the alpha the quantiser started with
     */
    public record Table(float[][] steps, float[][] initialSteps, float[][] alpha, float[][] initialAlpha) {

        /** The element-wise largest step over the regions: what one JPEG table of the whole image would hold. */
        public float[] largestSteps() {
            return largest(steps);
        }

        /** The element-wise largest initial step over the regions. */
        public float[] largestInitialSteps() {
            return largest(initialSteps);
        }

        private static float[] largest(float[][] regions) {
            float[] out = regions[0].clone();
            for (float[] region : regions) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Math.max(out[i], region[i]);
                }
            }
            return out;
        }
    }

    /** The tables of an initialised layer's parameters now (luma and, for colour, chroma per round). */
    static TableSnapshot of(
            int channels,
            SpatialRegions regions,
            TableInit init,
            AlphaPolicy alpha,
            List<Parameter> lumaTables,
            List<Parameter> chromaTables) {
        int regionCount = regions == null ? 1 : regions.count();
        List<Round> rounds = new ArrayList<>();
        for (int r = 0; r < lumaTables.size(); r++) {
            Table luma = table(r, true, lumaTables.get(r), init, alpha, regionCount);
            Table chroma = channels == 3 ? table(r, false, chromaTables.get(r), init, alpha, regionCount) : null;
            rounds.add(new Round(luma, chroma));
        }
        return new TableSnapshot(channels, regions, init, alpha, List.copyOf(rounds));
    }

    private static Table table(
            int round, boolean luma, Parameter parameter, TableInit init, AlphaPolicy alpha, int regionCount) {
        float[][] steps = TableParameters.perRegion(parameter);
        float[][] initial = new float[regionCount][64];
        for (int g = 0; g < regionCount; g++) {
            float[] start = luma ? init.luma(round, g) : init.chroma(round, g);
            for (int i = 0; i < 64; i++) {
                initial[g][i] = Math.max(JpegLayer.MIN_STEP, Math.min(JpegLayer.MAX_STEP, start[i]));
            }
        }
        return new Table(steps, initial, alpha.values(round, luma, steps), alpha.initialValues(round, luma, initial));
    }

    /** Tables per round and channel: 1, or the number of regions of spatial tables. */
    public int regionCount() {
        return regions == null ? 1 : regions.count();
    }

    /**
     * The luma ({@code luma}) or chroma table of round r; throws for chroma of a one-channel layer.
     *
     * @param round the round
     * @param luma luma, or chroma
     * @return the table
     */
    public Table table(int round, boolean luma) {
        Round r = rounds.get(round);
        if (!luma && r.chroma() == null) {
            throw new IllegalStateException("a one-channel JPEG layer has no chroma tables");
        }
        return luma ? r.luma() : r.chroma();
    }

    /** Luma steps of round r, the element-wise largest over the regions (64 floats, natural order). */
    public float[] lumaSteps(int round) {
        return table(round, true).largestSteps();
    }

    /** Chroma steps of round r, as {@link #lumaSteps}; throws for a one-channel layer. */
    public float[] chromaSteps(int round) {
        return table(round, false).largestSteps();
    }

    /** Luma steps of round r per region: [region][64]. */
    public float[][] lumaStepsPerRegion(int round) {
        return table(round, true).steps();
    }

    /** Chroma steps of round r per region: [region][64]; throws for a one-channel layer. */
    public float[][] chromaStepsPerRegion(int round) {
        return table(round, false).steps();
    }

    /** The steps round r started from for luma ({@code luma}) or chroma, per region (clamped): [region][64]. */
    public float[][] initialStepsPerRegion(int round, boolean luma) {
        return table(round, luma).initialSteps();
    }

    /** The alpha the quantiser uses in round r for luma ({@code luma}) or chroma, per region: [region][64]. */
    public float[][] alphaPerRegion(int round, boolean luma) {
        return table(round, luma).alpha();
    }

    /** The alpha the quantiser started with in round r for luma ({@code luma}) or chroma, per region. */
    public float[][] initialAlphaPerRegion(int round, boolean luma) {
        return table(round, luma).initialAlpha();
    }
}
