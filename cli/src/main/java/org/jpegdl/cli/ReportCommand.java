package org.jpegdl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpegdl.report.ReportPages;
import org.jpegdl.report.SweepReport;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.SweepDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jpegdl report}: one self-contained HTML page of runs and comparisons. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Writes report.html for run directories and comparison directories (or a sweep's directory, "
                    + "alone: its own page): comparison table, "
                    + "results, curves, learned tables, sensitivity maps, robustness, GradCAM++, rate-accuracy of real "
                    + "JPEG files, example images before and after the JPEG layer, configuration. One file, images "
                    + "inlined, nothing fetched from elsewhere: it opens offline in any browser.",
            "JPEG-DL runs with a checkpoint and no plots/examples.png get one first (this loads the run's data)."
        })
final class ReportCommand implements Callable<Integer> {

    @Parameters(
            arity = "1..*",
            paramLabel = "DIR",
            description = "Run or comparison directories, or one sweep directory.")
    List<Path> directories;

    @Option(
            names = "--out",
            paramLabel = "HTML",
            description = "The page (default: DIR/report.html for one directory, report.html here for several).")
    Path out;

    @Option(names = "--no-examples", description = "Do not compute missing example images.")
    boolean noExamples;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        engine.apply();
        List<Path> sweeps = directories.stream()
                .filter(d -> Files.isRegularFile(new SweepDirectory(d).sweepJson()))
                .toList();
        if (!sweeps.isEmpty()) {
            if (directories.size() > 1 || out != null) {
                throw new IllegalArgumentException(sweeps.get(0) + " is a sweep: its page is made alone and goes into "
                        + "its own folder ('jpegdl report " + sweeps.get(0) + "', without --out or other folders)");
            }
            System.out.println("report: " + SweepReport.write(new SweepDirectory(sweeps.get(0))));
            return 0;
        }
        Path html = out != null
                ? out
                : directories.size() == 1
                        ? new RunDirectory(directories.get(0)).report()
                        : Path.of(RunDirectory.REPORT_PAGE);
        ReportPages.write(directories, html, !noExamples, CommandLines.current("report"), System.out);
        return 0;
    }
}
