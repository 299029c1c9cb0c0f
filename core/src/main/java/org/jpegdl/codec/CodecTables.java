package org.jpegdl.codec;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jpegdl.experiment.ImageMultipliers;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.QuantTables;
import org.jpegdl.jpeg.TableSnapshot;
import org.jpegdl.nd.Devices;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.TablesFile;

/**
 * The quantisation tables a baseline JPEG file holds: integers in [1, 255] (8-bit DQT), 64 per table in natural
 * row-major order (row = vertical frequency), one luma table and, for colour images, one chroma table (shared by Cb
 * and Cr, as in the layer). {@code chroma} is null for a grayscale (one-component) file.
 *
 * <p>A learned table is a float table per round. A JPEG file quantises once, so a layer with several rounds is
 * written with its <em>effective</em> table: the element-wise largest step over the rounds, rounded to the nearest
 * integer. Quantising with q₀ and then with q₁ leaves reconstruction levels no denser than the coarser of the two
 * steps allows (the finer grid can only re-round points of the coarser one), so the composition behaves, in rate and
 * in distortion, like one quantiser with step max(q₀, q₁); it is exactly that quantiser when the coarser step comes
 * first and is a multiple of the finer. With one round the effective table is that round's table. Steps below 0.5
 * become 1, the finest step an integer table can hold.
 */
public record CodecTables(int[] luma, int[] chroma) {

    /** Smallest step of an 8-bit DQT table. */
    public static final int MIN_STEP = 1;
    /** Largest step of an 8-bit DQT table (baseline JPEG). */
    public static final int MAX_STEP = 255;

    /** Checks and copies the tables. */
    public CodecTables {
        luma = check(luma, "luma table");
        chroma = chroma == null ? null : check(chroma, "chroma table");
    }

    private static int[] check(int[] table, String what) {
        if (table == null || table.length != QuantTables.SIZE) {
            throw new IllegalArgumentException(what + " must have 64 entries (8×8, natural order), got "
                    + (table == null ? "null" : table.length));
        }
        for (int i = 0; i < table.length; i++) {
            if (table[i] < MIN_STEP || table[i] > MAX_STEP) {
                throw new IllegalArgumentException(what + " entry " + i + " is " + table[i]
                        + "; a baseline JPEG table holds integers in [1, 255]");
            }
        }
        return table.clone();
    }

    /** Whether there is a chroma table (a colour file). */
    public boolean color() {
        return chroma != null;
    }

    /** The luma table (a copy), natural order. */
    @Override
    public int[] luma() {
        return luma.clone();
    }

    /** The chroma table (a copy), natural order; null for grayscale. */
    @Override
    public int[] chroma() {
        return chroma == null ? null : chroma.clone();
    }

    /** The tables in DQT slot order: luma (slot 0), then chroma (slot 1) for colour. */
    public List<int[]> slots() {
        return chroma == null ? List.of(luma.clone()) : List.of(luma.clone(), chroma.clone());
    }

    /** The standard (Annex K) tables at IJG quality {@code quality}, as {@code cjpeg -quality Q -baseline}. */
    public static CodecTables standard(int quality, boolean color) {
        return new CodecTables(QuantTables.luma(quality), color ? QuantTables.chroma(quality) : null);
    }

    /** Float steps rounded to the nearest integer and clamped to [1, 255]; {@code chroma} may be null. */
    public static CodecTables rounded(float[] luma, float[] chroma) {
        return new CodecTables(round(luma, "luma table"), chroma == null ? null : round(chroma, "chroma table"));
    }

    /**
     * The effective table of several rounds (see the class comment): element-wise maximum over the rounds, then
     * rounded. {@code chromaRounds} is null or empty for grayscale.
     */
    public static CodecTables effective(List<float[]> lumaRounds, List<float[]> chromaRounds) {
        if (lumaRounds.isEmpty()) {
            throw new IllegalArgumentException("no tables: a JPEG layer has at least one round");
        }
        float[] chroma = chromaRounds == null || chromaRounds.isEmpty() ? null : elementMax(chromaRounds);
        return rounded(elementMax(lumaRounds), chroma);
    }

    /** The effective tables of a JPEG layer's current parameters. */
    public static CodecTables of(JpegLayer layer) {
        List<float[]> luma = new ArrayList<>();
        List<float[]> chroma = new ArrayList<>();
        TableSnapshot tables = layer.tables();
        for (int r = 0; r < layer.rounds(); r++) {
            luma.add(tables.lumaSteps(r));
            if (layer.channels() == 3) {
                chroma.add(tables.chromaSteps(r));
            }
        }
        return effective(luma, chroma);
    }

