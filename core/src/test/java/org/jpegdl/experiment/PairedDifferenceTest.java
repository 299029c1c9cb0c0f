package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paired interval against a t interval computed by hand (t quantiles from a printed table). */
class PairedDifferenceTest {

    /** t(0.975) for 2 and 4 degrees of freedom, from a table of Student's t. */
    private static final double T_975_2 = 4.302653;

    private static final double T_975_4 = 2.776445;

    private static Map<Long, Double> bySeed(double... top1) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < top1.length; i++) {
            out.put((long) i, top1[i]);
        }
        return out;
    }

    @Test
    void aClearGainHasItsWholeIntervalAboveZero() {
        // differences 0.05, 0.06, 0.07, 0.05, 0.07: mean 0.06, s = √(0.0004 / 4) = 0.01
        PairedDifference d =
                PairedDifference.of(bySeed(0.50, 0.50, 0.60, 0.70, 0.40), bySeed(0.55, 0.56, 0.67, 0.75, 0.47), 0.95);
        double half = T_975_4 * 0.01 / Math.sqrt(5);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), d.seeds());
        assertEquals(0.06, d.mean(), 1e-12);
        assertEquals(0.06 - half, d.lower(), 1e-6);
        assertEquals(0.06 + half, d.upper(), 1e-6);
        assertEquals(PairedDifference.BETTER, d.verdict());
        assertTrue(d.method().contains("Student's t over 5 seeds (4 degrees of freedom)"), d.method());
        PairedDifference worse =
                PairedDifference.of(bySeed(0.55, 0.56, 0.67, 0.75, 0.47), bySeed(0.50, 0.50, 0.60, 0.70, 0.40), 0.95);
        assertEquals(PairedDifference.WORSE, worse.verdict());
        assertEquals(-0.06 - half, worse.lower(), 1e-6);
    }

    @Test
    void aSmallGainOverThreeSeedsStraddlesZero() {
        // differences 0.01, 0.03, 0.02: mean 0.02, s = 0.01, half width 4.303 · 0.01 / √3 ≈ 0.0248
        PairedDifference d = PairedDifference.of(bySeed(0.80, 0.70, 0.75), bySeed(0.81, 0.73, 0.77), 0.95);
        double half = T_975_2 * 0.01 / Math.sqrt(3);
        assertEquals(0.02 - half, d.lower(), 1e-6);
        assertEquals(0.02 + half, d.upper(), 1e-6);
        assertTrue(d.lower() < 0 && d.upper() > 0);
        assertEquals("no difference detectable at 3 seeds", d.verdict());
        assertTrue(d.describe().contains("[-0.48, +4.48]"), d.describe());
    }

    @Test
    void oneSeedSaysSoInsteadOfANaN() {
        PairedDifference d = PairedDifference.of(bySeed(0.80), bySeed(0.82), 0.95);
        assertNull(d.lower());
        assertNull(d.upper());
        assertFalse(d.hasInterval());
        assertEquals(0.02, d.mean(), 1e-12);
        String line = d.describe();
        assertFalse(line.contains("NaN"), line);
        assertEquals(1, line.lines().count());
        assertTrue(line.contains("one seed gives no confidence interval") && line.contains("at least 2 seeds"), line);
    }

    @Test
    void onlySharedSeedsArePaired() {
        Map<Long, Double> baseline = Map.of(0L, 0.5, 1L, 0.6);
        PairedDifference d = PairedDifference.of(baseline, Map.of(1L, 0.7, 2L, 0.9), 0.95);
        assertEquals(List.of(1L), d.seeds());
        assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(baseline, Map.of(5L, 0.1), 0.95));
    }
}
