package org.jpegdl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jpegdl.run.EpochMetrics;
import org.junit.jupiter.api.Test;

/** The comparison page's sentence on whether the tables learned, from the last epoch's travel. */
class TravelSectionTest {

    private static List<EpochMetrics> moved(double meanRelative, double largestAbsolute) {
        EpochMetrics.TableTravel t =
                new EpochMetrics.TableTravel(largestAbsolute / 2, largestAbsolute, meanRelative, 2 * meanRelative);
        return List.of(new EpochMetrics(
                1,
                1,
                0.5,
                1,
                0.5,
                0.9,
                0.05,
                0.003,
                List.of(),
                1,
                100,
                100,
                10.0,
                null,
                null,
                List.of(new EpochMetrics.Travel(0, t, t))));
    }

    @Test
    void tablesThatMovedATenthOfTheirStepsLearned() {
        String s = TravelSection.verdict(Map.of("jpegdl-s0", moved(0.25, 6.0)));
        assertTrue(s.startsWith("The tables learned: ") && s.contains("25.0%") && s.contains("6.00 grey levels"), s);
    }

    @Test
    void tablesThatMovedLessThanAGreyLevelDidNotLearn() {
        String s = TravelSection.verdict(Map.of("jpegdl-s0", moved(0.013, 0.09)));
        assertTrue(s.startsWith("The tables did not learn: ") && s.contains("fixed near its initial tables"), s);
    }

    @Test
    void inBetweenTheyMovedALittle() {
        String s = TravelSection.verdict(Map.of("jpegdl-s0", moved(0.05, 3.0), "jpegdl-s1", moved(0.03, 1.5)));
        assertTrue(s.startsWith("The tables moved only a little: ") && s.contains("4.0%"), s);
    }

    @Test
    void runsWithoutTravelSaySoAndNoJpegRunsSayNothing() {
        List<EpochMetrics> old = List.of(
                new EpochMetrics(1, 1, 0.5, 1, 0.5, 0.9, 0.05, 0.003, List.of(), 1, 100, 100, 10.0, null, null));
        assertTrue(TravelSection.verdict(Map.of("old", old)).contains("cannot be told"));
        assertNull(TravelSection.verdict(Map.of()));
        assertEquals(0.10, TravelSection.LEARNED_RELATIVE);
    }
}