    /**
     * The effective tables of one image under an adaptive JPEG layer: every round's learned steps times the image's
     * multipliers ({@link ImageMultipliers}), clamped to the layer's range as its forward pass clamps them, then the
     * element-wise largest over the rounds, rounded. {@code chromaMultipliers} is null for grayscale.
     */
    public static CodecTables forImage(JpegLayer layer, float[] lumaMultipliers, float[] chromaMultipliers) {
        return forImage(layer.tables(), lumaMultipliers, chromaMultipliers);
    }

    private static CodecTables forImage(TableSnapshot tables, float[] lumaMultipliers, float[] chromaMultipliers) {
        List<float[]> luma = new ArrayList<>();
        List<float[]> chroma = new ArrayList<>();
        for (int r = 0; r < tables.rounds().size(); r++) {
            luma.add(scaled(tables.lumaSteps(r), lumaMultipliers));
            if (tables.channels() == 3) {
                chroma.add(scaled(tables.chromaSteps(r), chromaMultipliers));
            }
        }
        return effective(luma, chroma);
    }

    /** The tables of every image of a set under an adaptive JPEG layer, in the set's order. */
    public static List<CodecTables> forImages(JpegLayer layer, ImageMultipliers multipliers) {
        List<CodecTables> out = new ArrayList<>(multipliers.size());
        TableSnapshot tables = layer.tables();
        for (int i = 0; i < multipliers.size(); i++) {
            out.add(forImage(
                    tables,
                    multipliers.luma()[i],
                    multipliers.chroma() == null ? null : multipliers.chroma()[i]));
        }
        return out;
    }

