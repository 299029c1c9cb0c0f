package org.jpegdl.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jpegdl.codec.RateAccuracy;
import org.jpegdl.codec.RateSweep;
import org.jpegdl.experiment.ImageMultipliers;
import org.jpegdl.io.AtomicFiles;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.SensitivityMap;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG figures of runs, drawn with XChart (a maintained, dependency-free Java charting library that renders
 * headless): training curves, accuracy against an attack's ε, 8×8 table and sensitivity heat maps, rate curves of
 * real JPEG files.
 */
public final class Plots {

    /**
     * Where the line charts put their legends: under the plot area, so no legend box covers a plotted point (inside
     * the plot it hid the last epoch's values, and with six runs most of a panel).
     */
    static final Styler.LegendPosition LEGEND_BELOW = Styler.LegendPosition.OutsideS;
    /** Height in pixels one legend entry takes under a chart. */
    private static final int LEGEND_LINE = 18;

    private Plots() {}

    /** Loss, accuracy and learning-rate curves of one or more runs (same axes), one panel each. */
    public static void curves(Map<String, List<EpochMetrics>> runs, Path png) throws IOException {
        save(curveCharts(runs), 1, 3, png);
    }

    /**
     * The three panels of {@link #curves}: loss, accuracy, learning rates. Lines that would lie exactly on one another
     * (the model's rate of a baseline and of a JPEG-DL run on one schedule, say) are drawn once under every name they
     * stand for, so each line the legend names is visible, in the legend's order.
     */
    static List<XYChart> curveCharts(Map<String, List<EpochMetrics>> runs) {
        int entries = 2 * runs.size();
        Lines loss = new Lines();
        Lines accuracy = new Lines();
        Lines rates = new Lines();
        for (Map.Entry<String, List<EpochMetrics>> run : runs.entrySet()) {
            List<EpochMetrics> m = run.getValue();
            if (m.isEmpty()) {
                continue;
            }
            String name = run.getKey();
            List<Integer> epochs = m.stream().map(EpochMetrics::epoch).toList();
            loss.add(
                    name,
                    "train",
                    epochs,
                    m.stream().map(EpochMetrics::trainLoss).toList());
            loss.add(
                    name, "test", epochs, m.stream().map(EpochMetrics::testLoss).toList());
            accuracy.add(
                    name,
                    "train",
                    epochs,
                    m.stream().map(e -> 100 * e.trainTop1()).toList());
            accuracy.add(
                    name,
                    "test",
                    epochs,
                    m.stream().map(e -> 100 * e.testTop1()).toList());
            rates.add(
                    name, "model", epochs, m.stream().map(EpochMetrics::modelLr).toList());
            if (m.get(0).tableLr() > 0) {
                rates.add(
                        name,
                        "tables",
                        epochs,
                        m.stream().map(EpochMetrics::tableLr).toList());
            }
        }
        XYChart rateChart = rates.draw(xy("learning rates", "lr", entries));
        rateChart.getStyler().setYAxisLogarithmic(true);
        return List.of(
                loss.draw(xy("loss", "cross-entropy", entries)),
                accuracy.draw(xy("top-1 accuracy (%)", "%", entries)),
                rateChart);
    }

    /** The names of the learning-rate panel's lines, in the legend's order (lines drawn once for several names). */
    public static List<String> learningRateLines(Map<String, List<EpochMetrics>> runs) {
        return curveCharts(runs).get(2).getSeriesMap().keySet().stream().toList();
    }

    /** The lines of one panel: identical ones merged into one line named after every run and kind it stands for. */
    private static final class Lines {
        /** One line to draw: its points and the (run, kind) names it stands for. */
        private record Line(List<Integer> x, List<Double> y, List<String[]> names) {
            String label() {
                boolean oneKind = names.stream().map(n -> n[1]).distinct().count() == 1;
                return oneKind
                        ? names.stream().map(n -> n[0]).collect(Collectors.joining(", ")) + " " + names.get(0)[1]
                        : names.stream().map(n -> n[0] + " " + n[1]).collect(Collectors.joining(", "));
            }
        }

        private final List<Line> lines = new ArrayList<>();

