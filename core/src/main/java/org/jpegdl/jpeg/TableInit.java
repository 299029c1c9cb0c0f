package org.jpegdl.jpeg;

import java.util.Arrays;

/**
 * Where the JPEG layer's step tables start: a constant, the standard tables at an IJG quality, a sensitivity map of a
 * trained baseline, the coefficients' mean magnitude, or explicit tables per round (and, for spatial tables, per
 * region). Tables are 64 floats in natural row-major order.
 */
public final class TableInit {

    /** Default largest luma step of a sensitivity initialisation. */
    public static final double DEFAULT_Q_MAX = 10;

    private final String description;
    /** [round][region] → 64 steps. */
    private final float[][][] luma;

    private final float[][][] chroma;

    private TableInit(String description, float[][] luma, float[][] chroma) {
        this(description, oneRegion(luma), oneRegion(chroma));
    }

    private TableInit(String description, float[][][] luma, float[][][] chroma) {
        this.description = description;
        this.luma = luma;
        this.chroma = chroma;
    }

    private static float[][][] oneRegion(float[][] tables) {
        float[][][] out = new float[tables.length][][];
        for (int r = 0; r < tables.length; r++) {
            out[r] = new float[][] {tables[r]};
        }
        return out;
    }

    /** Every step equal to {@code step}. */
    public static TableInit constant(double step) {
        checkStep(step, "constant step");
        float[] t = QuantTables.constant((float) step);
        return new TableInit("constant:" + step, new float[][] {t}, new float[][] {t});
    }

    /** The Annex K tables scaled to IJG quality {@code quality} (1..100). */
    public static TableInit quality(int quality) {
        return new TableInit(
                "quality:" + quality,
                new float[][] {QuantTables.toFloat(QuantTables.luma(quality))},
                new float[][] {QuantTables.toFloat(QuantTables.chroma(quality))});
    }

    /**
     * Steps inversely proportional to the sensitivity of the loss to each DCT frequency: luma ∝ 1/s_Y, chroma ∝
     * 2/(s_Cb + s_Cr), one factor for both chosen so that the largest luma step equals {@code qMax}. A channel may be
     * null for grayscale maps (then chroma starts equal to luma).
     */
    public static TableInit sensitivity(double[] sensY, double[] sensCb, double[] sensCr, double qMax) {
        checkMap(sensY, "Y");
        checkStep(qMax, "qMax");
        double maxInverse = 0;
        for (double s : sensY) {
            maxInverse = Math.max(maxInverse, 1 / s);
        }
        double factor = qMax / maxInverse;
        float[] lum = new float[64];
        float[] chrom = new float[64];
        for (int i = 0; i < 64; i++) {
            lum[i] = clampStep(factor / sensY[i]);
        }
        if (sensCb == null || sensCr == null) {
            chrom = lum.clone();
        } else {
            checkMap(sensCb, "Cb");
            checkMap(sensCr, "Cr");
            for (int i = 0; i < 64; i++) {
                chrom[i] = clampStep(factor * 2 / (sensCb[i] + sensCr[i]));
            }
        }
        return new TableInit("sensitivity(qMax=" + qMax + ")", new float[][] {lum}, new float[][] {chrom});
    }

    /**
     * The reference's mean-magnitude initialisation ({@code initial_Q_w_abs_avg}): q_f = 2·mean|x_f| / √(2^(bits−1))
     * per frequency, then the DC step replaced by the first AC step in zigzag order (natural index 1), as the
     * reference does when its smallest step is 0 (which jpegdl's is, up to {@link JpegLayer#MIN_STEP}).
     *
     * @param lumaMeanAbs per region, the 64 mean magnitudes of the Y coefficients
     * @param chromaMeanAbs per region, those of Cb and Cr together (null for grayscale: chroma starts as luma)
     * @param bits the index range the layer will use
     */
    public static TableInit meanMagnitude(double[][] lumaMeanAbs, double[][] chromaMeanAbs, int bits) {
        if (lumaMeanAbs == null || lumaMeanAbs.length == 0) {
            throw new IllegalArgumentException(
                    "mean-magnitude initialisation needs the magnitudes of at least one region");
        }
        double scale = 2 / Math.sqrt(Math.pow(2, bits - 1));
        float[][] lum = new float[lumaMeanAbs.length][];
        float[][] chrom = new float[lumaMeanAbs.length][];
        for (int region = 0; region < lumaMeanAbs.length; region++) {
            lum[region] = magnitudeSteps(lumaMeanAbs[region], scale, "Y");
            chrom[region] =
                    chromaMeanAbs == null ? lum[region].clone() : magnitudeSteps(chromaMeanAbs[region], scale, "CbCr");
        }
        return new TableInit("abs-avg(bits=" + bits + ")", new float[][][] {lum}, new float[][][] {chrom});
    }

