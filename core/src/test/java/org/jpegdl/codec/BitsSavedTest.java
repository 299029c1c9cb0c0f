package org.jpegdl.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bits saved at equal top-1, against closed forms on a hand-made ladder. */
class BitsSavedTest {

    private static RateAccuracy.Point point(double bpp, double top1) {
        return new RateAccuracy.Point("p", null, bpp, bpp, 30.0, null, top1, null, null, "4:4:4", null);
    }

    /** Rates 1, 2, 3, 4 bpp at top-1 0.5, 0.7, 0.8, 0.8 (flat at the top: the first rate that reaches it counts). */
    private static final List<RateAccuracy.Point> LADDER =
            List.of(point(1, 0.5), point(2, 0.7), point(3, 0.8), point(4, 0.8));

    @Test
    void theLadderRateIsTheFirstThatReachesTheAccuracyInterpolated() {
        assertEquals(1.5, BitsSaved.ladderRate(LADDER, 0.6), 1e-12);
        assertEquals(3.0, BitsSaved.ladderRate(LADDER, 0.8), 1e-12);
        assertEquals(1.0, BitsSaved.ladderRate(LADDER, 0.5), 1e-12);
        assertNull(BitsSaved.ladderRate(LADDER, 0.4), "below the smallest file's top-1");
        assertNull(BitsSaved.ladderRate(LADDER, 0.81), "above every file's top-1");
        assertNull(BitsSaved.ladderRate(null, 0.6));
    }

    @Test
    void eachPointAndTheAverageOverTheOverlap() {
        BitsSaved s = BitsSaved.of(List.of(point(1.0, 0.6), point(2.0, 0.8)), List.of("a", "b"), LADDER, null);
        assertEquals(0.5, s.points().get(0).savedBitsPerPixel(), 1e-12);
        assertEquals(1 - 1.0 / 1.5, s.points().get(0).savedFraction(), 1e-12);
        assertEquals(1.0, s.points().get(1).savedBitsPerPixel(), 1e-12);
        assertEquals(0.6, s.overlapLow(), 1e-12);
        assertEquals(0.8, s.overlapHigh(), 1e-12);
        // ladder rate 1 + 5(a − 0.5) up to 0.7, 2 + 10(a − 0.7) above; learned 1 + 5(a − 0.6): saved 0.5 then
        // 0.5 + 5(a − 0.7) rising to 1.0; the mean over [0.6, 0.8] on 101 points is 0.625 (trapezoid-free mean)
        double expected = 0;
        for (int k = 0; k < 101; k++) {
            double a = 0.6 + 0.2 * k / 100;
            double ladder = a <= 0.7 ? 1 + 5 * (a - 0.5) : 2 + 10 * (a - 0.7);
            expected += ladder - (1 + 5 * (a - 0.6));
        }
        assertEquals(expected / 101, s.averageSavedBitsPerPixel(), 1e-9);
    }

    @Test
    void aPointNoLadderReachesIsSaidSoAndTwoSamplingsTakeTheSmaller() {
        BitsSaved above = BitsSaved.of(List.of(point(5, 0.9)), List.of("x"), LADDER, List.of());
        assertNull(above.points().get(0).savedBitsPerPixel());
        assertTrue(
                above.points().get(0).note().contains("no quality reaches it"),
                above.points().get(0).note());
        assertNull(above.averageSavedBitsPerPixel());
        BitsSaved below = BitsSaved.of(List.of(point(0.5, 0.3)), List.of("y"), LADDER, null);
        assertTrue(below.points().get(0).note().contains("outside the ladder"));
        List<RateAccuracy.Point> cheaper = List.of(point(0.8, 0.5), point(1.6, 0.7));
        BitsSaved both = BitsSaved.of(List.of(point(1.0, 0.6)), List.of("z"), LADDER, cheaper);
        assertEquals(1.5, both.points().get(0).ladder444(), 1e-12);
        assertEquals(1.2, both.points().get(0).ladder420(), 1e-12);
        assertEquals(0.2, both.points().get(0).savedBitsPerPixel(), 1e-12);
    }
}
