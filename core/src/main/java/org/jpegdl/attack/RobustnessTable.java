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
 */
public record RobustnessTable(String model, String dataset, List<Long> seeds, int images, AttackSettings settings,
        List<String> columns, List<Row> rows, String command) {

    /** Top-1 (fraction) of one arm in one column: mean and sample standard deviation over seeds. */
    public record Cell(double mean, double std, List<Double> perSeed) {}

    /** One line of the table; the "difference" rows hold JPEG-DL mean minus baseline mean, std 0. */
    public record Row(double epsPixels, String arm, List<Cell> cells) {}

    /**
     * Attacks every finished run under {@code directory} ({@link #runs}), reusing each run's {@code attack.json} when
     * it holds the same settings, and writes the table.
     */
    public static RobustnessTable compare(Path directory, AttackSettings settings, boolean force, PrintStream log,
            String command) throws IOException {
        List<AttackReport> baseline = new ArrayList<>();
        List<AttackReport> jpegDl = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        ComparisonDirectory comparison = new ComparisonDirectory(directory);
        for (RunDirectory run : comparison.finishedRuns()) {
            boolean isBaseline = ComparisonDirectory.armOf(run).orElseThrow() == ComparisonDirectory.Arm.BASELINE;
            AttackReport report = RobustnessEvaluation.forRun(run, settings, force, log, command);
            (isBaseline ? baseline : jpegDl).add(report);
            RunSummary summary = run.readSummary();
            if (isBaseline) {
                seeds.add(summary.seed());
            }
        }
        RobustnessTable table = of(baseline, jpegDl, seeds, command);
        Json.write(comparison.robustnessJson(), table);
        Json.writeString(comparison.robustnessMarkdown(), table.toMarkdown());
        return table;
    }

    /**
     * The runs {@link #compare} attacks: every finished run under {@code directory} ({@code baseline-sSEED/} and
     * {@code jpegdl-sSEED/} with a {@code summary.json}, as {@code compare} makes them), in name order.
     */
    public static List<RunDirectory> runs(Path directory) throws IOException {
        return new ComparisonDirectory(directory).finishedRuns();
    }

    /** The table of two arms' reports (same model, data, images and settings). */
    public static RobustnessTable of(List<AttackReport> baseline, List<AttackReport> jpegDl, List<Long> seeds,
            String command) {
        if (baseline.isEmpty() || jpegDl.isEmpty()) {
            throw new IllegalArgumentException("a robustness table needs at least one attacked run in each arm");
        }
        AttackReport first = baseline.get(0);
        List<AttackReport> all = new ArrayList<>(baseline);
        all.addAll(jpegDl);
        for (AttackReport r : all) {
            if (!r.model().equals(first.model()) || !r.dataset().equals(first.dataset())
                    || r.images() != first.images() || !r.settings().equals(first.settings())) {
                throw new IllegalArgumentException("attack reports differ in model, data set, images or settings: "
                        + r.run() + " vs " + first.run());
            }
        }
        List<String> keys = keys(jpegDl.get(0));
        List<String> columns = new ArrayList<>();
        columns.add("clean");
        for (String key : keys) {
            columns.add(curve(jpegDl.get(0), key).name());
        }
        List<Row> rows = new ArrayList<>();
        List<Double> eps = first.settings().epsPixels();
        for (int e = 0; e < eps.size(); e++) {
            List<Cell> b = cells(baseline, keys, e);
            List<Cell> j = cells(jpegDl, keys, e);
            List<Cell> difference = new ArrayList<>();
            for (int c = 0; c < b.size(); c++) {
                difference.add(new Cell(j.get(c).mean() - b.get(c).mean(), 0, null));
            }
            rows.add(new Row(eps.get(e), "baseline", b));
            rows.add(new Row(eps.get(e), "JPEG-DL", j));
            rows.add(new Row(eps.get(e), "difference", difference));
        }
        return new RobustnessTable(first.model(), first.dataset(), List.copyOf(seeds), first.images(),
                first.settings(), columns, rows, command);
    }

    /** Curve keys in report order, the worst case last. */
    private static List<String> keys(AttackReport report) {
        List<String> keys = new ArrayList<>();
        for (AttackReport.Curve c : report.curves()) {
            keys.add(c.key());
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
            out.add(cell(reports.stream().map(r -> curve(r, key).points().get(e).top1()).toList()));
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

    /** The table in markdown with the command under it. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s on %s, seeds %s: top-1 (%%) under L∞ attacks on %d test images per "
                + "run, mean ± std over seeds%n%n", model, dataset, seeds, images));
        sb.append("| eps | arm |");
        for (String c : columns) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append("\n| --- | --- |");
        sb.append(" --- |".repeat(columns.size()));
        sb.append('\n');
        for (Row row : rows) {
            sb.append("| ").append(AttackSettings.format(row.epsPixels())).append(" | ").append(row.arm()).append(" |");
            for (Cell c : row.cells()) {
                sb.append(row.arm().equals("difference")
                        ? String.format(Locale.ROOT, " %+.2f |", 100 * c.mean())
                        : String.format(Locale.ROOT, " %.2f ± %.2f |", 100 * c.mean(), 100 * c.std()));
            }
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%nAn image counts as correct under an attack when it is classified "
                + "correctly both clean and attacked. FGSM and PGD follow the network's own gradient (through the "
                + "soft JPEG layer); BPDA-PGD follows the gradient with the quantiser replaced by the identity on the "
                + "backward pass (for the baseline it repeats the strong PGD); PGD step size 2.5·eps/steps, random "
                + "start. Worst case: images that survive every attack. Mean ± sample standard deviation over "
                + "seeds%s; produced by `%s`%n", seeds.size() < 2 ? " (one seed: no spread)" : "", command));
        return sb.toString();
    }
}