        void add(String run, String kind, List<Integer> x, List<Double> y) {
            for (Line line : lines) {
                if (line.x().equals(x) && line.y().equals(y)) {
                    line.names().add(new String[] {run, kind});
                    return;
                }
            }
            List<String[]> names = new ArrayList<>();
            names.add(new String[] {run, kind});
            lines.add(new Line(x, y, names));
        }

        XYChart draw(XYChart chart) {
            for (Line line : lines) {
                chart.addSeries(line.label(), line.x(), line.y());
            }
            return chart;
        }
    }

    /**
     * How far the step tables travelled from their start, per epoch, one series per run and table (and round when
     * there are several): mean and largest |q − q₀| in grey levels, and mean |q − q₀| / q₀ in %.
     */
    public static void travel(Map<String, List<EpochMetrics>> runs, Path png) throws IOException {
        int entries = 0;
        for (List<EpochMetrics> m : runs.values()) {
            entries += m.isEmpty() || m.get(m.size() - 1).travel() == null
                    ? 0
                    : 2 * m.get(m.size() - 1).travel().size();
        }
        XYChart mean = xy("mean change from the start", "|q − q₀| (grey levels)", entries);
        XYChart largest = xy("largest change from the start", "|q − q₀| (grey levels)", entries);
        XYChart relative = xy("mean relative change", "|q − q₀| / q₀ (%)", entries);
        for (Map.Entry<String, List<EpochMetrics>> run : runs.entrySet()) {
            List<EpochMetrics> m =
                    run.getValue().stream().filter(e -> e.travel() != null).toList();
            if (m.isEmpty()) {
                continue;
            }
            List<Integer> epochs = m.stream().map(EpochMetrics::epoch).toList();
            int rounds = m.get(0).travel().size();
            for (int r = 0; r < rounds; r++) {
                int round = r;
                String suffix = rounds > 1 ? " round " + r : "";
                for (boolean luma : new boolean[] {true, false}) {
                    List<EpochMetrics.TableTravel> t = m.stream()
                            .map(e -> luma
                                    ? e.travel().get(round).luma()
                                    : e.travel().get(round).chroma())
                            .toList();
                    if (t.get(0) == null) {
                        continue;
                    }
                    String name = run.getKey() + (luma ? " luma" : " chroma") + suffix;
                    mean.addSeries(
                            name,
                            epochs,
                            t.stream()
                                    .map(EpochMetrics.TableTravel::meanAbsolute)
                                    .toList());
                    largest.addSeries(
                            name,
                            epochs,
                            t.stream()
                                    .map(EpochMetrics.TableTravel::largestAbsolute)
                                    .toList());
                    relative.addSeries(
                            name,
                            epochs,
                            t.stream().map(x -> 100 * x.meanRelative()).toList());
                }
            }
        }
        save(List.of(mean, largest, relative), 1, 3, png);
    }

    /**
     * One curve of {@link #accuracyVsEps}: top-1 (%) at each ε (pixel levels of 255), with optional error bars (one
     * standard deviation) and a dashed line to tell a second run apart.
     */
    public record Series(String name, double[] epsPixels, double[] top1Percent, double[] error, boolean dashed) {}

