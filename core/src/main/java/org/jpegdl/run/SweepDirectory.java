package org.jpegdl.run;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A sweep's folder: {@code sweep.json} (every trial's validation result per rung and the chosen setting),
 * {@code sweep.md}, {@code report.html}, its plots, and one run directory per trial and rung:
 * {@code rung-R/baseline} and {@code rung-R/trial-NN}.
 */
public final class SweepDirectory {

    private final Path root;

    /** The sweep in {@code root}. */
    public SweepDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The run of trial {@code trial} (0-based) at rung {@code rung}. */
    public RunDirectory trial(int rung, int trial) {
        return new RunDirectory(
                root.resolve(rungFolder(rung)).resolve(String.format(Locale.ROOT, "trial-%02d", trial)));
    }

    /** The run of trial {@code trial} at rung {@code rung} on {@code seed}, in a sweep over several seeds. */
    public RunDirectory trial(int rung, int trial, long seed) {
        return new RunDirectory(
                root.resolve(rungFolder(rung)).resolve(String.format(Locale.ROOT, "trial-%02d-s%d", trial, seed)));
    }

    /** The plain baseline's run at rung {@code rung} on {@code seed}, in a sweep over several seeds. */
    public RunDirectory baseline(int rung, long seed) {
        return new RunDirectory(root.resolve(rungFolder(rung)).resolve("baseline-s" + seed));
    }

    /** The plain baseline's run at rung {@code rung}. */
    public RunDirectory baseline(int rung) {
        return new RunDirectory(root.resolve(rungFolder(rung)).resolve("baseline"));
    }

    /** The name of one of the sweep's runs: the sweep's, the rung's and the run's folder names, e.g. s-rung-0-trial-03. */
    public String runName(RunDirectory run) {
        return root.getFileName() + "-" + run.root().getParent().getFileName() + "-" + run.name();
    }

    /** A run's path relative to the sweep's folder, as sweep.json records it. */
    public String relative(RunDirectory run) {
        return root.toAbsolutePath()
                .normalize()
                .relativize(run.root().toAbsolutePath().normalize())
                .toString();
    }

    public Path sweepJson() {
        return root.resolve("sweep.json");
    }

    public Path sweepMarkdown() {
        return root.resolve("sweep.md");
    }

    public Path report() {
        return root.resolve(RunDirectory.REPORT_PAGE);
    }

    /** Validation top-1 of every trial at every rung. */
    public Path rungsPlot() {
        return root.resolve("plots").resolve("sweep-rungs.png");
    }

    /** The chosen setting's and the baseline's validation curves at the last rung. */
    public Path curvesPlot() {
        return root.resolve("plots").resolve("sweep-curves.png");
    }

    private static String rungFolder(int rung) {
        return "rung-" + rung;
    }
}
