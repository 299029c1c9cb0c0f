package org.jpegdl.train;

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
}