    /** Accuracy against the attack budget ε, one line per series. */
    public static void accuracyVsEps(String title, List<Series> series, Path png) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(760)
                .height(500)
                .title(title)
                .xAxisTitle("eps (pixel levels of 255)")
                .yAxisTitle("top-1 (%)")
                .build();
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        for (Series s : series) {
            XYSeries line = s.error() == null
                    ? chart.addSeries(s.name(), s.epsPixels(), s.top1Percent())
                    : chart.addSeries(s.name(), s.epsPixels(), s.top1Percent(), s.error());
            if (s.dashed()) {
                line.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        save(List.of(chart), 1, 1, png);
    }

    /** Heat maps of 8×8 tables, one panel per named table (natural row-major order), values printed. */
    public static void tableHeatMaps(Map<String, float[]> tables, Path png) throws IOException {
        List<HeatMapChart> charts = new ArrayList<>();
        for (Map.Entry<String, float[]> e : tables.entrySet()) {
            double[] v = new double[64];
            for (int i = 0; i < 64; i++) {
                v[i] = e.getValue()[i];
            }
            charts.add(heatMap(e.getKey(), v, "#.#"));
        }
        save(charts, (charts.size() + 3) / 4, Math.min(4, charts.size()), png);
    }

    /** Heat maps of a sensitivity map's channels (log10 of the mean squared gradient). */
    public static void sensitivityHeatMaps(SensitivityMap map, Path png) throws IOException {
        List<HeatMapChart> charts = new ArrayList<>();
        charts.add(heatMap("Y sensitivity (log10)", log10(map.y()), "#.#"));
        if (map.cb() != null) {
            charts.add(heatMap("Cb sensitivity (log10)", log10(map.cb()), "#.#"));
            charts.add(heatMap("Cr sensitivity (log10)", log10(map.cr()), "#.#"));
        }
        save(charts, 1, charts.size(), png);
    }

    /**
     * The rate curves of {@code jpegdl rate}: top-1 and PSNR against whole-file bits per pixel for the standard
     * quality ladder (each point labelled with its quality), with the learned tables' point marked apart.
     */
    public static void rateAccuracy(RateAccuracy.Curve curve, Path png) throws IOException {
        XYChart accuracy =
                rateChart("top-1 on decoded JPEG files (" + curve.images() + " test images)", "top-1 accuracy (%)");
        XYChart quality = rateChart("PSNR of the decoded files", "PSNR (dB)");
        List<RateAccuracy.Point> ladder = curve.standard();
        List<Double> bpp = ladder.stream().map(RateAccuracy.Point::bitsPerPixel).toList();
        if (ladder.get(0).top1Hard() != null) {
            accuracy.addSeries(
                    "standard tables, hard JPEG layer",
                    bpp,
                    ladder.stream().map(p -> 100 * p.top1Hard()).toList());
        }
        accuracy.addSeries(
                "standard tables, layer bypassed",
                bpp,
                ladder.stream().map(p -> 100 * p.top1Bypassed()).toList());
        List<RateAccuracy.Point> finite =
                ladder.stream().filter(p -> p.psnr() != null).toList();
        if (!finite.isEmpty()) {
            quality.addSeries(
                    "standard tables",
                    finite.stream().map(RateAccuracy.Point::bitsPerPixel).toList(),
                    finite.stream().map(RateAccuracy.Point::psnr).toList());
        }
        List<RateAccuracy.Point> ladder420 = curve.standard420();
        if (ladder420 != null && !ladder420.isEmpty()) {
            List<Double> x =
                    ladder420.stream().map(RateAccuracy.Point::bitsPerPixel).toList();
            accuracy.addSeries(
                    "standard tables 4:2:0, layer bypassed",
                    x,
                    ladder420.stream().map(p -> 100 * p.top1Bypassed()).toList());
            List<RateAccuracy.Point> finite420 =
                    ladder420.stream().filter(p -> p.psnr() != null).toList();
            if (!finite420.isEmpty()) {
                quality.addSeries(
                        "standard tables 4:2:0",
                        finite420.stream().map(RateAccuracy.Point::bitsPerPixel).toList(),
                        finite420.stream().map(RateAccuracy.Point::psnr).toList());
            }
        }
        for (RateAccuracy.Point p : ladder) {
            accuracy.addAnnotation(
                    new AnnotationText("q" + p.quality(), p.bitsPerPixel(), 100 * p.top1Bypassed(), false));
            if (p.psnr() != null) {
                quality.addAnnotation(new AnnotationText("q" + p.quality(), p.bitsPerPixel(), p.psnr(), false));
            }
        }
        RateAccuracy.Point learned = curve.learned();
        if (learned != null) {
            List<Double> x = List.of(learned.bitsPerPixel());
            if (learned.top1Hard() != null) {
                marked(
                        accuracy.addSeries("learned tables, hard JPEG layer", x, List.of(100 * learned.top1Hard())),
                        new Color(0xd62728),
                        SeriesMarkers.DIAMOND);
            }
            marked(
                    accuracy.addSeries("learned tables, layer bypassed", x, List.of(100 * learned.top1Bypassed())),
                    new Color(0x2ca02c),
                    SeriesMarkers.SQUARE);
            if (learned.psnr() != null) {
                marked(
                        quality.addSeries("learned tables", x, List.of(learned.psnr())),
                        new Color(0xd62728),
                        SeriesMarkers.DIAMOND);
            }
        }
        RateAccuracy.Point adaptive = curve.adaptive();
        if (adaptive != null) {
            List<Double> x = List.of(adaptive.bitsPerPixel());
            if (adaptive.top1Hard() != null) {
                marked(
                        accuracy.addSeries(
                                "each image's own tables, hard JPEG layer", x, List.of(100 * adaptive.top1Hard())),
                        new Color(0x9467bd),
                        SeriesMarkers.TRIANGLE_UP);
            }
            marked(
                    accuracy.addSeries(
                            "each image's own tables, layer bypassed", x, List.of(100 * adaptive.top1Bypassed())),
                    new Color(0x8c564b),
                    SeriesMarkers.TRIANGLE_DOWN);
            if (adaptive.psnr() != null) {
                marked(
                        quality.addSeries("each image's own tables", x, List.of(adaptive.psnr())),
                        new Color(0x9467bd),
                        SeriesMarkers.TRIANGLE_UP);
            }
        }
        save(List.of(accuracy, quality), 1, 2, png);
    }

    /**
     * A λ sweep of learned tables over the standard ladder (top-1 on decoded files, the classifier without the
     * layer, against bits per pixel): the ladder 4:4:4 and 4:2:0 as lines, the learned points joined in order of rate,
     * each labelled.
     */
    public static void rateSweep(RateSweep sweep, Path png) throws IOException {
        XYChart chart = rateChart(
                "learned tables over the standard quality ladder"
                        + (sweep.sharedClassifier()
                                ? " (one classifier)"
                                : " (each run its own classifier; the first run's ladder)"),
                "top-1 on decoded files (%)");
        List<RateAccuracy.Point> ladder = sweep.standard();
        chart.addSeries(
                "standard tables 4:4:4",
                ladder.stream().map(RateAccuracy.Point::bitsPerPixel).toList(),
                ladder.stream().map(p -> 100 * p.top1Bypassed()).toList());
        for (RateAccuracy.Point p : ladder) {
            chart.addAnnotation(new AnnotationText("q" + p.quality(), p.bitsPerPixel(), 100 * p.top1Bypassed(), false));
        }
        if (sweep.standard420() != null && !sweep.standard420().isEmpty()) {
            chart.addSeries(
                    "standard tables 4:2:0",
                    sweep.standard420().stream()
                            .map(RateAccuracy.Point::bitsPerPixel)
                            .toList(),
                    sweep.standard420().stream()
                            .map(p -> 100 * p.top1Bypassed())
                            .toList());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sweep.learned().size(); i++) {
            order.add(i);
        }
        order.sort(
                java.util.Comparator.comparingDouble(i -> sweep.learned().get(i).bitsPerPixel()));
        XYSeries learned = chart.addSeries(
                "learned tables",
                order.stream().map(i -> sweep.learned().get(i).bitsPerPixel()).toList(),
                order.stream()
                        .map(i -> 100 * sweep.learned().get(i).top1Bypassed())
                        .toList());
        marked(learned, new Color(0xd62728), SeriesMarkers.DIAMOND);
        learned.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        learned.setLineColor(new Color(0xd62728));
        for (int i : order) {
            RateAccuracy.Point p = sweep.learned().get(i);
            Double lambda = sweep.lambdas().get(i);
            chart.addAnnotation(new AnnotationText(
                    lambda == null ? "CE" : "λ " + lambda, p.bitsPerPixel(), 100 * p.top1Bypassed() - 0.6, false));
        }
        save(List.of(chart), 1, 1, png);
    }

    /**
     * What an adaptive layer's predictor gives the test images: the distribution of each image's coarseness (the
     * geometric mean of its multipliers) and its geometric mean per class.
     */
    public static void adaptiveMultipliers(ImageMultipliers.Summary s, Path png) throws IOException {
        int bins = 30;
        double lo = Arrays.stream(s.coarseness()).min().orElse(1);
        double hi = Arrays.stream(s.coarseness()).max().orElse(1);
        double width = hi > lo ? (hi - lo) / bins : 1;
        List<Double> centres = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            centres.add(lo + (b + 0.5) * width);
            counts.add(0.0);
        }
        for (double c : s.coarseness()) {
            int b = (int) Math.min(bins - 1, Math.floor((c - lo) / width));
            counts.set(b, counts.get(b) + 1);
        }
        XYChart histogram = new XYChartBuilder()
                .width(520)
                .height(380)
                .title("Coarseness of each test image's " + "tables (" + s.images() + " images)")
                .xAxisTitle("geometric mean of the image's multipliers")
                .yAxisTitle("images")
                .build();
        histogram.getStyler().setLegendVisible(false);
        histogram.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        histogram.getStyler().setXAxisDecimalPattern("0.000");
        histogram.addSeries("images", centres, counts).setMarker(SeriesMarkers.NONE);
        CategoryChart perClass = new CategoryChartBuilder()
                .width(520)
                .height(380)
                .title("Coarseness per class")
                .xAxisTitle("class")
                .yAxisTitle("geometric mean of its images' coarseness")
                .build();
        perClass.getStyler().setLegendVisible(false);
        perClass.getStyler().setXAxisLabelRotation(45);
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int c = 0; c < s.classCoarseness().length; c++) {
            if (!Double.isNaN(s.classCoarseness()[c])) {
                names.add(c < s.classNames().size() ? s.classNames().get(c) : Integer.toString(c));
                values.add(s.classCoarseness()[c]);
            }
        }
        perClass.addSeries("classes", names, values);
        double least = values.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double most = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double margin = Math.max(1e-4, (most - least) * 0.1);
        perClass.getStyler().setYAxisMin(least - margin);
        perClass.getStyler().setYAxisMax(most + margin);
        perClass.getStyler().setYAxisDecimalPattern("0.000");
        save(List.<Chart<?, ?>>of(histogram, perClass), 1, 2, png);
    }

    private static XYChart rateChart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(620)
                .height(440 + 4 * LEGEND_LINE)
                .title(title)
                .xAxisTitle("bits per pixel (whole files)")
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(LEGEND_BELOW);
        chart.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
        return chart;
    }

    private static void marked(XYSeries series, Color color, Marker marker) {
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(marker);
        series.setMarkerColor(color);
    }

    private static double[] log10(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.log10(v[i]);
        }
        return out;
    }

    private static HeatMapChart heatMap(String title, double[] values, String pattern) {
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(420)
                .height(400)
                .title(title)
                .xAxisTitle("horizontal frequency")
                .yAxisTitle("vertical frequency")
                .build();
        chart.getStyler()
                .setRangeColors(Palette.STOPS)
                .setShowValue(true)
                .setHeatMapValueDecimalPattern(pattern)
                .setValueFontColor(Color.WHITE)
                .setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10))
                .setLegendVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        List<Number[]> cells = new ArrayList<>();
        for (int row = 0; row < 8; row++) {
            for (int col = 0; col < 8; col++) {
                double v = values[row * 8 + col];
                min = Math.min(min, v);
                max = Math.max(max, v);
                // y runs upward in XChart: row 0 (the DC row) at the top
                cells.add(new Number[] {col, 7 - row, v});
            }
        }
        chart.getStyler().setMin(min).setMax(max == min ? min + 1 : max);
        List<Integer> axis = List.of(0, 1, 2, 3, 4, 5, 6, 7);
        List<Integer> yAxis = List.of(7, 6, 5, 4, 3, 2, 1, 0);
        chart.addSeries(title, axis, yAxis, cells);
        return chart;
    }

    /** A line chart over epochs, taller by a legend line per entry so the plot area keeps its height. */
    private static XYChart xy(String title, String yTitle, int legendEntries) {
        XYChart chart = new XYChartBuilder()
                .width(520)
                .height(340 + LEGEND_LINE * legendEntries)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(LEGEND_BELOW);
        return chart;
    }

    private static <T extends Chart<?, ?>> void save(List<T> charts, int rows, int cols, Path png) throws IOException {
        AtomicFiles.write(
                png, out -> BitmapEncoder.saveBitmap(charts, rows, cols, out, BitmapEncoder.BitmapFormat.PNG));
    }

    static {
        System.setProperty("java.awt.headless", "true");
    }
}
