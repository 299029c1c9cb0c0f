package org.jpegdl.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jpegdl.io.AtomicFiles;
import org.jpegdl.io.FileTrees;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.RateEstimator;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.Schedules;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunLock;
import org.jpegdl.run.RunSummary;
import org.jpegdl.train.DivergenceGuard;
import org.jpegdl.train.InitialParameters;
import org.jpegdl.train.MemoryReadings;
import org.jpegdl.train.MetricsRecorder;
import org.jpegdl.train.ParameterGroups;
import org.jpegdl.train.PlannedTime;
import org.jpegdl.train.ProgressBarListener;
import org.jpegdl.train.RatePenalty;
import org.jpegdl.train.ResumeFromCheckpoint;
import org.jpegdl.train.SaturationRecorder;
import org.jpegdl.train.SaveCheckpoint;
import org.jpegdl.train.TablesWriter;
import org.jpegdl.train.TestEvaluation;
import org.jpegdl.train.TrainingListener;
import org.jpegdl.train.TrainingLoop;
import org.jpegdl.train.TrainingState;
import org.jpegdl.train.ValidationEvaluation;

/**
 * Trains one run from its {@link RunConfig} into its {@link RunDirectory}, top to bottom: check the directory, write
 * {@code config.json}, assemble data and network ({@link RunAssembly}), train with the loop and its listeners, write
 * {@code summary.json}. A killed run resumes from its last checkpoint with the same config.
 */
public final class RunTraining {

    /** Skipped images printed by name at the end of a run; the rest are counted. */
    private static final int SKIPPED_SHOWN = 10;

    private RunTraining() {}

