package org.jpegdl.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.attack.AttackReport;
import org.jpegdl.attack.RobustnessTable;
import org.jpegdl.run.ComparisonDirectory;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunDirectory;

/**
 * The robustness figures, top-1 against ε drawn from the attack files: one run's curves ({@code plots/attack.png}
 * from its {@code attack.json}), two runs on one plot ({@code attack} with two runs), and the mean curves over seeds
 * with error bars ({@code robustness.png} of {@code compare --attacks}). ε = 0 is the clean accuracy.
 */
public final class AttackFigures {

    private AttackFigures() {}

    /**
     * Draws the run's {@code plots/attack.png} from its {@code attack.json} when the figure is missing or older than
     * that file (the run was attacked since), else leaves it.
     *
     * @return the figure's path
     */
    public static Path updateRun(RunDirectory run) throws IOException {
        Path json = run.attackReport();
        Path png = run.attackPlot();
        if (FigureFiles.outdated(png, json)) {
            AttackReport report = Json.read(json, AttackReport.class);
            Plots.accuracyVsEps(report.run() + ": top-1 under attack", series(report, ""), png);
        }
        return png;
    }

    /** Where {@link #writePair} puts the figure of two runs by default: {@code FIRST/plots/attack-vs-SECOND.png}. */
    public static Path pairFile(RunDirectory first, AttackReport second) {
        return first.attackPlotAgainst(second.run());
    }

    /** Both runs' curves on one plot, each named after its run, the baseline's dashed. */
    public static void writePair(AttackReport first, AttackReport second, Path png) throws IOException {
        List<Plots.Series> series = new ArrayList<>();
        for (AttackReport r : List.of(first, second)) {
            series.addAll(series(r, r.run() + " "));
        }
        Plots.accuracyVsEps(first.run() + " and " + second.run() + ": top-1 under attack", series, png);
    }

    /**
     * Draws {@code robustness.png} in the comparison's {@code directory}: mean curves of both arms with
     * one-standard-deviation error bars (the baseline dashed).
     *
     * @return the figure's path
     */
    public static Path writeRobustness(RobustnessTable table, Path directory) throws IOException {
        Path png = new ComparisonDirectory(directory).robustnessPlot();
        Plots.accuracyVsEps(
                table.model() + " on " + table.dataset() + ": top-1 under attack, mean ± std over seeds",
                series(table),
                png);
        return png;
    }

    /** A run's curves as plot series (ε = 0 is the clean accuracy), names prefixed with {@code prefix}. */
    static List<Plots.Series> series(AttackReport report, String prefix) {
        List<Plots.Series> out = new ArrayList<>();
        List<AttackReport.Curve> curves = new ArrayList<>(report.curves());
        curves.add(report.worstCase());
        for (AttackReport.Curve c : curves) {
            if (!report.jpeg() && c.repeatsPlainAttack()) {
                continue; // a baseline's BPDA and surrogate curves repeat its plain attacks
            }
            double[] x = new double[c.points().size() + 1];
            double[] y = new double[x.length];
            y[0] = 100 * report.cleanTop1();
            for (int i = 0; i < c.points().size(); i++) {
                x[i + 1] = c.points().get(i).epsPixels();
                y[i + 1] = 100 * c.points().get(i).top1();
            }
            out.add(new Plots.Series(prefix + c.name(), x, y, null, !prefix.isEmpty() && !report.jpeg()));
        }
        return out;
    }

    /** Mean curves of both arms of a table with one-standard-deviation error bars (the baseline dashed). */
    static List<Plots.Series> series(RobustnessTable table) {
        List<Plots.Series> out = new ArrayList<>();
        for (String arm : List.of("baseline", "JPEG-DL")) {
            List<RobustnessTable.Row> armRows =
                    table.rows().stream().filter(r -> r.arm().equals(arm)).toList();
            for (int c = 1; c < table.columns().size(); c++) {
                double[] x = new double[armRows.size() + 1];
                double[] y = new double[x.length];
                double[] err = new double[x.length];
                RobustnessTable.Cell clean = armRows.get(0).cells().get(0);
                y[0] = 100 * clean.mean();
                err[0] = 100 * clean.std();
                for (int i = 0; i < armRows.size(); i++) {
                    RobustnessTable.Cell cell = armRows.get(i).cells().get(c);
                    x[i + 1] = armRows.get(i).epsPixels();
                    y[i + 1] = 100 * cell.mean();
                    err[i + 1] = 100 * cell.std();
                }
                out.add(new Plots.Series(arm + " " + table.columns().get(c), x, y, err, arm.equals("baseline")));
            }
        }
        return out;
    }
}