    private static float[] magnitudeSteps(double[] meanAbs, double scale, String channel) {
        if (meanAbs == null || meanAbs.length != QuantTables.SIZE) {
            throw new IllegalArgumentException("mean magnitudes of " + channel + " must have 64 entries");
        }
        float[] steps = new float[QuantTables.SIZE];
        for (int i = 0; i < steps.length; i++) {
            if (!(meanAbs[i] >= 0) || !Double.isFinite(meanAbs[i])) {
                throw new IllegalArgumentException("mean magnitude of " + channel + " frequency " + i
                        + " must be finite and non-negative, got " + meanAbs[i]);
            }
            steps[i] = clampStep(scale * meanAbs[i]);
        }
        steps[0] = steps[QuantTables.zigzagOrder()[1]];
        return steps;
    }

    /** Explicit tables, one pair per round (a single pair is used for every round). */
    public static TableInit explicit(float[][] luma, float[][] chroma) {
        if (luma.length == 0 || luma.length != chroma.length) {
            throw new IllegalArgumentException("explicit tables need the same number (≥ 1) of luma and chroma tables");
        }
        for (int r = 0; r < luma.length; r++) {
            checkTable(luma[r], "luma table of round " + r);
            checkTable(chroma[r], "chroma table of round " + r);
        }
        return new TableInit("explicit", deepCopy(luma), deepCopy(chroma));
    }

    /**
     * Explicit spatial tables: {@code luma[round][region]} and {@code chroma[round][region]}, 64 steps each (a single
     * round is used for every round).
     */
    public static TableInit explicitRegions(String description, float[][][] luma, float[][][] chroma) {
        if (luma.length == 0 || luma.length != chroma.length) {
            throw new IllegalArgumentException("explicit tables need the same number (≥ 1) of luma and chroma tables");
        }
        int regions = luma[0].length;
        float[][][] lum = new float[luma.length][][];
        float[][][] chrom = new float[luma.length][][];
        for (int r = 0; r < luma.length; r++) {
            if (regions == 0 || luma[r].length != regions || chroma[r].length != regions) {
                throw new IllegalArgumentException("every round needs the same number (≥ 1) of region tables");
            }
            lum[r] = deepCopy(luma[r]);
            chrom[r] = deepCopy(chroma[r]);
            for (int g = 0; g < regions; g++) {
                checkTable(lum[r][g], "luma table of round " + r + ", region " + g);
                checkTable(chrom[r][g], "chroma table of round " + r + ", region " + g);
            }
        }
        return new TableInit(description, lum, chrom);
    }

    /** How many rounds the explicit tables cover (1 for the other initialisers, which repeat). */
    public int rounds() {
        return luma.length;
    }

    /** How many regions the tables cover: 1, or one per region of spatial tables. */
    public int regions() {
        return luma[0].length;
    }

    /** The luma table for round {@code round} (one region only; see {@link #luma(int, int)}). */
    public float[] luma(int round) {
        return luma(round, single());
    }

    /** The chroma table for round {@code round} (one region only; see {@link #chroma(int, int)}). */
    public float[] chroma(int round) {
        return chroma(round, single());
    }

    /** The luma table of {@code region} for round {@code round}; one region's tables serve every region. */
    public float[] luma(int round, int region) {
        float[][] regions = luma[Math.min(round, luma.length - 1)];
        return regions[regions.length == 1 ? 0 : region].clone();
    }

    /** The chroma table of {@code region} for round {@code round}; one region's tables serve every region. */
    public float[] chroma(int round, int region) {
        float[][] regions = chroma[Math.min(round, chroma.length - 1)];
        return regions[regions.length == 1 ? 0 : region].clone();
    }

    private int single() {
        if (regions() != 1) {
            throw new IllegalStateException("tables per region (" + regions() + "): name the region");
        }
        return 0;
    }

    @Override
    public String toString() {
        return description;
    }

    /** Checks that a table has 64 finite, positive entries. */
    static void checkTable(float[] table, String what) {
        if (table == null || table.length != 64) {
            throw new IllegalArgumentException(
                    what + " must have 64 entries (8×8), got " + (table == null ? "none" : table.length));
        }
        for (int i = 0; i < 64; i++) {
            if (!(table[i] > 0) || !Float.isFinite(table[i])) {
                throw new IllegalArgumentException(
                        what + " entry " + i + " must be a positive finite step, got " + table[i]);
            }
        }
    }

    private static void checkMap(double[] map, String channel) {
        if (map == null || map.length != 64) {
            throw new IllegalArgumentException("sensitivity map of " + channel + " must have 64 entries");
        }
        for (double s : map) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException(
                        "sensitivity map of " + channel + " must be positive and finite, got " + Arrays.toString(map));
            }
        }
    }

    private static void checkStep(double step, String what) {
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + step);
        }
    }

    private static float clampStep(double step) {
        return (float) Math.max(JpegLayer.MIN_STEP, Math.min(JpegLayer.MAX_STEP, step));
    }

    private static float[][] deepCopy(float[][] tables) {
        float[][] out = new float[tables.length][];
        for (int i = 0; i < tables.length; i++) {
            out[i] = tables[i].clone();
        }
        return out;
    }
}
