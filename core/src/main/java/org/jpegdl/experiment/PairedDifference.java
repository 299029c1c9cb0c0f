package org.jpegdl.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The paired difference of two arms run on the same seeds (JPEG-DL − baseline, final test top-1, per seed), its mean
 * and a confidence interval by Student's t over the seeds (mean ± t(1 − (1 − c)/2, n − 1) · s/√n, s the sample
 * standard deviation of the differences; the seeds are the samples, the test images are not resampled), and what it
 * says: better (the whole interval above zero), worse (below), or no difference detectable at this number of seeds.
 * One seed has no interval: {@link #lower} and {@link #upper} are null and {@link #verdict} says so.
 *
 * @param seeds the seeds both arms ran, in order
 * @param differences JPEG-DL top-1 minus baseline top-1 per seed (fractions)
 * @param mean mean of the differences
 * @param lower lower end of the interval; null for one seed
 * @param upper upper end of the interval; null for one seed
 * @param confidence the interval's confidence, e.g. 0.95
 * @param method how the interval is computed, in words
 * @param verdict {@value #BETTER}, {@value #WORSE} or the sentence that no difference is detectable
 */
public record PairedDifference(
        List<Long> seeds,
        List<Double> differences,
        double mean,
        Double lower,
        Double upper,
        double confidence,
        String method,
        String verdict) {

    /** The interval lies above zero. */
    public static final String BETTER = "better";
    /** The interval lies below zero. */
    public static final String WORSE = "worse";
    /** The confidence of compare's intervals. */
    public static final double CONFIDENCE = 0.95;
    /** Seeds a claim needs: with fewer, the t interval is too wide (±2.5 s at 3 seeds, ±9 s at 2) to tell much. */
    public static final int SEEDS_FOR_A_CLAIM = 5;

    /**
     * The paired difference of {@code treated} − {@code control} over the seeds both have.
     *
     * @param control the baseline's top-1 by seed
     * @param treated the JPEG-DL arm's top-1 by seed
     * @param confidence the interval's confidence in (0, 1)
     * @return the differences, their mean, interval and verdict
     */
    public static PairedDifference of(Map<Long, Double> control, Map<Long, Double> treated, double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0,1), got " + confidence);
        }
        List<Long> seeds = new ArrayList<>();
        List<Double> differences = new ArrayList<>();
        for (Map.Entry<Long, Double> e : control.entrySet()) {
            if (treated.containsKey(e.getKey())) {
                seeds.add(e.getKey());
                differences.add(treated.get(e.getKey()) - e.getValue());
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("the two arms share no seed: no paired difference");
        }
        int n = differences.size();
        double mean = Comparison.mean(differences);
        String method = String.format(
                Locale.ROOT,
                "Student's t over %d seed%s (%d degree%s of freedom), paired by " + "seed",
                n,
                n == 1 ? "" : "s",
                n - 1,
                n == 2 ? "" : "s");
        if (n < 2) {
            return new PairedDifference(
                    seeds,
                    differences,
                    mean,
                    null,
                    null,
                    confidence,
                    method,
                    "no difference detectable at 1 seed: an interval needs at least 2 seeds, a claim "
                            + SEEDS_FOR_A_CLAIM);
        }
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double half = t * Comparison.std(differences) / Math.sqrt(n);
        double lower = mean - half;
        double upper = mean + half;
        String verdict = lower > 0 ? BETTER : upper < 0 ? WORSE : "no difference detectable at " + n + " seeds";
        return new PairedDifference(seeds, differences, mean, lower, upper, confidence, method, verdict);
    }

    /** Whether the interval exists (two seeds or more). */
    public boolean hasInterval() {
        return lower != null && upper != null;
    }

    /** One line in points of top-1: the differences per seed, their mean, the interval and the verdict. */
    public String describe() {
        StringBuilder perSeed = new StringBuilder();
        for (int i = 0; i < seeds.size(); i++) {
            perSeed.append(i == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "seed %d %+.2f", seeds.get(i), 100 * differences.get(i)));
        }
        if (!hasInterval()) {
            return String.format(
                    Locale.ROOT,
                    "paired difference JPEG-DL − baseline (top-1, points): %s; one seed "
                            + "gives no confidence interval: %s.",
                    perSeed,
                    verdict);
        }
        return String.format(
                Locale.ROOT,
                "paired difference JPEG-DL − baseline (top-1, points): %s; mean %+.2f, "
                        + "%.0f%% interval [%+.2f, %+.2f] (%s): %s.",
                perSeed,
                100 * mean,
                100 * confidence,
                100 * lower,
                100 * upper,
                method,
                verdict);
    }
}
