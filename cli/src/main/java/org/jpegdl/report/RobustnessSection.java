package org.jpegdl.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpegdl.attack.AttackReport;
import org.jpegdl.attack.MaskingChecks;
import org.jpegdl.attack.RobustnessTable;
import org.jpegdl.run.ComparisonDirectory;
import org.jpegdl.run.Json;

/**
 * Robustness: a comparison's table of top-1 under attack (mean over seeds), the masking checks of every run, and the
 * robustness figures.
 *
 * @param table the first comparison's table, or null
 * @param checks every run's masking checks
 * @param hasChecks whether there are any
 * @param masked whether a check failed for some run
 * @param figures the robustness figures
 */
record RobustnessSection(Table table, List<RunChecks> checks, boolean hasChecks, boolean masked, List<Figure> figures) {

    /**
     * A comparison's robustness table.
     *
     * @param maskingHeader whether the table has a masking column
     * @param checks the masking checks of the comparison's runs
     * @param description what the table holds and the command that made it
     * @param columns clean, each attack, the worst case
     * @param rows one per ε and arm, and the difference
     */
    record Table(
            boolean maskingHeader, List<RunChecks> checks, String description, List<String> columns, List<Row> rows) {}

    /**
     * One row of the table.
     *
     * @param eps the budget
     * @param arm baseline, JPEG-DL or difference
     * @param delta whether it is the difference row
     * @param cells one per column
     * @param maskingCells the arm's failed checks at this ε (one cell when the table has the column)
     */
    record Row(String eps, String arm, boolean delta, List<Cell> cells, List<String> maskingCells) {}

    /**
     * One cell.
     *
     * @param mean the mean top-1 (or difference)
     * @param text as the page shows it
     */
    record Cell(double mean, String text) {}

    /**
     * One run's masking checks.
     *
     * @param run the run
     * @param arm baseline or JPEG-DL
     * @param masked whether any check failed
     * @param verdict that, in words
     * @param items every check's outcome
     */
    record RunChecks(String run, String arm, boolean masked, String verdict, List<Item> items) {}

    /**
     * One check's outcome.
     *
     * @param status PASS, FAIL or NOT_RUN
     * @param failed whether it failed
     * @param name the check
     * @param finding what it found
     */
    record Item(String status, boolean failed, String name, String finding) {}

    /** The section of these runs and comparisons; null when they have nothing on robustness. */
    static RobustnessSection of(List<RunReport.Run> runs, List<Path> comparisons) throws IOException {
        Table table = null;
        List<Figure> figures = new ArrayList<>();
        for (Path dir : comparisons) {
            if (Files.isRegularFile(new ComparisonDirectory(dir).robustnessJson())) {
                RobustnessTable t = Json.read(new ComparisonDirectory(dir).robustnessJson(), RobustnessTable.class);
                table = table == null ? table(t) : table;
            }
            Figure.addIfPresent(
                    figures,
                    new ComparisonDirectory(dir).robustnessPlot(),
                    dir.getFileName() + ": top-1 under attack, mean ± std over seeds");
        }
        List<RunChecks> checks = new ArrayList<>();
        if (table == null) {
            for (RunReport.Run r : runs) {
                for (Path png : r.dir().attackPlots()) {
                    Figure.addIfPresent(figures, png, r.name() + ": top-1 under attack (" + png.getFileName() + ")");
                }
                if (Files.isRegularFile(r.dir().attackReport())) {
                    AttackReport report = Json.read(r.dir().attackReport(), AttackReport.class);
                    if (report.masking() != null) {
                        checks.add(checks(report.run(), report.jpeg() ? "JPEG-DL" : "baseline", report.masking()));
                    }
                }
            }
        } else {
            checks.addAll(table.checks());
        }
        if (table == null && figures.isEmpty() && checks.isEmpty()) {
            return null;
        }
        return new RobustnessSection(
                table, checks, !checks.isEmpty(), checks.stream().anyMatch(RunChecks::masked), figures);
    }

    /** One run's masking checks for the page. */
    private static RunChecks checks(String run, String arm, MaskingChecks checks) {
        List<Item> items = checks.checks().stream()
                .map(c -> new Item(c.status().name(), c.status() == MaskingChecks.Status.FAIL, c.name(), c.finding()))
                .toList();
        return new RunChecks(
                run, arm, checks.masked(), checks.masked() ? "masking suspected" : "no sign of masking", items);
    }

    private static Table table(RobustnessTable t) {
        List<Row> rows = new ArrayList<>();
        for (RobustnessTable.Row row : t.rows()) {
            boolean delta = row.arm().equals("difference");
            List<Cell> cells = new ArrayList<>();
            for (RobustnessTable.Cell c : row.cells()) {
                String text = delta
                        ? String.format(Locale.ROOT, "%+.2f", 100 * c.mean())
                        : t.seeds().size() > 1 ? Texts.pm(c.mean(), c.std()) : Texts.percent(c.mean());
                cells.add(new Cell(c.mean(), text));
            }
            // the masking column: this arm's failed checks at this eps (empty on difference rows)
            rows.add(new Row(
                    String.format(Locale.ROOT, "%.3g/255", row.epsPixels()),
                    row.arm(),
                    delta,
                    cells,
                    t.masking() == null ? List.of() : List.of(row.masking() == null ? "" : row.masking())));
        }
        List<RunChecks> checks = new ArrayList<>();
        if (t.masking() != null) {
            for (RobustnessTable.RunMasking m : t.masking()) {
                checks.add(checks(m.run(), m.arm(), m.checks()));
            }
        }
        return new Table(
                t.masking() != null,
                checks,
                String.format(
                        Locale.ROOT,
                        "%s on %s, %,d test images per "
                                + "run, %s: top-1 (%%) clean and under each attack; produced by %s",
                        t.model(),
                        t.dataset(),
                        t.images(),
                        Texts.seeds(t.seeds()),
                        t.command()),
                t.columns(),
                rows);
    }
}
