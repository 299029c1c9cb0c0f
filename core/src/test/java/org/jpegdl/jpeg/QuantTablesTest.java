package org.jpegdl.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Standard tables, IJG quality scaling and zigzag order against the standard and libjpeg. */
class QuantTablesTest {

    @Test
    void qualityFiftyIsAnnexK() {
        assertArrayEquals(QuantTables.annexKLuma(), QuantTables.luma(50));
        assertArrayEquals(QuantTables.annexKChroma(), QuantTables.chroma(50));
        assertEquals(16, QuantTables.luma(50)[0]);
        assertEquals(99, QuantTables.luma(50)[63]);
        assertEquals(109, QuantTables.luma(50)[4 * 8 + 5]);
    }

    @Test
    void scalingFollowsIjgFormula() {
        // jpeg_quality_scaling: Q<50 → 5000/Q, else 200−2Q; entry = clamp((base·scale+50)/100, 1, 255)
        int[][] expectedScale = {{10, 500}, {50, 100}, {75, 50}, {95, 10}, {1, 5000}, {100, 0}};
        for (int[] qs : expectedScale) {
            assertEquals(qs[1], QuantTables.qualityScale(qs[0]));
        }
        int[] base = QuantTables.annexKLuma();
        for (int q : new int[] {10, 50, 75, 95}) {
            int scale = q < 50 ? 5000 / q : 200 - 2 * q;
            int[] t = QuantTables.luma(q);
            for (int i = 0; i < 64; i++) {
                assertEquals(Math.max(1, Math.min(255, (base[i] * scale + 50) / 100)), t[i]);
            }
        }
    }

    @Test
    void knownLibjpegTables() {
        // First rows of the tables `cjpeg -quality Q` writes (libjpeg, baseline).
        assertArrayEquals(new int[] {8, 6, 5, 8, 12, 20, 26, 31}, Arrays.copyOf(QuantTables.luma(75), 8));
        assertArrayEquals(new int[] {9, 9, 12, 24, 50, 50, 50, 50}, Arrays.copyOf(QuantTables.chroma(75), 8));
        assertArrayEquals(new int[] {80, 55, 50, 80, 120, 200, 255, 255}, Arrays.copyOf(QuantTables.luma(10), 8));
        assertArrayEquals(new int[] {2, 1, 1, 2, 2, 4, 5, 6}, Arrays.copyOf(QuantTables.luma(95), 8));
        for (int v : QuantTables.luma(100)) {
            assertEquals(1, v);
        }
    }

    @Test
    void zigzagRoundTripsAndStartsAsTheStandard() {
        int[] natural = new int[64];
        for (int i = 0; i < 64; i++) {
            natural[i] = i;
        }
        int[] zz = QuantTables.toZigzag(natural);
        assertArrayEquals(new int[] {0, 1, 8, 16, 9, 2, 3, 10, 17, 24}, Arrays.copyOf(zz, 10));
        assertEquals(63, zz[63]);
        assertArrayEquals(natural, QuantTables.fromZigzag(zz));
        boolean[] seen = new boolean[64];
        for (int k : QuantTables.zigzagOrder()) {
            seen[k] = true;
        }
        for (boolean s : seen) {
            assertEquals(true, s);
        }
    }

    @Test
    void badQualityIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> QuantTables.luma(0));
        assertThrows(IllegalArgumentException.class, () -> QuantTables.luma(101));
        assertThrows(IllegalArgumentException.class, () -> QuantTables.toZigzag(new int[10]));
    }
}
