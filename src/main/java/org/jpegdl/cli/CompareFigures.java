package org.jpegdl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.report.Plots;
import org.jpegdl.train.EpochMetrics;
import org.jpegdl.train.RunDirectory;

/** The figures of a comparison: every run's figures and the curves of all runs on shared axes. */
final class CompareFigures {

    private CompareFigures() {}

    static void write(Path dir, List<Long> seeds) throws IOException {
        Map<String, List<EpochMetrics>> curves = new LinkedHashMap<>();
        for (long seed : seeds) {
            for (String arm : List.of("baseline", "jpegdl")) {
                RunDirectory run = new RunDirectory(dir.resolve(arm + "-s" + seed));
                RunFigures.write(run);
                curves.put(arm + "-s" + seed, run.readMetrics());
            }
        }
        Plots.curves(curves, dir.resolve("curves.png"));
    }
}