    /** steps × multipliers in float32, as the layer computes them, clamped to its step range. */
    private static float[] scaled(float[] steps, float[] multipliers) {
        float[] out = new float[QuantTables.SIZE];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(JpegLayer.MIN_STEP, Math.min(JpegLayer.MAX_STEP, steps[i] * multipliers[i]));
        }
        return out;
    }

    /** The tables of one round of a JPEG layer, rounded (0-based {@code round}). */
    public static CodecTables ofRound(JpegLayer layer, int round) {
        checkRound(round, layer.rounds());
        TableSnapshot tables = layer.tables();
        return rounded(tables.lumaSteps(round), layer.channels() == 3 ? tables.chromaSteps(round) : null);
    }

    /**
     * The learned tables of a run, read from its {@code tables.json} (written after every epoch) or, for a run
     * without one, from the JPEG layer of its last checkpoint: the effective table over all rounds, or round
     * {@code round} alone when it is not null.
     *
     * @throws IllegalArgumentException for a baseline run (it has no JPEG layer, hence no learned tables), a zero-DC
     *     run (no tables either) or a round the run does not have
     * @throws IOException when the run directory is missing, or it has neither tables nor a checkpoint
     */
    public static CodecTables learned(RunDirectory run, Integer round) throws IOException {
        RunConfig config = run.readConfig();
        if (!config.jpeg()) {
            throw new IllegalArgumentException(run.root() + " is a baseline run: it has no JPEG layer and so no "
                    + "learned tables; use --quality Q for the standard tables, or a JPEG-DL run");
        }
        if (config.recipe().zeroDc()) {
            throw new IllegalArgumentException(
                    run.root() + " is a zero-DC run: its JPEG layer only removes the DC "
                            + "and has no learned tables; use --quality Q for the standard tables, or a JPEG-DL run with tables");
        }
        if (!Files.isRegularFile(run.tables())) {
            try (NDManager manager = Devices.newBaseManager()) {
                JpegLayer layer = RunAssembly.load(run, manager).network().jpegLayer();
                return round == null ? of(layer) : ofRound(layer, round);
            }
        }
        List<float[]> luma = new ArrayList<>();
        List<float[]> chroma = new ArrayList<>();
        for (TablesFile.Round r : TablesFile.read(run).rounds()) {
            luma.add(r.luma());
            if (r.chroma() != null) {
                chroma.add(r.chroma());
            }
        }
        if (round == null) {
            return effective(luma, chroma);
        }
        checkRound(round, luma.size());
        return rounded(luma.get(round), chroma.isEmpty() ? null : chroma.get(round));
    }

    private static void checkRound(int round, int rounds) {
        if (round < 0 || round >= rounds) {
            throw new IllegalArgumentException(
                    "round " + round + " does not exist: the run has " + rounds + " round(s), numbered from 0");
        }
    }

    private static float[] elementMax(List<float[]> tables) {
        float[] out = new float[QuantTables.SIZE];
        Arrays.fill(out, Float.NEGATIVE_INFINITY);
        for (float[] t : tables) {
            if (t.length != QuantTables.SIZE) {
                throw new IllegalArgumentException("a table must have 64 entries, got " + t.length);
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(out[i], t[i]);
            }
        }
        return out;
    }

    private static int[] round(float[] steps, String what) {
        if (steps == null || steps.length != QuantTables.SIZE) {
            throw new IllegalArgumentException(
                    what + " must have 64 entries, got " + (steps == null ? "null" : steps.length));
        }
        int[] out = new int[QuantTables.SIZE];
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(steps[i])) {
                throw new IllegalArgumentException(what + " entry " + i + " is " + steps[i]);
            }
            out[i] = (int) Math.max(MIN_STEP, Math.min(MAX_STEP, Math.round((double) steps[i])));
        }
        return out;
    }

    /**
     * The tables as the text {@code cjpeg -qtables FILE} reads: 64 decimal numbers per table, in natural row-major
     * order (libjpeg's {@code read_quant_tables} hands each 64 numbers in file order to {@code jpeg_add_quant_table},
     * whose {@code quantval} array is in natural order; the DQT writer does the zigzag), table 0 luma, table 1
     * chroma, with '#' comments that give the cjpeg command line reproducing our files.
     */
    public String toCjpegText(String description) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(description).append('\n');
        sb.append("# quantisation tables for cjpeg -qtables, natural row-major order (row = vertical frequency)\n");
        sb.append("# files as jpegdl writes them (baseline, 4:4:4, standard Huffman tables):\n");
        sb.append(
                color()
                        ? "#   cjpeg -qtables THIS_FILE -qslots 0,1 -sample 1x1 -baseline -outfile out.jpg in.ppm\n"
                        : "#   cjpeg -qtables THIS_FILE -qslots 0 -grayscale -baseline -outfile out.jpg in.pgm\n");
        appendTable(sb, "table 0: luma (Y)", luma);
        if (chroma != null) {
            appendTable(sb, "table 1: chroma (Cb and Cr)", chroma);
        }
        return sb.toString();
    }

    /**
     * Reads a {@code cjpeg -qtables} file as libjpeg's {@code read_quant_tables} does: whitespace-separated decimal
     * numbers, '#' to the end of a line a comment, 64 per table in natural order, at most four tables. Table 0 is
     * luma and table 1 chroma; a file with one table gives it to chroma too (a colour file needs one for Cb and Cr).
     * Unlike libjpeg, which clamps to 1…32767 and accepts 16-bit tables, every value must be an integer in 1…255: the
     * tables of an 8-bit baseline file, as jpegdl writes them.
     *
     * @param file the text file
     * @return its tables (chroma equal to luma when the file holds one table)
     * @throws IllegalArgumentException naming the file when a value is not an integer in 1…255 or the count of
     *     numbers is not 64, 128, 192 or 256
     * @throws IOException when the file cannot be read
     */
    public static CodecTables readCjpegText(Path file) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int hash = line.indexOf('#');
            String data = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (data.isEmpty()) {
                continue;
            }
            for (String token : data.split("\\s+")) {
                long value;
                try {
                    value = Long.parseLong(token);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ": '" + token
                            + "' is not a whole number (a -qtables file " + "holds 64 integers in 1..255 per table)");
                }
                int table = numbers.size() / QuantTables.SIZE;
                int entry = numbers.size() % QuantTables.SIZE;
                if (value < MIN_STEP || value > MAX_STEP) {
                    throw new IllegalArgumentException(file + ": table " + table + " entry " + entry + " is " + value
                            + "; an 8-bit baseline table holds integers in " + MIN_STEP + ".." + MAX_STEP);
                }
                numbers.add((int) value);
            }
        }
        if (numbers.isEmpty() || numbers.size() % QuantTables.SIZE != 0 || numbers.size() > 4 * QuantTables.SIZE) {
            throw new IllegalArgumentException(file + ": holds " + numbers.size() + " numbers; a -qtables file holds "
                    + "64 per table, 1 to 4 tables");
        }
        int[] luma = new int[QuantTables.SIZE];
        int[] chroma = new int[QuantTables.SIZE];
        int chromaStart = numbers.size() >= 2 * QuantTables.SIZE ? QuantTables.SIZE : 0;
        for (int i = 0; i < QuantTables.SIZE; i++) {
            luma[i] = numbers.get(i);
            chroma[i] = numbers.get(chromaStart + i);
        }
        return new CodecTables(luma, chroma);
    }

    private static void appendTable(StringBuilder sb, String title, int[] table) {
        sb.append("# ").append(title).append('\n');
        for (int row = 0; row < 8; row++) {
            for (int col = 0; col < 8; col++) {
                sb.append(String.format(Locale.ROOT, col == 0 ? "%3d" : " %3d", table[row * 8 + col]));
            }
            sb.append('\n');
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodecTables t && Arrays.equals(luma, t.luma) && Arrays.equals(chroma, t.chroma);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(luma) + Arrays.hashCode(chroma);
    }

    @Override
    public String toString() {
        return "CodecTables(luma=" + Arrays.toString(luma)
                + (chroma == null ? "" : ", chroma=" + Arrays.toString(chroma)) + ")";
    }
}
