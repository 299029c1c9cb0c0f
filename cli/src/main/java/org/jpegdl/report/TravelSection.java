package org.jpegdl.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jpegdl.run.EpochMetrics;

/**
 * The report's table-travel section (how far the step tables moved from their start, per epoch) and the one sentence
 * a comparison page says about it: whether the tables learned. Learned: after the last epoch the steps moved on
 * average by at least {@value #LEARNED_RELATIVE} of their starting value; not learned: no step moved by as much as
 * {@value #ONE_GREY_LEVEL} grey level (a JPEG filter fixed near its initial tables); in between, moved a little.
 */
final class TravelSection {

    /** Mean relative change of the steps from which the tables count as learned. */
    static final double LEARNED_RELATIVE = 0.10;
    /** Largest change below which the tables count as not moved: it changes hardly any rounding. */
    static final double ONE_GREY_LEVEL = 1.0;

    private TravelSection() {}

    /**
     * The section as the page shows it.
     *
     * @param image the travel figure as a data URI
     * @param caption what it shows
     * @param verdict whether the tables learned, in one sentence, or null
     */
    record Shown(String image, String caption, String verdict) {}

    /** The section of these runs' metrics by name; null when none recorded table travel. */
    static Shown of(Map<String, List<EpochMetrics>> runs, String verdict) throws IOException {
        Map<String, List<EpochMetrics>> with = new LinkedHashMap<>();
        runs.forEach((name, m) -> {
            if (m.stream().anyMatch(e -> e.travel() != null)) {
                with.put(name, m);
            }
        });
        if (with.isEmpty()) {
            return null;
        }
        Path png = Files.createTempFile("jpegdl-travel", ".png");
        try {
            Plots.travel(with, png);
            return new Shown(
                    RunReport.dataUri(png),
                    "Per epoch, how far each step table has moved from where the run started it, over every "
                            + "frequency (and region): mean and largest |q − q₀| in grey levels, and the mean relative change."
                            + " metrics.jsonl holds the numbers (travel).",
                    verdict);
        } finally {
            Files.deleteIfExists(png);
        }
    }

    /**
     * Whether the tables of these JPEG-DL runs learned, in one sentence, from their last epoch's travel (every table
     * and round); null without JPEG-DL runs.
     */
    static String verdict(Map<String, List<EpochMetrics>> jpegRuns) {
        if (jpegRuns.isEmpty()) {
            return null;
        }
        List<Double> meanRelative = new ArrayList<>();
        double largest = 0;
        for (List<EpochMetrics> m : jpegRuns.values()) {
            EpochMetrics last = m.isEmpty() ? null : m.get(m.size() - 1);
            if (last == null || last.travel() == null) {
                return "Whether the tables learned cannot be told: "
                        + (last == null
                                ? "a JPEG-DL run has no finished epoch"
                                : "these runs were written before " + "jpegdl recorded table travel")
                        + ".";
            }
            for (EpochMetrics.Travel t : last.travel()) {
                for (EpochMetrics.TableTravel table : new EpochMetrics.TableTravel[] {t.luma(), t.chroma()}) {
                    if (table != null) {
                        meanRelative.add(table.meanRelative());
                        largest = Math.max(largest, table.largestAbsolute());
                    }
                }
            }
        }
        double mean =
                meanRelative.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        String measured = String.format(
                Locale.ROOT,
                "after the last epoch the JPEG-DL runs' steps had moved %.1f%% "
                        + "from their start on average, the largest by %.2f grey levels",
                100 * mean,
                largest);
        if (mean >= LEARNED_RELATIVE) {
            return "The tables learned: " + measured + ".";
        }
        if (largest < ONE_GREY_LEVEL) {
            return "The tables did not learn: " + measured + ", so this compares the baseline with a JPEG filter "
                    + "fixed near its initial tables.";
        }
        return String.format(
                Locale.ROOT,
                "The tables moved only a little: %s, short of the %.0f%% that counts as " + "learned here.",
                measured,
                100 * LEARNED_RELATIVE);
    }
}
