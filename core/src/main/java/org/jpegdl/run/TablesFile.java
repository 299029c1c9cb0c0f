package org.jpegdl.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.jpeg.AlphaPolicy;
import org.jpegdl.jpeg.FixedAlpha;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.MatchedAlpha;
import org.jpegdl.jpeg.QuantTables;
import org.jpegdl.jpeg.SpatialRegions;
import org.jpegdl.jpeg.TableSnapshot;
import org.jpegdl.jpeg.TrainableAlpha;

/**
 * A JPEG-DL run's {@code tables.json}: per round the initial step tables and those after the last finished epoch
 * (natural row-major 8×8 order); chroma only for colour input. With spatial tables (one table pair per region) the
 * round's {@code luma} and {@code chroma} are the element-wise largest steps over the regions, what one JPEG table of
 * the whole image would hold, and {@code regions} holds each region's own. Written after every epoch; read by the
 * figures, the report and the real JPEG codec. A layer without tables (the zero-DC ablation) has no tables.json.
 *
 * @param epoch the epoch the learned tables are from (0: before training)
 * @param order how the 64 entries are laid out
 * @param init the initialisation, as the layer describes it
 * @param channels 1 (luma only) or 3
 * @param rounds one per quantisation round
 * @param alpha how the soft quantiser's alpha is set (absent in files written before alpha was recorded)
 * @param regionLayout the regions of spatial tables (absent for one table pair for the whole image)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TablesFile(
        int epoch,
        String order,
        String init,
        int channels,
        List<Round> rounds,
        Alpha alpha,
        RegionLayout regionLayout) {

    /** The layout every tables.json states. */
    public static final String ORDER = "natural row-major 8x8 (row = vertical frequency)";

    /**
     * How the soft quantiser's alpha is set.
     *
     * @param kind {@link #FIXED}, {@link #TRAINABLE} or {@link #MATCHED}
     * @param scaledByInitialSteps whether alpha started divided by the initial step of its frequency
     * @param hardness H of hardness matching (alpha = H/q² before every pass); absent otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Alpha(String kind, boolean scaledByInitialSteps, Double hardness) {

        /** Alpha stays at its starting values. */
        public static final String FIXED = "fixed";
        /** Alpha is a parameter trained with the tables. */
        public static final String TRAINABLE = "trainable";
        /** Alpha is set to H/q² from the current steps before every pass. */
        public static final String MATCHED = "hardness matching";

        /** How {@code policy} sets a layer's alpha. */
        static Alpha of(AlphaPolicy policy) {
            if (policy instanceof MatchedAlpha matched) {
                return new Alpha(MATCHED, false, matched.hardness());
            }
            if (policy instanceof TrainableAlpha trainable) {
                return new Alpha(TRAINABLE, trainable.start().scaledByInitialSteps(), null);
            }
            return new Alpha(FIXED, ((FixedAlpha) policy).start().scaledByInitialSteps(), null);
        }
    }

    /**
     * Where the regions of spatial tables sit: {@code rows} × {@code columns} squares of {@code size} pixels, numbered
     * row by row.
     *
     * @param size side of a region in pixels
     * @param rows regions down the image
     * @param columns regions across the image
     */
    public record RegionLayout(int size, int rows, int columns) {

        /** Number of regions. */
        public int count() {
            return rows * columns;
        }
    }

    /**
     * One round's tables; the chroma fields are null for grayscale. The alpha fields (the alpha the quantiser started
     * with and the one it uses after the epoch, 64 per table) are absent in older files and, with spatial tables,
     * held per region only.
     *
     * @param round 0-based round
     * @param initialLuma luma steps at the start
     * @param luma luma steps after the epoch
     * @param initialChroma chroma steps at the start
     * @param chroma chroma steps after the epoch
     * @param initialAlphaLuma luma alpha at the start
     * @param alphaLuma luma alpha after the epoch
     * @param initialAlphaChroma chroma alpha at the start
     * @param alphaChroma chroma alpha after the epoch
     * @param regions the tables of every region, row by row (spatial tables only)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Round(
            int round,
            float[] initialLuma,
            float[] luma,
            float[] initialChroma,
            float[] chroma,
            float[] initialAlphaLuma,
            float[] alphaLuma,
            float[] initialAlphaChroma,
            float[] alphaChroma,
            List<Region> regions) {}

    /**
     * The tables of one region of spatial tables, fields as in {@link Round}.
     *
     * @param region 0-based, row by row
     * @param row the region's row
     * @param column the region's column
     * @param initialLuma luma steps at the start
     * @param luma luma steps after the epoch
     * @param initialChroma chroma steps at the start
     * @param chroma chroma steps after the epoch
     * @param initialAlphaLuma luma alpha at the start
     * @param alphaLuma luma alpha after the epoch
     * @param initialAlphaChroma chroma alpha at the start
     * @param alphaChroma chroma alpha after the epoch
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Region(
            int region,
            int row,
            int column,
            float[] initialLuma,
            float[] luma,
            float[] initialChroma,
            float[] chroma,
            float[] initialAlphaLuma,
            float[] alphaLuma,
            float[] initialAlphaChroma,
            float[] alphaChroma) {}

    /** The tables and alphas of an initialised layer now, with those it started from. */
    public static TablesFile of(JpegLayer layer, int epoch) {
        if (layer.rounds() == 0) {
            throw new IllegalArgumentException("this JPEG layer has no tables (zero-DC ablation)");
        }
        TableSnapshot tables = layer.tables();
        SpatialRegions regions = tables.regions();
        boolean spatial = regions != null && regions.count() > 1;
        boolean colour = tables.channels() == 3;
        List<Round> rounds = new ArrayList<>();
        for (int r = 0; r < tables.rounds().size(); r++) {
            float[][] initialLuma = tables.initialStepsPerRegion(r, true);
            float[][] initialChroma = colour ? tables.initialStepsPerRegion(r, false) : null;
            float[][] luma = tables.lumaStepsPerRegion(r);
            float[][] chroma = colour ? tables.chromaStepsPerRegion(r) : null;
            float[][] initialAlphaLuma = tables.initialAlphaPerRegion(r, true);
            float[][] alphaLuma = tables.alphaPerRegion(r, true);
            float[][] initialAlphaChroma = colour ? tables.initialAlphaPerRegion(r, false) : null;
            float[][] alphaChroma = colour ? tables.alphaPerRegion(r, false) : null;
            List<Region> perRegion = null;
            if (spatial) {
                perRegion = new ArrayList<>();
                for (int g = 0; g < regions.count(); g++) {
                    perRegion.add(new Region(
                            g,
                            (int) (g / regions.columns()),
                            (int) (g % regions.columns()),
                            initialLuma[g],
                            luma[g],
                            region(initialChroma, g),
                            region(chroma, g),
                            initialAlphaLuma[g],
                            alphaLuma[g],
                            region(initialAlphaChroma, g),
                            region(alphaChroma, g)));
                }
            }
            rounds.add(new Round(
                    r,
                    tables.table(r, true).largestInitialSteps(),
                    tables.lumaSteps(r),
                    colour ? tables.table(r, false).largestInitialSteps() : null,
                    colour ? tables.chromaSteps(r) : null,
                    spatial ? null : initialAlphaLuma[0],
                    spatial ? null : alphaLuma[0],
                    spatial || !colour ? null : initialAlphaChroma[0],
                    spatial || !colour ? null : alphaChroma[0],
                    perRegion));
        }
        RegionLayout layout =
                spatial ? new RegionLayout(regions.size(), (int) regions.rows(), (int) regions.columns()) : null;
        return new TablesFile(
                epoch, ORDER, tables.init().toString(), tables.channels(), rounds, Alpha.of(tables.alpha()), layout);
    }

    private static float[] region(float[][] tables, int region) {
        return tables == null ? null : tables[region];
    }

    /**
     * Reads and checks a run's tables.json: every table of 64 entries, chroma in every round or in none; the alpha
     * and region fields where present (older files have none), every region of the layout in every round.
     */
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
            String where = "round " + r.round();
            checkOptional(r.initialAlphaLuma(), run, where, "initialAlphaLuma");
            checkOptional(r.alphaLuma(), run, where, "alphaLuma");
            checkOptional(r.initialAlphaChroma(), run, where, "initialAlphaChroma");
            checkOptional(r.alphaChroma(), run, where, "alphaChroma");
            checkRegions(file, r, chroma, run);
        }
        return file;
    }

    private static void checkRegions(TablesFile file, Round r, boolean chroma, RunDirectory run) throws IOException {
        RegionLayout layout = file.regionLayout();
        if (layout == null) {
            if (r.regions() != null) {
                throw new IOException(run.tables() + ": round " + r.round() + " has tables per region but the file "
                        + "has no \"regionLayout\"");
            }
            return;
        }
        if (layout.rows() < 1
                || layout.columns() < 1
                || r.regions() == null
                || r.regions().size() != layout.count()) {
            throw new IOException(run.tables() + ": round " + r.round() + ": expected the tables of "
                    + layout.rows() + "×" + layout.columns() + " regions, got "
                    + (r.regions() == null ? "none" : r.regions().size()));
        }
        for (int g = 0; g < r.regions().size(); g++) {
            Region region = r.regions().get(g);
            String where = "round " + r.round() + " region " + g;
            if (region.region() != g
                    || region.row() != g / layout.columns()
                    || region.column() != g % layout.columns()) {
                throw new IOException(run.tables() + ": " + where + " is numbered " + region.region() + " at row "
                        + region.row() + ", column " + region.column() + " (regions go row by row)");
            }
            checkTable(region.luma(), run, where, "luma");
            checkTable(region.initialLuma(), run, where, "initialLuma");
            if (chroma != (region.chroma() != null)) {
                throw new IOException(run.tables() + ": " + where + " has "
                        + (chroma ? "no chroma table" : "a chroma table") + " unlike round 0");
            }
            if (chroma) {
                checkTable(region.chroma(), run, where, "chroma");
                checkTable(region.initialChroma(), run, where, "initialChroma");
            }
            checkOptional(region.initialAlphaLuma(), run, where, "initialAlphaLuma");
            checkOptional(region.alphaLuma(), run, where, "alphaLuma");
            checkOptional(region.initialAlphaChroma(), run, where, "initialAlphaChroma");
            checkOptional(region.alphaChroma(), run, where, "alphaChroma");
        }
    }

    private static void check(float[] table, RunDirectory run, int round, String field) throws IOException {
        checkTable(table, run, "round " + round, field);
    }

    private static void checkOptional(float[] table, RunDirectory run, String where, String field) throws IOException {
        if (table != null) {
            checkTable(table, run, where, field);
        }
    }

    private static void checkTable(float[] table, RunDirectory run, String where, String field) throws IOException {
        if (table == null || table.length != QuantTables.SIZE) {
            throw new IOException(run.tables() + ": " + where + " " + field + ": expected 64 numbers, got "
                    + (table == null ? "none" : table.length));
        }
    }
}
