package org.jpegdl.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpegdl.attack.AttackSettings;
import org.jpegdl.attack.RobustnessTable;
import org.jpegdl.experiment.Comparison;
import org.jpegdl.experiment.ComparisonRunner;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunLock;

/**
 * A whole comparison in one call, as {@code compare} and {@code quickstart} run it: train the baseline and JPEG-DL for
 * each seed ({@link ComparisonRunner#compare}, finished runs reused) and draw every run's figures and the shared
 * curves, or collect finished runs without training ({@link ComparisonRunner#collect}); then, when asked, attack every
 * run ({@link RobustnessTable#compare}) and draw each run's attack figure and the robustness figure; then write the
 * report pages ({@link ReportPages#writeComparison}).
 *
 * <pre>{@code
 * ComparisonWorkflow.Result r = ComparisonWorkflow.builder()
 *         .setDirectory(Path.of("runs/c"))
 *         .setCommand("my experiment")
 *         .optTraining(template, List.of(0L, 1L, 2L))   // without it: the finished runs under runs/c
 *         .optAttacks(AttackSettings.defaults(), false)
 *         .build()
 *         .run();
 * }</pre>
 */
public final class ComparisonWorkflow {

    /**
     * What a workflow produced.
     *
     * @param comparison the comparison table, as written to {@code compare.json}
     * @param robustness the robustness table as written to {@code robustness.json}; null when nothing was attacked
     */
    public record Result(Comparison comparison, RobustnessTable robustness) {}

    /** Told when each table is written, before the next step starts (to show it, say); does nothing by default. */
    public interface Listener {

        /**
         * {@code compare.json} and {@code compare.md} are written in {@code directory}.
         *
         * @param trained whether this call trained (or reused) the runs; false when it collected finished ones
         */
        default void compared(Comparison comparison, Path directory, boolean trained) {}

        /** {@code robustness.json}, {@code robustness.md} and the robustness figure {@code png} are written. */
        default void attacked(RobustnessTable table, Path directory, Path png) {}
    }

    private final Path directory;
    private final String command;
    private final RunConfig template;
    private final List<Long> seeds;
    private final boolean resume;
    private final Path baselinesFrom;
    private final boolean progressBar;
    private final AttackSettings attacks;
    private final boolean forceAttacks;
    private final boolean transfer;
    private final boolean report;
    private final PrintStream log;
    private final Listener listener;

    private ComparisonWorkflow(Builder b) {
        directory = b.directory;
        command = b.command;
        template = b.template;
        seeds = b.seeds;
        resume = b.resume;
        baselinesFrom = b.baselinesFrom;
        progressBar = b.progressBar;
        attacks = b.attacks;
        forceAttacks = b.forceAttacks;
        transfer = b.transfer;
        report = b.report;
        log = b.log;
        listener = b.listener;
    }

    /** A builder; {@link Builder#setDirectory} and {@link Builder#setCommand} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs every step in order; the log gets training, attack and report progress. */
    public Result run() throws IOException {
        if (template == null && !Files.isDirectory(directory)) {
            return runOwned(); // says that there is no comparison to rebuild
        }
        if (template != null) {
            ComparisonRunner.checkSeeds(seeds);
        }
        // the comparison folder's owner while it trains, attacks and writes: a second compare into it is refused
        try (RunLock lock = RunLock.acquire(directory, "compare", log)) {
            return runOwned();
        }
    }

    private Result runOwned() throws IOException {
        Comparison comparison;
        List<Long> compared;
        if (template != null) {
            comparison = ComparisonRunner.compare(
                    template, seeds, directory, baselinesFrom, resume, log, progressBar, command);
            compared = seeds;
            CompareFigures.write(directory, compared);
        } else {
            comparison = ComparisonRunner.collect(directory, command);
            compared = comparison.seeds();
        }
        listener.compared(comparison, directory, template != null);
        RobustnessTable robustness = null;
        if (attacks != null) {
            robustness = RobustnessTable.compare(directory, attacks, forceAttacks, transfer, log, command);
            for (RunDirectory run : RobustnessTable.runs(directory)) {
                AttackFigures.updateRun(run);
            }
            listener.attacked(robustness, directory, AttackFigures.writeRobustness(robustness, directory));
        }
        if (report) {
            ReportPages.writeComparison(directory, compared, command, log);
        }
        return new Result(comparison, robustness);
    }

    /** Builds a {@link ComparisonWorkflow}. */
    public static final class Builder {

        private Path directory;
        private String command;
        private RunConfig template;
        private List<Long> seeds;
        private boolean resume;
        private Path baselinesFrom;
        private boolean progressBar;
        private AttackSettings attacks;
        private boolean forceAttacks;
        private boolean transfer = true;
        private boolean report = true;
        private PrintStream log;
        private Listener listener = new Listener() {};

        private Builder() {}

        /** The comparison's directory: runs go to {@code baseline-sSEED/} and {@code jpegdl-sSEED/} in it. */
        public Builder setDirectory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** The command line, recorded in every file the workflow writes. */
        public Builder setCommand(String command) {
            this.command = command;
            return this;
        }

        /**
         * Train (or reuse) both arms for each seed with {@code template}'s settings (its name, jpeg flag and seed are
         * replaced per run). Without it the workflow collects the finished runs under the directory.
         */
        public Builder optTraining(RunConfig template, List<Long> seeds) {
            this.template = template;
            this.seeds = List.copyOf(seeds);
            return this;
        }

        /** Continue unfinished runs from their checkpoints (default: false). */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Take each seed's baseline from the finished comparison {@code from}, copied, where it trained exactly as
         * this comparison's would (default: null, every baseline trained here).
         *
         * @param from a finished comparison's folder, or null
         * @return this builder
         */
        public Builder optBaselinesFrom(Path from) {
            this.baselinesFrom = from;
            return this;
        }

        /** Draw progress bars while training (default: false). */
        public Builder optProgressBar(boolean progressBar) {
            this.progressBar = progressBar;
            return this;
        }

        /**
         * Attack every run with {@code settings} and write the robustness table (default: no attacks; null for none).
         *
         * @param force attack again even where a run's {@code attack.json} holds these settings
         */
        public Builder optAttacks(AttackSettings settings, boolean force) {
            this.attacks = settings;
            this.forceAttacks = force;
            return this;
        }

        /**
         * With attacks, also the transfer attack: each run tries the images made on the other arm's run of its seed
         * (default: true).
         */
        public Builder optTransfer(boolean transfer) {
            this.transfer = transfer;
            return this;
        }

        /** Write the report pages at the end (default: true). */
        public Builder optReport(boolean report) {
            this.report = report;
            return this;
        }

        /** Where progress goes (default: nowhere). */
        public Builder optLog(PrintStream log) {
            this.log = log;
            return this;
        }

        /** Told when each table is written (default: a listener that does nothing). */
        public Builder optListener(Listener listener) {
            this.listener = listener;
            return this;
        }

        /** The workflow. */
        public ComparisonWorkflow build() {
            if (directory == null || command == null) {
                throw new IllegalStateException("a comparison workflow needs setDirectory and setCommand");
            }
            return new ComparisonWorkflow(this);
        }
    }
}
