package org.jpegdl.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jpegdl.run.RunSummary;

/**
 * Baseline against JPEG-DL over seeds: top-1 and top-5 as mean ± sample standard deviation, the difference of the
 * means, the paired difference per seed with its confidence interval and verdict ({@link PairedDifference}), and
 * wall time; written by {@code compare} as {@code compare.json} and {@code compare.md}.
 *
 * @param model model name
 * @param dataset dataset name
 * @param epochs epochs of every run
 * @param seeds seeds, the same for both arms
 * @param baseline the baseline arm
 * @param jpegDl the JPEG-DL arm
 * @param deltaTop1 JPEG-DL mean top-1 minus baseline mean top-1 (fraction)
 * @param deltaTop5 likewise for top-5
 * @param command the command that produced it
 * @param paired the paired top-1 difference per seed with its confidence interval and verdict (absent in
 *     comparisons written before it was recorded)
 */
public record Comparison(
        String model,
        String dataset,
        int epochs,
        List<Long> seeds,
        Arm baseline,
        Arm jpegDl,
        double deltaTop1,
        double deltaTop5,
        String command,
        @JsonInclude(JsonInclude.Include.NON_NULL) PairedDifference paired) {

    /** One arm's statistics over its runs. */
    public record Arm(
            String name,
            int runs,
            double top1Mean,
            double top1Std,
            double top5Mean,
            double top5Std,
            double wallSeconds,
            List<Double> top1PerSeed) {

        static Arm of(String name, List<RunSummary> runs) {
            List<Double> top1 = runs.stream().map(RunSummary::finalTop1).toList();
            List<Double> top5 = runs.stream().map(RunSummary::finalTop5).toList();
            return new Arm(
                    name,
                    runs.size(),
                    mean(top1),
                    std(top1),
                    mean(top5),
                    std(top5),
                    runs.stream().mapToDouble(RunSummary::wallSeconds).sum(),
                    top1);
        }
    }

    /** Compares two lists of finished runs of the same model, data and schedule. */
    public static Comparison of(List<RunSummary> baseline, List<RunSummary> jpegDl, String command) {
        if (baseline.isEmpty() || jpegDl.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one finished run in each arm");
        }
        RunSummary first = baseline.get(0);
        for (RunSummary r : concat(baseline, jpegDl)) {
            if (!r.model().equals(first.model())
                    || !r.dataset().equals(first.dataset())
                    || r.epochs() != first.epochs()) {
                throw new IllegalArgumentException(
                        "runs differ in model, data set or epochs: " + r.name() + " vs " + first.name());
            }
        }
        Arm b = Arm.of("baseline", baseline);
        Arm j = Arm.of("JPEG-DL", jpegDl);
        PairedDifference paired =
                PairedDifference.of(top1BySeed(baseline), top1BySeed(jpegDl), PairedDifference.CONFIDENCE);
        return new Comparison(
                first.model(),
                first.dataset(),
                first.epochs(),
                baseline.stream().map(RunSummary::seed).toList(),
                b,
                j,
                j.top1Mean() - b.top1Mean(),
                j.top5Mean() - b.top5Mean(),
                command,
                paired);
    }

    private static Map<Long, Double> top1BySeed(List<RunSummary> runs) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (RunSummary r : runs) {
            if (out.put(r.seed(), r.finalTop1()) != null) {
                throw new IllegalArgumentException("two runs of one arm have seed " + r.seed());
            }
        }
        return out;
    }

    /** A fraction in percent: mean ± sample standard deviation over several runs, the value alone for one. */
    private static String meanAndSpread(double mean, double std, int runs) {
        return runs < 2
                ? String.format(Locale.ROOT, "%.2f", 100 * mean)
                : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * std);
    }

    /** A markdown table with the command under it. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s on %s, %d epochs, seeds %s%n%n", model, dataset, epochs, seeds));
        sb.append("| arm | runs | top-1 (%) | top-5 (%) | wall time |\n| --- | --- | --- | --- | --- |\n");
        for (Arm a : List.of(baseline, jpegDl)) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %s | %s | %s |%n",
                    a.name(),
                    a.runs(),
                    meanAndSpread(a.top1Mean(), a.top1Std(), a.runs()),
                    meanAndSpread(a.top5Mean(), a.top5Std(), a.runs()),
                    duration(a.wallSeconds())));
        }
        sb.append(String.format(Locale.ROOT, "| difference | | %+.2f | %+.2f | |%n", 100 * deltaTop1, 100 * deltaTop5));
        sb.append(String.format(
                Locale.ROOT,
                "%n%s; produced by `%s`%n",
                seeds.size() < 2
                        ? "one seed: top-1 and top-5 of its one run each, no spread"
                        : "mean ± sample standard deviation over " + "seeds",
                command));
        if (paired != null) {
            sb.append(String.format(Locale.ROOT, "%n%s%n", paired.describe()));
        }
        return sb.toString();
    }

    /** A wall time as 1h02m or 3m05s. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static double std(List<Double> v) {
        if (v.size() < 2) {
            return 0;
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.size() - 1));
    }

    private static List<RunSummary> concat(List<RunSummary> a, List<RunSummary> b) {
        List<RunSummary> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
