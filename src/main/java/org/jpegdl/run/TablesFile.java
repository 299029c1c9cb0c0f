package org.jpegdl.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.QuantTables;
import org.jpegdl.jpeg.TableInit;

/**
 * A JPEG-DL run's {@code tables.json}: per round the initial step tables and those after the last finished epoch
 * (natural row-major 8×8 order); chroma only for colour input. Written after every epoch; read by the figures, the
 * report and the real JPEG codec.
 *
 * @param epoch the epoch the learned tables are from (0: before training)
 * @param order how the 64 entries are laid out
 * @param init the initialisation, as the layer describes it
 * @param channels 1 (luma only) or 3
 * @param rounds one per quantisation round
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TablesFile(int epoch, String order, String init, int channels, List<Round> rounds) {

    /** The layout every tables.json states. */
    public static final String ORDER = "natural row-major 8x8 (row = vertical frequency)";

    /** One round's tables; the chroma fields are null for grayscale. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Round(int round, float[] initialLuma, float[] luma, float[] initialChroma, float[] chroma) {}

    /** The tables of a layer now, with its initial tables. */
    public static TablesFile of(JpegLayer layer, int epoch) {
        List<Round> rounds = new ArrayList<>();
        boolean colour = layer.channels() == 3;
        for (int r = 0; r < layer.rounds(); r++) {
            rounds.add(new Round(r, initial(layer, r, true), layer.lumaSteps(r),
                    colour ? initial(layer, r, false) : null, colour ? layer.chromaSteps(r) : null));
        }
        return new TablesFile(epoch, ORDER, layer.tableInit().toString(), layer.channels(), rounds);
    }

    /**
     * The initial table of round r; with spatial tables started per region, the element-wise largest step over the
     * regions, as the layer reports its current steps.
     */
    private static float[] initial(JpegLayer layer, int round, boolean luma) {
        TableInit init = layer.tableInit();
        float[] out = null;
        for (int g = 0; g < init.regions(); g++) {
            float[] region = luma ? init.luma(round, g) : init.chroma(round, g);
            if (out == null) {
                out = region;
            } else {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Math.max(out[i], region[i]);
                }
            }
        }
        return out;
    }

    /** Reads and checks a run's tables.json: every table of 64 steps, chroma in every round or in none. */
    public static TablesFile read(RunDirectory run) throws IOException {
        TablesFile file = Json.read(run.tables(), TablesFile.class);
        if (file.rounds() == null || file.rounds().isEmpty()) {
            throw new IOException(run.tables() + ": no \"rounds\" with tables");
        }
        boolean chroma = file.rounds().get(0).chroma() != null;
        for (Round r : file.rounds()) {
            check(r.luma(), run, r.round(), "luma");
            check(r.initialLuma(), run, r.round(), "initialLuma");
            if (chroma != (r.chroma() != null)) {
                throw new IOException(run.tables() + ": round " + r.round() + " has "
                        + (chroma ? "no chroma table" : "a chroma table") + " unlike round 0");
            }
            if (chroma) {
                check(r.chroma(), run, r.round(), "chroma");
                check(r.initialChroma(), run, r.round(), "initialChroma");
            }
        }
        return file;
    }

    private static void check(float[] table, RunDirectory run, int round, String field) throws IOException {
        if (table == null || table.length != QuantTables.SIZE) {
            throw new IOException(run.tables() + ": round " + round + " " + field + ": expected 64 numbers, got "
                    + (table == null ? "none" : table.length));
        }
    }
}
