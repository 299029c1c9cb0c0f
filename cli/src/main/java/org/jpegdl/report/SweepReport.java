package org.jpegdl.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.awt.Color;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jpegdl.experiment.SweepResult;
import org.jpegdl.io.AtomicFiles;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.SweepDirectory;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A sweep's page, {@code report.html} in its folder: the chosen setting, validation top-1 of every setting at every
 * rung beside the baseline's, a plot of the rungs, the chosen setting's and the baseline's validation curves at the
 * last rung, and the configuration; from {@code sweep.json} and the trials' {@code metrics.jsonl}.
 */
public final class SweepReport {

    private SweepReport() {}

    /** Draws the sweep's plots and writes its page; returns the page's path. */
    public static Path write(SweepDirectory dir) throws IOException {
        SweepResult sweep = Json.read(dir.sweepJson(), SweepResult.class);
        rungsPlot(sweep, dir.rungsPlot());
        curvesPlot(sweep, dir);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("title", "Sweep: " + sweep.model() + " on " + sweep.dataset());
        page.put(
                "lead",
                String.format(
                        Locale.ROOT,
                        "%d settings of the JPEG layer (%s), successive halving with eta "
                                + "%d over %d rungs of %d epochs, seed %d, chosen on a validation split of %.0f%% of the "
                                + "training data; the plain baseline trains at every rung on the same budget.",
                        sweep.trials().size(),
                        sweep.sampling(),
                        sweep.eta(),
                        sweep.rungImages().size(),
                        sweep.epochs(),
                        sweep.seed(),
                        100 * sweep.validationFraction()));
        page.put("chosen", chosenText(sweep));
        if (sweep.chosen() != null) {
            page.put(
                    "next",
                    "jpegdl compare --dataset " + sweep.dataset() + " --model " + sweep.model() + " --settings "
                            + dir.sweepJson() + " --epochs E --seeds 0,1,2");
        }
        List<String> heads = new ArrayList<>();
        for (int r = 0; r < sweep.rungImages().size(); r++) {
            heads.add("rung " + r + " ("
                    + SweepResult.imagesText(sweep.rungImages().get(r)) + ")");
        }
        page.put("rungHeads", heads);
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row("baseline", "no JPEG layer", sweep.baseline(), sweep, false));
        for (SweepResult.Trial t : sweep.trials()) {
            rows.add(row(
                    String.valueOf(t.id()),
                    t.label(),
                    t.rungs(),
                    sweep,
                    sweep.chosen() != null && t.id() == sweep.chosen()));
        }
        page.put("rows", rows);
        page.put("eta", sweep.eta());
        List<Figure> figures = new ArrayList<>();
        Figure.addIfPresent(
                figures,
                dir.rungsPlot(),
                "validation top-1 per rung: each line a setting, the baseline dashed " + "black");
        Figure.addIfPresent(
                figures,
                dir.curvesPlot(),
                "validation top-1 and training loss per epoch at the last rung: the "
                        + "chosen setting and the baseline");
        page.put("figures", figures);
        List<Map<String, String>> config = new ArrayList<>();
        config.add(Map.of("key", "search space", "value", sweep.space().toString()));
        config.add(Map.of(
                "key", "rungs (training images)", "value", sweep.rungImages().toString()));
        config.add(Map.of("key", "finished", "value", String.valueOf(sweep.finished())));
        page.put("config", config);
        page.put("command", sweep.command());
        page.put("source", dir.sweepJson().toString());
        Mustache template = new DefaultMustacheFactory("org/jpegdl/report").compile("sweep.mustache");
        StringWriter out = new StringWriter();
        template.execute(out, page).flush();
        Json.writeString(dir.report(), out.toString());
        return dir.report();
    }

    private static String chosenText(SweepResult sweep) {
        SweepResult.Trial best = sweep.chosenTrial();
        if (best == null) {
            return "Not finished: no setting chosen yet (rerun the same command to continue).";
        }
        int last = sweep.rungImages().size() - 1;
        SweepResult.Score b = sweep.baselineAt(last);
        double top1 = best.at(last).validationTop1();
        return String.format(
                Locale.ROOT,
                "Trial %d, %s: validation top-1 %.2f%% at the last rung%s.",
                best.id(),
                best.label(),
                100 * top1,
                b == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", the baseline %.2f%% " + "(difference %+.2f points)",
                                100 * b.validationTop1(),
                                100 * (top1 - b.validationTop1())));
    }

    private static Map<String, Object> row(
            String id, String settings, List<SweepResult.Score> scores, SweepResult sweep, boolean chosen) {
        List<String> cells = new ArrayList<>();
        for (int r = 0; r < sweep.rungImages().size(); r++) {
            SweepResult.Score s = SweepResult.scoreAt(scores, r);
            cells.add(s == null ? "" : String.format(Locale.ROOT, "%.2f", 100 * s.validationTop1()));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", chosen ? id + " (chosen)" : id);
        row.put("settings", settings);
        row.put("cells", cells);
        row.put("chosen", chosen);
        return row;
    }

    /** Validation top-1 against the rung, a line per trial, the baseline dashed black. */
    private static void rungsPlot(SweepResult sweep, Path png) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(420 + 18 * (sweep.trials().size() + 1))
                .title("validation top-1 per rung")
                .xAxisTitle("rung")
                .yAxisTitle("top-1 (%)")
                .build();
        chart.getStyler().setLegendPosition(Plots.LEGEND_BELOW);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setXAxisDecimalPattern("0");
        for (SweepResult.Trial t : sweep.trials()) {
            if (!t.rungs().isEmpty()) {
                chart.addSeries(
                        t.id() + ": " + t.label(),
                        t.rungs().stream().map(SweepResult.Score::rung).toList(),
                        t.rungs().stream().map(s -> 100 * s.validationTop1()).toList());
            }
        }
        if (!sweep.baseline().isEmpty()) {
            XYSeries b = chart.addSeries(
                    "baseline",
                    sweep.baseline().stream().map(SweepResult.Score::rung).toList(),
                    sweep.baseline().stream().map(s -> 100 * s.validationTop1()).toList());
            b.setLineStyle(SeriesLines.DASH_DASH);
            b.setLineColor(Color.BLACK);
            b.setMarker(SeriesMarkers.NONE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            return;
        }
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** The chosen trial's and the baseline's validation top-1 and training loss per epoch at the last rung. */
    private static void curvesPlot(SweepResult sweep, SweepDirectory dir) throws IOException {
        SweepResult.Trial best = sweep.chosenTrial();
        int last = sweep.rungImages().size() - 1;
        SweepResult.Score b = sweep.baselineAt(last);
        if (best == null || b == null) {
            return;
        }
        XYChart accuracy = chart("validation top-1 (%)", "%");
        XYChart loss = chart("training loss", "cross-entropy");
        Map<String, String> runs = new LinkedHashMap<>();
        // with several seeds, the first seed's runs
        runs.put("chosen: " + best.label(), best.at(last).firstRun());
        runs.put("baseline", b.firstRun());
        for (Map.Entry<String, String> run : runs.entrySet()) {
            RunDirectory r = new RunDirectory(dir.root().resolve(run.getValue()));
            if (!Files.isRegularFile(r.metrics())) {
                return;
            }
            List<EpochMetrics> m = r.readMetrics();
            List<Integer> epochs = m.stream().map(EpochMetrics::epoch).toList();
            accuracy.addSeries(
                    run.getKey(),
                    epochs,
                    m.stream().map(e -> 100 * e.validation().top1()).toList());
            loss.addSeries(
                    run.getKey(),
                    epochs,
                    m.stream().map(EpochMetrics::trainLoss).toList());
        }
        AtomicFiles.write(
                dir.curvesPlot(),
                out -> BitmapEncoder.saveBitmap(List.of(accuracy, loss), 1, 2, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(560)
                .height(400)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Plots.LEGEND_BELOW);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return chart;
    }
}
