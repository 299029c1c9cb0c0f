package org.jpegdl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.report.Plots;
import org.jpegdl.report.RunReport;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.RunDirectory;

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

    /** Every run's report.html, then the comparison's (example images added where missing). */
    static void reports(Path dir, List<Long> seeds, PrintStream log) throws IOException {
        for (long seed : seeds) {
            for (String arm : List.of("baseline", "jpegdl")) {
                Path run = dir.resolve(arm + "-s" + seed);
                ReportCommand.write(List.of(run), run.resolve(RunReport.FILE), true, log);
            }
        }
        ReportCommand.write(List.of(dir), dir.resolve(RunReport.FILE), false, log);
    }
}
