package org.jpegdl.bench;

/** How repeated timings of one piece of work are spread: their median and quartiles, in milliseconds. */
public record TimingSpread(double medianMs, double lowerQuartileMs, double upperQuartileMs) {

    /** Summarises the timings (at least one). */
    static TimingSpread of(double[] ms) {
        return new TimingSpread(
                StepBenchmark.quantile(ms, 0.5), StepBenchmark.quantile(ms, 0.25), StepBenchmark.quantile(ms, 0.75));
    }
}
