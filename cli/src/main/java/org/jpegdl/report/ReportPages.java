package org.jpegdl.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpegdl.data.DatasetException;
import org.jpegdl.run.Checkpoints;
import org.jpegdl.run.ComparisonDirectory;
import org.jpegdl.run.RunDirectory;

/**
 * Writes {@code report.html} pages ({@link RunReport}), first drawing the example figure of every JPEG-DL run that
 * has a checkpoint and none yet, when asked to.
 */
public final class ReportPages {

    private ReportPages() {}

    /**
     * Adds missing example figures (when {@code examples} is set) and writes the page of {@code directories} to
     * {@code html}; prints where it went to {@code log} (may be null).
     */
    public static Path write(List<Path> directories, Path html, boolean examples, PrintStream log) throws IOException {
        return write(directories, html, examples, "jpegdl report", log);
    }

    /** The same, the page naming {@code command} (the verb's command line) as what wrote it. */
    public static Path write(List<Path> directories, Path html, boolean examples, String command, PrintStream log)
            throws IOException {
        if (examples) {
            for (RunDirectory run : RunReport.runs(directories)) {
                addExamples(run, log);
            }
        }
        RunReport.write(directories, html, command);
        if (log != null) {
            log.println("report: " + html);
        }
        return html;
    }

    /**
     * The pages of a comparison: every run's {@code report.html} of {@code seeds} (example figures added where
     * missing), then the comparison's own in {@code directory}; each names {@code command} as what wrote it.
     */
    public static void writeComparison(Path directory, List<Long> seeds, String command, PrintStream log)
            throws IOException {
        for (long seed : seeds) {
            for (String arm : List.of("baseline", "jpegdl")) {
                Path run = directory.resolve(arm + "-s" + seed);
                write(List.of(run), new RunDirectory(run).report(), true, command, log);
            }
        }
        write(List.of(directory), new ComparisonDirectory(directory).report(), false, command, log);
    }

    /** The example figure of a JPEG-DL run that has a checkpoint and none yet; a reason on the log if it fails. */
    private static void addExamples(RunDirectory run, PrintStream log) throws IOException {
        if (!run.readConfig().jpeg()
                || Files.isRegularFile(run.examplesPlot())
                || new Checkpoints(run.checkpoints()).latestEpoch().isEmpty()) {
            return;
        }
        try {
            LayerExampleFigure.write(run, 6);
        } catch (IOException | IllegalArgumentException | DatasetException e) {
            if (log != null) {
                log.println("report: no example images for " + run.root() + " (" + e.getMessage() + ")");
            }
        }
    }
}
