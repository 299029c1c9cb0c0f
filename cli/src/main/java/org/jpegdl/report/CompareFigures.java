package org.jpegdl.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.run.ComparisonDirectory;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.RunDirectory;

/** The figures of a comparison: every run's figures and the curves of all runs on shared axes. */
public final class CompareFigures {

    private CompareFigures() {}

    /**
     * Draws the figures of every run of {@code seeds} ({@code baseline-sSEED/} and {@code jpegdl-sSEED/} under
     * {@code directory}, see {@link RunFigures#write}) and {@code curves.png} of all of them in {@code directory}.
     */
    public static void write(Path directory, List<Long> seeds) throws IOException {
        ComparisonDirectory comparison = new ComparisonDirectory(directory);
        Map<String, List<EpochMetrics>> curves = new LinkedHashMap<>();
        for (RunDirectory run : comparison.runs(seeds)) {
            RunFigures.write(run);
            curves.put(run.name(), run.readMetrics());
        }
        Plots.curves(curves, comparison.curvesPlot());
    }
}
