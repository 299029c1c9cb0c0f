package org.jpegdl.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpegdl.experiment.Comparison;
import org.jpegdl.run.RunSummary;

/**
 * Each finished run's final results, and the runs not finished.
 *
 * @param rows one per finished run
 * @param unfinished the runs without a summary, with their epochs recorded, or null
 */
record ResultsSection(List<Row> rows, String unfinished) {

    /**
     * One run's results.
     *
     * @param name the run
     * @param jpeg "yes" with the JPEG layer, else "no"
     * @param seed its seed
     * @param epochs epochs trained
     * @param images training and test images
     * @param finalTop1 final top-1
     * @param finalTop5 final top-5
     * @param bestTop1 best top-1 of any epoch
     * @param top1 {@code finalTop1} in percent
     * @param top5 {@code finalTop5} in percent
     * @param best {@code bestTop1} in percent
     * @param wall wall time
     * @param speed training images per second
     */
    record Row(
            String name,
            String jpeg,
            long seed,
            int epochs,
            String images,
            double finalTop1,
            double finalTop5,
            double bestTop1,
            String top1,
            String top5,
            String best,
            String wall,
            String speed) {}

    /** The section of these runs; null when there is none. */
    static ResultsSection of(List<RunReport.Run> runs) {
        List<Row> rows = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        for (RunReport.Run r : runs) {
            RunSummary s = r.summary();
            if (s == null) {
                unfinished.add(r.name() + " (" + r.metrics().size() + " epoch(s) recorded)");
                continue;
            }
            rows.add(new Row(
                    r.name(),
                    s.jpeg() ? "yes" : "no",
                    s.seed(),
                    s.epochs(),
                    String.format(Locale.ROOT, "%,d / %,d", s.trainImages(), s.testImages()),
                    s.finalTop1(),
                    s.finalTop5(),
                    s.bestTop1(),
                    Texts.percent(s.finalTop1()),
                    Texts.percent(s.finalTop5()),
                    Texts.percent(s.bestTop1()),
                    Comparison.duration(s.wallSeconds()),
                    String.format(Locale.ROOT, "%.0f", s.trainImagesPerSecond())));
        }
        if (rows.isEmpty() && unfinished.isEmpty()) {
            return null;
        }
        return new ResultsSection(rows, unfinished.isEmpty() ? null : String.join(", ", unfinished));
    }
}