    /** Trains the run described by {@code config} into {@code run}; returns its summary. */
    public static RunSummary train(
            RunConfig config, RunDirectory run, boolean resume, PrintStream log, boolean progressBar)
            throws IOException {
        boolean created = !Files.isDirectory(run.root());
        // the folder's owner from before its checks to its summary: a second training into it is refused
        try (RunLock lock = RunLock.acquire(run.root(), "train", log)) {
            return trainOwned(config, run, resume, log, progressBar, created);
        } catch (IllegalArgumentException e) {
            if (created && Files.isDirectory(run.root())) {
                try (var left = Files.list(run.root())) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(run.root());
                    }
                }
            }
            throw e;
        }
    }

    private static RunSummary trainOwned(
            RunConfig config, RunDirectory run, boolean resume, PrintStream log, boolean progressBar, boolean created)
            throws IOException {
        checkDirectory(config, run, resume, log);
        RunAssembly.Prepared p;
        try {
            Files.createDirectories(run.root());
            if (!resume) {
                // a run started again is made anew, not from what an earlier start kept
                Files.deleteIfExists(run.network());
            }
            p = RunAssembly.prepare(config, RunAssembly.Options.in(run));
        } catch (IOException | RuntimeException e) {
            // a run that could not even start leaves no folder behind to block the same command
            if (created) {
                FileTrees.delete(run.root());
            }
            throw e;
        }
        Recipe recipe = config.recipe();
        if (log != null) {
            String evaluated = p.test() == null
                    ? p.validation().dataset().size() + " validation images, no test"
                    : p.test().dataset().size() + " test images";
            log.printf(
                    "%s: %s %s on %s (%d train / %s, %d×%d×%d), seed %d, %d epochs%n",
                    config.name(),
                    config.jpeg() ? "JPEG-DL" : "baseline",
                    config.model(),
                    config.dataset(),
                    p.train().imagesPerEpoch(),
                    evaluated,
                    p.train().imageShape()[0],
                    p.train().imageShape()[1],
                    p.train().imageShape()[2],
                    config.seed(),
                    recipe.epochs());
            log.println("  " + schedule(recipe));
            if (p.network().isJpegDl()) {
                log.println("  JPEG layer: " + p.network().jpegLayer());
                if (!p.network().jpegLayer().tableParameters().isEmpty()) {
                    log.println("  tables: " + tableRate(recipe, p.train().batchesPerEpoch()));
                }
            }
            if (config.rateLambda() != null) {
                log.println("  loss: cross-entropy + " + config.rateLambda() + " × estimated bits per pixel (the "
                        + "images written with the layer's tables)");
            }
            if (smallestStep(config) == ParameterGroups.SMALLEST_FILE_STEP) {
                log.println("  tables for JPEG files: kept at or above " + (int) ParameterGroups.SMALLEST_FILE_STEP
                        + ", the smallest step a file holds; index range " + recipe.bits() + " bits");
            }
            if (p.network().isFrozenClassifier()) {
                log.println("  mode: frozen classifier (inference mode, no gradients); only the JPEG layer learns");
            }
            if (p.startingClassifier() != null) {
                log.println("  classifier: the weights of " + p.startingClassifier()
                        + (p.network().isFrozenClassifier()
                                ? ", kept as they are; the JPEG layer learns in front of it for " + recipe.epochs()
                                        + " epoch(s)"
                                : ", fine-tuned " + recipe.epochs() + " more epoch(s)"
                                        + (p.network().isJpegDl()
                                                ? " behind the JPEG layer (its own initial tables)"
                                                : "")));
            }
        }
        run.writeConfig(config);
        if (!Files.isRegularFile(run.network())) {
            Json.write(run.network(), p.networkFile());
        }
        run.writeServingProperties(p.data().train().classNames());

        // the listeners, in the order the loop calls them; resuming comes first, the checkpoint last, so an epoch's
        // metrics and tables are on disk before its checkpoint is; what the metrics record (test result, memory,
        // the index clamp's saturation) is measured by the listeners before them
        List<TrainingListener> listeners = new ArrayList<>();
        if (resume) {
            listeners.add(new ResumeFromCheckpoint(run, log));
        }
        StartingClassifier start = p.startingClassifier();
        if (start != null) {
            // after the loop's initialisation and a resume (which keeps its own checkpoint's weights instead)
            listeners.add(new InitialParameters(
                    manager -> start.copyInto(p.network().classifier(), manager), "the classifier of " + start, log));
        }
        RatePenalty rate = config.rateLambda() == null
                ? null
                : new RatePenalty(p.network().jpegLayer(), config.rateLambda(), new RateEstimator(), run, log);
        if (rate != null) {
            listeners.add(rate);
        }
        listeners.add(new DivergenceGuard(run));
        listeners.add(new PlannedTime(log));
        if (progressBar) {
            listeners.add(new ProgressBarListener());
        }
        if (p.validation() != null) {
            listeners.add(new ValidationEvaluation(p.validation()));
        }
        if (p.test() != null) {
            listeners.add(new TestEvaluation(p.test()));
        }
        listeners.add(new MemoryReadings());
        listeners.add(new SaturationRecorder());
        listeners.add(new MetricsRecorder(run, log));
        listeners.add(new TablesWriter(run));
        listeners.add(new SaveCheckpoint(run));

        TrainingState state = new TrainingLoop(
                        config.name(),
                        p.network().block(),
                        p.network().jpegLayer(),
                        recipe,
                        config.seed(),
                        p.train(),
                        listeners,
                        rate,
                        smallestStep(config))
                .run();

        List<EpochMetrics> history = state.history();
        EpochMetrics last = history.get(history.size() - 1);
        RunSummary summary = new RunSummary(
                config.name(),
                config.model(),
                config.dataset(),
                config.jpeg(),
                config.seed(),
                recipe.epochs(),
                p.train().usableImages(),
                p.test() == null ? 0 : p.test().usableImages(),
                last.testTop1(),
                last.testTop5(),
                history.stream().mapToDouble(EpochMetrics::testTop1).max().orElse(0),
                history.stream().mapToDouble(EpochMetrics::seconds).sum(),
                history.stream()
                        .mapToDouble(EpochMetrics::trainImagesPerSecond)
                        .average()
                        .orElse(0),
                config.threads(),
                skippedImages(p));
        Json.write(run.summary(), summary);
        reportSkipped(summary.skippedImages(), run, log);
        return summary;
    }

    /** The tables' optimiser and first-epoch rate, with the rule that gave it, for the run's header. */
    static String tableRate(Recipe recipe, int batchesPerEpoch) {
        double rate = recipe.tableLrAt(0, batchesPerEpoch);
        String optimizer = recipe.tableOptimizer() + " at " + String.format(Locale.ROOT, "%.4g", rate);
        if (recipe.tableLrRule().equals(Recipe.FIXED_RULE)) {
            return optimizer + " (fixed rule: the recipe's rate as given)";
        }
        long steps = (long) recipe.epochs() * batchesPerEpoch;
        return optimizer
                + String.format(
                        Locale.ROOT,
                        " (budget rule: %s × %,d steps of the %s recipe / %,d steps of " + "this run)",
                        recipe.tableLr(),
                        recipe.budgetSteps(),
                        recipe.preset(),
                        steps);
    }

    /**
     * The learning-rate schedule in words: where the milestones (fractions of the run) fall in this run's epochs,
     * and the model's rate epoch by epoch, e.g. "learning-rate milestones (×0.1 each) at 0.625, 0.75, 0.875 of 4
     * epochs: epoch 4, epoch 4, past the end; model lr 0.05 in epochs 1–3, 0.0005 in epoch 4".
     */
    static String schedule(Recipe recipe) {
        int epochs = recipe.epochs();
        int[] at = Schedules.milestoneEpochs(recipe.milestones(), epochs);
        List<String> fractions = new ArrayList<>();
        List<String> falls = new ArrayList<>();
        for (int i = 0; i < at.length; i++) {
            fractions.add(brief(recipe.milestones().get(i)));
            falls.add(at[i] < epochs ? "epoch " + (at[i] + 1) : "past the end");
        }
        List<String> spans = new ArrayList<>();
        for (int first = 0; first < epochs; ) {
            double rate = recipe.modelLrAt(first);
            int last = first;
            while (last + 1 < epochs && recipe.modelLrAt(last + 1) == rate) {
                last++;
            }
            spans.add(brief(rate)
                    + (first == last ? " in epoch " + (first + 1) : " in epochs " + (first + 1) + "–" + (last + 1)));
            first = last + 1;
        }
        String milestones = at.length == 0
                ? "learning rate constant"
                : "learning-rate milestones (×" + brief(recipe.gamma()) + " each) at " + String.join(", ", fractions)
                        + " of " + epochs + " epochs: " + String.join(", ", falls);
        return milestones + "; model lr " + String.join(", ", spans);
    }

    /** A rate or fraction in at most three significant digits, without trailing zeros: 0.0005, 0.625. */
    private static String brief(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", v))
                .stripTrailingZeros()
                .toPlainString();
    }

    /**
     * What may be done with {@code run}: a new run needs a folder without one (a run that never finished an epoch
     * is started again, with a line saying so); --resume needs a run there with the same settings (each one that
     * differs is named with both values) and says so when it has no checkpoint yet.
     */
    private static void checkDirectory(RunConfig config, RunDirectory run, boolean resume, PrintStream log)
            throws IOException {
        boolean started = run.exists();
        boolean checkpointed = started && run.checkpointStore().latestEpoch().isPresent();
        if (!resume) {
            if (checkpointed || Files.isRegularFile(run.summary())) {
                throw new IllegalArgumentException(
                        run.root() + " already holds a run; use --resume to continue it " + "or another --name");
            }
            if (started) {
                say(log, run.root() + " holds a run that never finished an epoch: starting it again");
            }
            return;
        }
        if (!started) {
            throw new IllegalArgumentException(
                    run.root() + ": no run to resume (no config.json there); train without " + "--resume to start it");
        }
        List<String> differences = differences(run.readConfig(), config);
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(run.root()
                    + " holds a run with other settings; --resume needs the same: " + String.join("; ", differences));
        }
        for (Path left : run.checkpointStore().removeLeftovers()) {
            say(log, "removed " + left + ", left by a checkpoint that was being written when the run stopped");
        }
        AtomicFiles.removeLeftovers(run.root());
        if (!checkpointed) {
            say(log, run.root() + " has no checkpoint yet: training from epoch 1");
            return;
        }
        ResumeFromCheckpoint.checkMetrics(
                run, run.checkpointStore().latestEpoch().orElseThrow());
    }

    private static void say(PrintStream log, String line) {
        if (log != null) {
            log.println(line);
        }
    }

    /**
     * The tables' smallest step: a run whose tables are meant for JPEG files (priced as files by a rate term, or
     * learned for a frozen classifier) keeps them to what a file holds, so the layer it learns with is the codec its
     * tables are written for; any other run keeps the layer's own range.
     */
    static double smallestStep(RunConfig config) {
        return config.tablesForFiles() ? ParameterGroups.SMALLEST_FILE_STEP : JpegLayer.MIN_STEP;
    }

    /** Each setting of the experiment that differs: "name: saved value (saved) vs new value (now)". */
    static List<String> differences(RunConfig saved, RunConfig now) {
        return differences(saved, now, Set.of());
    }

    /** The same, the recipe components named in {@code ignored} left out. */
    static List<String> differences(RunConfig saved, RunConfig now, Set<String> ignored) {
        List<String> out = new ArrayList<>();
        compare(out, "model", saved.model(), now.model());
        compare(out, "dataset", saved.dataset(), now.dataset());
        compare(out, "seed", saved.seed(), now.seed());
        compare(out, "JPEG layer", saved.jpeg(), now.jpeg());
        compare(out, "train limit", saved.trainLimit(), now.trainLimit());
        compare(out, "test limit", saved.testLimit(), now.testLimit());
        compare(out, "init from", saved.initFrom(), now.initFrom());
        compare(out, "rate lambda", saved.rateLambda(), now.rateLambda());
        compare(out, "frozen classifier", saved.frozenClassifier(), now.frozenClassifier());
        for (RecordComponent c : Recipe.class.getRecordComponents()) {
            if (ignored.contains(c.getName())) {
                continue;
            }
            try {
                compare(
                        out,
                        "recipe " + c.getName(),
                        c.getAccessor().invoke(saved.recipe()),
                        c.getAccessor().invoke(now.recipe()));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("a record accessor cannot be called", e);
            }
        }
        return out;
    }

    private static void compare(List<String> out, String name, Object saved, Object now) {
        if (!Objects.equals(saved, now)) {
            out.add(name + ": " + saved + " (saved) vs " + now + " (now)");
        }
    }

    /** One line per image left out, the first few of them, and where the whole list is. */
    private static void reportSkipped(List<String> skipped, RunDirectory run, PrintStream log) {
        if (skipped.isEmpty() || log == null) {
            return;
        }
        log.printf(
                "%d unreadable image(s) left out (--skip-bad), every one listed in %s:%n",
                skipped.size(), run.summary());
        skipped.stream().limit(SKIPPED_SHOWN).forEach(s -> log.println("  skipped " + s));
        if (skipped.size() > SKIPPED_SHOWN) {
            log.printf("  ... and %d more%n", skipped.size() - SKIPPED_SHOWN);
        }
    }

    /** Images the data pipeline left out (read with skip-bad), training split first, each once. */
    private static List<String> skippedImages(RunAssembly.Prepared p) {
        Set<String> all = new LinkedHashSet<>();
        p.train().skippedImages().forEach(s -> all.add(s.toString()));
        if (p.test() != null) {
            p.test().skippedImages().forEach(s -> all.add(s.toString()));
        }
        return List.copyOf(all);
    }
}
