package org.jpegdl.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.RunDirectory;

/** The figures of a comparison: every run's figures and the curves of all runs on shared axes. */
public final class CompareFigures {

    /** The file name of the curves of all runs, in the comparison's directory. */
    public static final String CURVES = "curves.png";

    private CompareFigures() {}

    /**
     * Draws the figures of every run of {@code seeds} ({@code baseline-sSEED/} and {@code jpegdl-sSEED/} under
     * {@code directory}, see {@link RunFigures#write}) and {@code curves.png} of all of them in {@code directory}.
     */
    public static void write(Path directory, List<Long> seeds) throws IOException {
        Map<String, List<EpochMetrics>> curves = new LinkedHashMap<>();
        for (long seed : seeds) {
            for (String arm : List.of("baseline", "jpegdl")) {
                RunDirectory run = new RunDirectory(directory.resolve(arm + "-s" + seed));
                RunFigures.write(run);
                curves.put(arm + "-s" + seed, run.readMetrics());
            }
        }
        Plots.curves(curves, directory.resolve(CURVES));
    }
}
