package org.jpegdl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.run.EpochMetrics;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

/** The training curves keep their legends out of the plot area, however many runs they show. */
class PlotsTest {

    private static List<EpochMetrics> run(int epochs, double offset) {
        List<EpochMetrics> m = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            m.add(new EpochMetrics(
                    e,
                    2.0 / e + offset,
                    0.5 + 0.1 * e,
                    2.1 / e,
                    0.5 + 0.09 * e,
                    0.9,
                    0.05,
                    0.003,
                    List.of(),
                    10,
                    100,
                    300,
                    70.0,
                    null,
                    null));
        }
        return m;
    }

    @Test
    void linesThatWouldHideOneAnotherAreDrawnOnceUnderEveryName() {
        Map<String, List<EpochMetrics>> two = new LinkedHashMap<>();
        two.put("baseline", run(3, 0));
        two.put("jpegdl", run(3, 0.2));
        List<XYChart> charts = Plots.curveCharts(two);
        // training losses differ, test losses are equal (one line for both); the rates are one schedule: one line
        // per kind, named for both runs; in the order the runs give them
        assertEquals(
                List.of("baseline train", "baseline, jpegdl test", "jpegdl train"),
                List.copyOf(charts.get(0).getSeriesMap().keySet()));
        assertEquals(
                List.of("baseline, jpegdl model", "baseline, jpegdl tables"),
                List.copyOf(charts.get(2).getSeriesMap().keySet()));
        assertEquals(List.copyOf(charts.get(2).getSeriesMap().keySet()), Plots.learningRateLines(two));
        for (XYChart chart : charts) {
            List<String> drawn = new ArrayList<>();
            for (var series : chart.getSeriesMap().values()) {
                String points =
                        java.util.Arrays.toString(series.getXData()) + java.util.Arrays.toString(series.getYData());
                assertTrue(!drawn.contains(points), chart.getTitle() + ": " + series.getName() + " lies on another");
                drawn.add(points);
            }
        }
    }

    @Test
    void legendsSitBelowThePlotAreaAndTheChartGrowsForThem() {
        Map<String, List<EpochMetrics>> one = Map.of("a", run(4, 0));
        Map<String, List<EpochMetrics>> six = new LinkedHashMap<>();
        for (int r = 0; r < 6; r++) {
            six.put("run" + r, run(4, 0.1 * r));
        }
        List<XYChart> few = Plots.curveCharts(one);
        List<XYChart> many = Plots.curveCharts(six);
        for (XYChart chart : many) {
            Styler.LegendPosition where = chart.getStyler().getLegendPosition();
            assertTrue(
                    where == Styler.LegendPosition.OutsideS || where == Styler.LegendPosition.OutsideE,
                    chart.getTitle() + ": legend inside the plot area (" + where + ")");
            BufferedImage image = BitmapEncoder.getBufferedImage(chart);
            assertEquals(chart.getHeight(), image.getHeight());
        }
        // ten more legend lines under each panel: the charts grow by them, so the plot area keeps its height
        assertEquals(few.get(0).getHeight() + 10 * 18, many.get(0).getHeight());
    }

    /**
     * Drawn, no pixel of a legend box falls inside the plot area: the charts are painted with a plot background and
     * a legend background of their own colours (a test-only restyling), and the legend's colour never appears in
     * the plot area's bounding box.
     */
    @Test
    void noLegendBoxCoversThePlotArea() {
        Map<String, List<EpochMetrics>> six = new LinkedHashMap<>();
        for (int r = 0; r < 6; r++) {
            six.put("run" + r, run(5, 0.1 * r));
        }
        Color plotColour = new Color(0, 255, 255);
        Color legendColour = new Color(255, 0, 255);
        for (XYChart chart : Plots.curveCharts(six)) {
            chart.getStyler().setPlotBackgroundColor(plotColour).setLegendBackgroundColor(legendColour);
            BufferedImage image = BitmapEncoder.getBufferedImage(chart);
            int minX = Integer.MAX_VALUE;
            int minY = Integer.MAX_VALUE;
            int maxX = -1;
            int maxY = -1;
            int legendPixels = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int rgb = image.getRGB(x, y) & 0xFFFFFF;
                    if (rgb == (plotColour.getRGB() & 0xFFFFFF)) {
                        minX = Math.min(minX, x);
                        minY = Math.min(minY, y);
                        maxX = Math.max(maxX, x);
                        maxY = Math.max(maxY, y);
                    } else if (rgb == (legendColour.getRGB() & 0xFFFFFF)) {
                        legendPixels++;
                    }
                }
            }
            assertTrue(maxX > minX && legendPixels > 0, chart.getTitle() + ": plot area and legend drawn");
            for (int y = minY; y <= maxY; y++) {
                for (int x = minX; x <= maxX; x++) {
                    assertTrue(
                            (image.getRGB(x, y) & 0xFFFFFF) != (legendColour.getRGB() & 0xFFFFFF),
                            chart.getTitle() + ": legend pixel inside the plot area at " + x + "," + y);
                }
            }
        }
    }
}
