package org.jpegdl.attack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpegdl.run.ComparisonDirectory;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunSummary;

/**
 * The paper's robustness comparison: for every ε, clean and attacked top-1 of the baseline and the JPEG-DL arm as mean
 * ± sample standard deviation over seeds, and the difference of the means; written by {@code compare --attacks} as
 * {@code robustness.json} and {@code robustness.md} in the comparison's directory.
 *
 * @param model model name
 * @param dataset dataset name
 * @param seeds the seeds of the runs
 * @param images test images attacked per run
 * @param settings how every run was attacked
 * @param columns "clean", the attacks' names, "worst case"
 * @param rows per ε: baseline, JPEG-DL, difference
 * @param command the command that produced it
 * @param masking every run's masking checks (null in tables written before them)
 */
public record RobustnessTable(
        String model,
        String dataset,
        List<Long> seeds,
        int images,
        AttackSettings settings,
        List<String> columns,
        List<Row> rows,
        String command,
        List<RunMasking> masking) {

    /** Top-1 (fraction) of one arm in one column: mean and sample standard deviation over seeds. */
    public record Cell(double mean, double std, List<Double> perSeed) {}

    /**
     * One line of the table; the "difference" rows hold JPEG-DL mean minus baseline mean, std 0.
     *
     * @param masking the masking checks that failed at this ε for this arm, with the runs ("score-based (jpegdl-s0)";
     *     a failed unbounded check, which belongs to no ε, in every row of its arm), "none" when none failed, null
     *     for a difference row or a table written before the checks
     */
    public record Row(double epsPixels, String arm, List<Cell> cells, String masking) {}

    /** The masking checks of one run of the table. */
    public record RunMasking(String run, String arm, MaskingChecks checks) {}

    /**
     * Attacks every finished run under {@code directory} ({@link #runs}), reusing each run's {@code attack.json} when
     * it holds the same settings, and writes the table. With {@code transfer}, each run's transfer attack uses the
     * images made on the other arm's run of the same seed.
     */
    public static RobustnessTable compare(
            Path directory, AttackSettings settings, boolean force, boolean transfer, PrintStream log, String command)
            throws IOException {
        List<AttackReport> baseline = new ArrayList<>();
        List<AttackReport> jpegDl = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        ComparisonDirectory comparison = new ComparisonDirectory(directory);
        List<RunDirectory> finished = comparison.finishedRuns();
        for (RunDirectory run : finished) {
            ComparisonDirectory.Arm arm = ComparisonDirectory.armOf(run).orElseThrow();
            boolean isBaseline = arm == ComparisonDirectory.Arm.BASELINE;
            RunSummary summary = run.readSummary();
            RunDirectory other = null;
            if (transfer) {
                RunDirectory sibling = comparison.run(
                        isBaseline ? ComparisonDirectory.Arm.JPEG_DL : ComparisonDirectory.Arm.BASELINE,
                        summary.seed());
                other = finished.stream().anyMatch(r -> r.root().equals(sibling.root())) ? sibling : null;
            }
            AttackReport report = RobustnessEvaluation.forRun(run, settings, force, log, command, other);
            (isBaseline ? baseline : jpegDl).add(report);
            if (isBaseline) {
                seeds.add(summary.seed());
            }
        }
        RobustnessTable table = of(baseline, jpegDl, seeds, command);
        Json.write(comparison.robustnessJson(), table);
        Json.writeString(comparison.robustnessMarkdown(), table.toMarkdown());
        return table;
    }

    /** {@link #compare(Path, AttackSettings, boolean, boolean, PrintStream, String)} with the transfer attack. */
    public static RobustnessTable compare(
            Path directory, AttackSettings settings, boolean force, PrintStream log, String command)
            throws IOException {
        return compare(directory, settings, force, true, log, command);
    }

    /**
     * The runs {@link #compare} attacks: every finished run under {@code directory} ({@code baseline-sSEED/} and
     * {@code jpegdl-sSEED/} with a {@code summary.json}, as {@code compare} makes them), in name order.
     */
    public static List<RunDirectory> runs(Path directory) throws IOException {
        return new ComparisonDirectory(directory).finishedRuns();
    }

    /** The table of two arms' reports (same model, data, images and settings). */
    public static RobustnessTable of(
            List<AttackReport> baseline, List<AttackReport> jpegDl, List<Long> seeds, String command) {
        if (baseline.isEmpty() || jpegDl.isEmpty()) {
            throw new IllegalArgumentException("a robustness table needs at least one attacked run in each arm");
        }
        AttackReport first = baseline.get(0);
        List<AttackReport> all = new ArrayList<>(baseline);
        all.addAll(jpegDl);
        for (AttackReport r : all) {
            if (!r.model().equals(first.model())
                    || !r.dataset().equals(first.dataset())
                    || r.images() != first.images()
                    || !r.settings().equals(first.settings())) {
                throw new IllegalArgumentException("attack reports differ in model, data set, images or settings: "
                        + r.run() + " vs " + first.run());
            }
        }
        List<String> keys = keys(jpegDl.get(0), all);
        List<String> columns = new ArrayList<>();
        columns.add("clean");
        for (String key : keys) {
            columns.add(curve(jpegDl.get(0), key).name());
        }
        List<RunMasking> masking = new ArrayList<>();
        for (AttackReport r : all) {
            if (r.masking() != null) {
                masking.add(new RunMasking(r.run(), r.jpeg() ? "JPEG-DL" : "baseline", r.masking()));
            }
        }
        boolean checked = !masking.isEmpty();
        List<Row> rows = new ArrayList<>();
        List<Double> eps = first.settings().epsPixels();
        for (int e = 0; e < eps.size(); e++) {
            List<Cell> b = cells(baseline, keys, e);
            List<Cell> j = cells(jpegDl, keys, e);
            List<Cell> difference = new ArrayList<>();
            for (int c = 0; c < b.size(); c++) {
                difference.add(new Cell(j.get(c).mean() - b.get(c).mean(), 0, null));
            }
            rows.add(new Row(eps.get(e), "baseline", b, checked ? failedAt(baseline, eps.get(e)) : null));
            rows.add(new Row(eps.get(e), "JPEG-DL", j, checked ? failedAt(jpegDl, eps.get(e)) : null));
            rows.add(new Row(eps.get(e), "difference", difference, null));
        }
        return new RobustnessTable(
                first.model(),
                first.dataset(),
                List.copyOf(seeds),
                first.images(),
                first.settings(),
                columns,
                rows,
                command,
                checked ? List.copyOf(masking) : null);
    }

    /** The checks that failed at {@code eps} (or at no single ε: unbounded) in these runs, with the runs. */
    private static String failedAt(List<AttackReport> reports, double eps) {
        java.util.Map<String, List<String>> failed = new java.util.LinkedHashMap<>();
        for (AttackReport r : reports) {
            if (r.masking() == null) {
                continue;
            }
            for (MaskingChecks.Check c : r.masking().checks()) {
                boolean here = c.failedEps().contains(eps) || c.failedEps().contains(MaskingChecks.UNBOUNDED_EPS);
                if (c.status() == MaskingChecks.Status.FAIL && here) {
                    failed.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(r.run());
                }
            }
        }
        if (failed.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        failed.forEach((key, runs) -> parts.add(key + " (" + String.join(", ", runs) + ")"));
        return String.join("; ", parts);
    }

    /**
     * Curve keys in {@code report}'s order that every report has (a run attacked without the transfer attack has no
     * transfer column), the worst case last.
     */
    private static List<String> keys(AttackReport report, List<AttackReport> all) {
        List<String> keys = new ArrayList<>();
        for (AttackReport.Curve c : report.curves()) {
            if (all.stream().allMatch(r -> r.curveFor(c.key()) != null)) {
                keys.add(c.key());
            }
        }
        keys.add(report.worstCase().key());
        return keys;
    }

    private static AttackReport.Curve curve(AttackReport report, String key) {
        if (key.equals(report.worstCase().key())) {
            return report.worstCase();
        }
        AttackReport.Curve c = report.curveFor(key);
        if (c == null) {
            throw new IllegalArgumentException(report.run() + " has no " + key + " curve");
        }
        return c;
    }

    private static List<Cell> cells(List<AttackReport> reports, List<String> keys, int e) {
        List<Cell> out = new ArrayList<>();
        out.add(cell(reports.stream().map(AttackReport::cleanTop1).toList()));
        for (String key : keys) {
            out.add(cell(reports.stream()
                    .map(r -> curve(r, key).points().get(e).top1())
                    .toList()));
        }
        return out;
    }

    private static Cell cell(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new Cell(mean, values.size() < 2 ? 0 : Math.sqrt(ss / (values.size() - 1)), List.copyOf(values));
    }

    /** The table in markdown with the command under it, then the masking checks. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%s on %s, seeds %s: top-1 (%%) under L∞ attacks on %d test images per " + "run, %s%n%n",
                model,
                dataset,
                seeds,
                images,
                seeds.size() < 2 ? "one seed: no spread" : "mean ± std over seeds"));
        boolean checked = masking != null;
        if (checked && masking.stream().anyMatch(m -> m.checks().masked())) {
            sb.append("**Gradient masking: a masking check failed (column \"masking\", details below); the gradient "
                    + "columns of those runs overstate their robustness.**\n\n");
        }
        sb.append("| eps | arm |");
        for (String c : columns) {
            sb.append(' ').append(c).append(" |");
        }
        if (checked) {
            sb.append(" masking |");
        }
        sb.append("\n| --- | --- |");
        sb.append(" --- |".repeat(columns.size() + (checked ? 1 : 0)));
        sb.append('\n');
        for (Row row : rows) {
            sb.append("| ")
                    .append(AttackSettings.format(row.epsPixels()))
                    .append(" | ")
                    .append(row.arm())
                    .append(" |");
            for (Cell c : row.cells()) {
                sb.append(
                        row.arm().equals("difference")
                                ? String.format(Locale.ROOT, " %+.2f |", 100 * c.mean())
                                : seeds.size() < 2
                                        ? String.format(Locale.ROOT, " %.2f |", 100 * c.mean())
                                        : String.format(Locale.ROOT, " %.2f ± %.2f |", 100 * c.mean(), 100 * c.std()));
            }
            if (checked) {
                sb.append(' ')
                        .append(row.masking() == null ? "" : row.masking())
                        .append(" |");
            }
            sb.append('\n');
        }
        sb.append(String.format(
                Locale.ROOT,
                "%nAn image counts as correct under an attack when it is classified "
                        + "correctly both clean and attacked. FGSM, PGD and APGD follow the network's own gradient (through "
                        + "the soft JPEG layer); BPDA-PGD keeps the real layer on the forward pass and differentiates a "
                        + "surrogate: the identity for the quantiser (BPDA-PGD), only the rounding replaced by the identity "
                        + "with the index clamp kept (BPDA-clamp), or the soft quantiser at alpha·q² = 1 (BPDA-soft); for the "
                        + "baseline they repeat the plain attack. APGD-CE and APGD-DLR: Croce and Hein's step-size-free PGD "
                        + "with momentum on the cross-entropy and the scale-invariant DLR loss (BPDA-clamp-APGD: through the "
                        + "clamp-aware surrogate). Square: score-based random search, no gradient. Surrogate transfer: PGD on "
                        + "the clamp-aware surrogate network, its images classified by the real one; transfer: images made on "
                        + "the other arm's run of the same seed. PGD step size 2.5·eps/steps, random start. Worst case: "
                        + "images that survive every attack. %s; produced by `%s`%n",
                seeds.size() < 2
                        ? "One seed: its run's values, no spread"
                        : "Mean ± sample standard deviation over seeds",
                command));
        if (checked) {
            sb.append("\nMasking checks (a failure is a sign that the gradient attacks are masked):\n\n");
            for (RunMasking m : masking) {
                sb.append("- ")
                        .append(m.run())
                        .append(" (")
                        .append(m.arm())
                        .append(")")
                        .append(m.checks().masked() ? ": **masking suspected**" : ": no sign of masking")
                        .append('\n');
                for (MaskingChecks.Check c : m.checks().checks()) {
                    sb.append("  - ")
                            .append(c.status())
                            .append(' ')
                            .append(c.name())
                            .append(": ")
                            .append(c.finding())
                            .append('\n');
                }
            }
        }
        return sb.toString();
    }
}
