package org.jpegdl.jpeg;

import java.util.Arrays;

/**
 * Where the JPEG layer's step tables start: a constant, the standard tables at an IJG quality, a sensitivity map of a
 * trained baseline, or explicit tables per round. Tables are 64 floats in natural row-major order.
 */
public final class TableInit {

    /** Default largest luma step of a sensitivity initialisation. */
    public static final double DEFAULT_Q_MAX = 10;

    private final String description;
    private final float[][] luma;
    private final float[][] chroma;

    private TableInit(String description, float[][] luma, float[][] chroma) {
        this.description = description;
        this.luma = luma;
        this.chroma = chroma;
    }

    /** Every step equal to {@code step}. */
    public static TableInit constant(double step) {
        checkStep(step, "constant step");
        float[] t = QuantTables.constant((float) step);
        return new TableInit("constant:" + step, new float[][] {t}, new float[][] {t});
    }

    /** The Annex K tables scaled to IJG quality {@code quality} (1..100). */
    public static TableInit quality(int quality) {
        return new TableInit("quality:" + quality,
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

    /** How many rounds the explicit tables cover (1 for the other initialisers, which repeat). */
    public int rounds() {
        return luma.length;
    }

    /** The luma table for round {@code round}. */
    public float[] luma(int round) {
        return luma[Math.min(round, luma.length - 1)].clone();
    }

    /** The chroma table for round {@code round}. */
    public float[] chroma(int round) {
        return chroma[Math.min(round, chroma.length - 1)].clone();
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
                throw new IllegalArgumentException(what + " entry " + i + " must be a positive finite step, got "
                        + table[i]);
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
