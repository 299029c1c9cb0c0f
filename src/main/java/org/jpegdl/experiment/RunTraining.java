package org.jpegdl.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunSummary;
import org.jpegdl.train.DivergenceGuard;
import org.jpegdl.train.MemoryReadings;
import org.jpegdl.train.MetricsRecorder;
import org.jpegdl.train.ProgressBarListener;
import org.jpegdl.train.ResumeFromCheckpoint;
import org.jpegdl.train.SaturationRecorder;
import org.jpegdl.train.SaveCheckpoint;
import org.jpegdl.train.TablesWriter;
import org.jpegdl.train.TestEvaluation;
import org.jpegdl.train.TrainingListener;
import org.jpegdl.train.TrainingLoop;
import org.jpegdl.train.TrainingState;

/**
 * Trains one run from its {@link RunConfig} into its {@link RunDirectory}, top to bottom: check the directory, write
 * {@code config.json}, assemble data and network ({@link RunAssembly}), train with the loop and its listeners, write
 * {@code summary.json}. A killed run resumes from its last checkpoint with the same config.
 */
public final class RunTraining {

    private RunTraining() {}

    /** Trains the run described by {@code config} into {@code run}; returns its summary. */
    public static RunSummary train(RunConfig config, RunDirectory run, boolean resume, PrintStream log,
            boolean progressBar) throws IOException {
        if (!resume && run.exists()) {
            throw new IllegalArgumentException(run.root() + " already holds a run; use --resume to continue it or "
                    + "another --name");
        }
        if (resume && run.exists()) {
            RunConfig saved = run.readConfig();
            if (!sameExperiment(saved, config)) {
                throw new IllegalArgumentException(run.root() + " holds a different run (" + saved.model() + ", "
                        + saved.dataset() + ", seed " + saved.seed() + "); --resume needs the same settings");
            }
        }
        Files.createDirectories(run.root());
        RunAssembly.Prepared p = RunAssembly.prepare(config, run);
        Recipe recipe = config.recipe();
        if (log != null) {
            log.printf("%s: %s %s on %s (%d train / %d test images, %d×%d×%d), seed %d, %d epochs%n", config.name(),
                    config.jpeg() ? "JPEG-DL" : "baseline", config.model(), config.dataset(),
                    p.train().imagesPerEpoch(), p.test().dataset().size(), p.train().imageShape()[0],
                    p.train().imageShape()[1], p.train().imageShape()[2], config.seed(), recipe.epochs());
            if (p.network().isJpegDl()) {
                log.println("  JPEG layer: " + p.network().jpegLayer());
            }
        }
        run.writeConfig(config);

        // the listeners, in the order the loop calls them; resuming comes first, the checkpoint last, so an epoch's
        // metrics and tables are on disk before its checkpoint is; what the metrics record (test result, memory,
        // the index clamp's saturation) is measured by the listeners before them
        List<TrainingListener> listeners = new ArrayList<>();
        if (resume) {
            listeners.add(new ResumeFromCheckpoint(run, log));
        }
        listeners.add(new DivergenceGuard(run));
        if (progressBar) {
            listeners.add(new ProgressBarListener());
        }
        listeners.add(new TestEvaluation(p.test()));
        listeners.add(new MemoryReadings());
        listeners.add(new SaturationRecorder());
        listeners.add(new MetricsRecorder(run, log));
        listeners.add(new TablesWriter(run));
        listeners.add(new SaveCheckpoint(run));

        TrainingState state = new TrainingLoop(config.name(), p.network().block(), p.network().jpegLayer(), recipe,
                config.seed(), p.train(), listeners).run();

        List<EpochMetrics> history = state.history();
        EpochMetrics last = history.get(history.size() - 1);
        RunSummary summary = new RunSummary(config.name(), config.model(), config.dataset(), config.jpeg(),
                config.seed(), recipe.epochs(), p.train().imagesPerEpoch(), p.test().dataset().size(),
                last.testTop1(), last.testTop5(), history.stream().mapToDouble(EpochMetrics::testTop1).max().orElse(0),
                history.stream().mapToDouble(EpochMetrics::seconds).sum(),
                history.stream().mapToDouble(EpochMetrics::trainImagesPerSecond).average().orElse(0),
                config.threads(), skippedImages(p));
        Json.write(run.summary(), summary);
        return summary;
    }

    /** Whether a saved run and a new config describe the same experiment (what --resume requires). */
    private static boolean sameExperiment(RunConfig a, RunConfig b) {
        return a.model().equals(b.model()) && a.dataset().equals(b.dataset()) && a.seed() == b.seed()
                && a.jpeg() == b.jpeg() && a.recipe().equals(b.recipe()) && a.trainLimit() == b.trainLimit()
                && a.testLimit() == b.testLimit();
    }

    /** Images the data pipeline left out (read with skip-bad), training split first, each once. */
    private static List<String> skippedImages(RunAssembly.Prepared p) {
        Set<String> all = new LinkedHashSet<>();
        p.train().skippedImages().forEach(s -> all.add(s.toString()));
        p.test().skippedImages().forEach(s -> all.add(s.toString()));
        return List.copyOf(all);
    }
}
