package org.jpegdl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The benchmark's summary statistics against values worked out by hand. */
class StepBenchmarkTest {

    @Test
    void quantilesInterpolateBetweenSortedValues() {
        double[] v = {4, 1, 3, 2};
        assertEquals(2.5, StepBenchmark.quantile(v, 0.5), 1e-12);
        assertEquals(1.75, StepBenchmark.quantile(v, 0.25), 1e-12);
        assertEquals(3.25, StepBenchmark.quantile(v, 0.75), 1e-12);
        assertEquals(1, StepBenchmark.quantile(v, 0), 1e-12);
        assertEquals(4, StepBenchmark.quantile(v, 1), 1e-12);
        assertEquals(7, StepBenchmark.quantile(new double[] {9, 7, 1}, 0.5), 1e-12);
        assertEquals(4, v[0], 0, "the input is left unsorted");
    }

    @Test
    void medianIntervalTakesTheBinomialOrderStatistics() {
        // n = 9: ranks round(4.5 − 2.94) = 2 and round(1 + 4.5 + 2.94) = 8
        double[] nine = {9, 1, 8, 2, 7, 3, 6, 4, 5};
        double[] ci = StepBenchmark.medianConfidenceInterval(nine);
        assertEquals(2, ci[0], 0);
        assertEquals(8, ci[1], 0);
        // n = 100: ranks round(50 − 9.8) = 40 and round(1 + 50 + 9.8) = 61
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = 100 - i;
        }
        ci = StepBenchmark.medianConfidenceInterval(hundred);
        assertEquals(40, ci[0], 0);
        assertEquals(61, ci[1], 0);
        // tiny samples fall back to the extremes
        ci = StepBenchmark.medianConfidenceInterval(new double[] {3, 1, 2});
        assertEquals(1, ci[0], 0);
        assertEquals(3, ci[1], 0);
    }
}
