package org.jpegdl.jpeg;

import java.util.Arrays;

/**
 * The standard JPEG quantisation tables (ITU-T T.81 Annex K), the IJG quality scaling of libjpeg, and the zigzag
 * scan order. Tables are 64 values in natural row-major order (row = vertical frequency) unless a method says
 * otherwise.
 */
public final class QuantTables {

    /** Number of coefficients in one 8×8 block. */
    public static final int SIZE = 64;

    private static final int[] ANNEX_K_LUMA = {
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99
    };

    private static final int[] ANNEX_K_CHROMA = {
        17, 18, 24, 47, 99, 99, 99, 99,
        18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99,
        47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99
    };

    /** ZIGZAG[k] is the natural (row-major) index of the k-th coefficient in zigzag scan order. */
    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10,
        17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34,
        27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36,
        29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46,
        53, 60, 61, 54, 47, 55, 62, 63
    };

    private QuantTables() {}

    /** The Annex K luminance table (K.1), natural order. */
    public static int[] annexKLuma() {
        return ANNEX_K_LUMA.clone();
    }

    /** The Annex K chrominance table (K.2), natural order. */
    public static int[] annexKChroma() {
        return ANNEX_K_CHROMA.clone();
    }

    /**
     * IJG's mapping from a quality in 1..100 to a percentage scale factor ({@code jpeg_quality_scaling}): 5000/Q
     * below 50, 200 − 2Q from 50 on.
     */
    public static int qualityScale(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be in 1..100, got " + quality);
        }
        return quality < 50 ? 5000 / quality : 200 - 2 * quality;
    }

    /**
     * Scales a base table as libjpeg's {@code jpeg_add_quant_table} with {@code force_baseline}: (base·scale + 50)/100
     * in integer arithmetic, clamped to [1, 255].
     */
    public static int[] scaled(int[] base, int quality) {
        checkSize(base, "base table");
        int scale = qualityScale(quality);
        int[] out = new int[SIZE];
        for (int i = 0; i < SIZE; i++) {
            long v = ((long) base[i] * scale + 50L) / 100L;
            out[i] = (int) Math.max(1, Math.min(255, v));
        }
        return out;
    }

    /** The standard luminance table at IJG quality {@code quality}, natural order. */
    public static int[] luma(int quality) {
        return scaled(ANNEX_K_LUMA, quality);
    }

    /** The standard chrominance table at IJG quality {@code quality}, natural order. */
    public static int[] chroma(int quality) {
        return scaled(ANNEX_K_CHROMA, quality);
    }

    /** The zigzag scan: element k is the natural index of the k-th coefficient in scan order. */
    public static int[] zigzagOrder() {
        return ZIGZAG.clone();
    }

    /** Reorders a natural-order table into zigzag order (the order a DQT segment stores). */
    public static int[] toZigzag(int[] natural) {
        checkSize(natural, "table");
        int[] out = new int[SIZE];
        for (int k = 0; k < SIZE; k++) {
            out[k] = natural[ZIGZAG[k]];
        }
        return out;
    }

    /** Reorders a zigzag-order table (as read from a DQT segment) into natural order. */
    public static int[] fromZigzag(int[] zigzag) {
        checkSize(zigzag, "table");
        int[] out = new int[SIZE];
        for (int k = 0; k < SIZE; k++) {
            out[ZIGZAG[k]] = zigzag[k];
        }
        return out;
    }

    /** Converts an integer table to floats. */
    public static float[] toFloat(int[] table) {
        float[] out = new float[table.length];
        for (int i = 0; i < table.length; i++) {
            out[i] = table[i];
        }
        return out;
    }

    /** A table filled with one value. */
    public static float[] constant(float step) {
        float[] out = new float[SIZE];
        Arrays.fill(out, step);
        return out;
    }

    static void checkSize(int[] table, String what) {
        if (table == null || table.length != SIZE) {
            throw new IllegalArgumentException(
                    what + " must have 64 entries (8×8), got " + (table == null ? "null" : table.length));
        }
    }
}
