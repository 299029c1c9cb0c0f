package org.jpegdl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.experiment.RunTraining;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.report.ReportPages;
import org.jpegdl.report.RunFigures;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunNames;
import org.jpegdl.run.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jpegdl train}: trains one run, JPEG-DL or baseline, into a run directory. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Trains one model, with the JPEG layer in front (default) or as the plain baseline.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    RunOptions options;

    @Option(names = "--baseline", description = "Train without the JPEG layer.")
    boolean baseline;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of initialisation, data order and augmentation.")
    long seed;

    @Option(names = "--name", description = "Run name (default: MODEL-jpegdl|baseline-sSEED).")
    String name;

    @Option(names = "--resume", description = "Continue the run in the run directory from its last checkpoint.")
    boolean resume;

    @Option(
            names = "--init-from",
            paramLabel = "RUN",
            description = "JPEG-DL on an existing model: the classifier "
                    + "starts from the weights of RUN's last checkpoint (a finished run of the same model, class and channel "
                    + "counts) instead of a fresh initialisation; the JPEG layer (unless --baseline) goes in front with its "
                    + "own initial tables (from RUN's sensitivity map when RUN is a baseline and no --init is given) and both "
                    + "fine-tune for --epochs more epochs on the recipe's schedule.")
    String initFrom;

    @Option(
            names = "--lambda",
            paramLabel = "L",
            description = "Rate-aware tables: minimise cross-entropy + L × "
                    + "the estimated bits per pixel of the training images written with the layer's tables (L >= 0; e.g. "
                    + "0.01-1). Recorded in config.json as rateLambda. The tables are then JPEG files' tables (so also with "
                    + "--freeze-classifier): kept at or above 1 (8-bit tables hold 1..255) and, unless --bits is given, with "
                    + "baseline JPEG's index range (--bits 11), so the layer they learn with is the codec they are written "
                    + "for.")
    Double lambda;

    @Option(
            names = "--freeze-classifier",
            description = "With --init-from RUN: keep RUN's classifier as it is "
                    + "(inference mode, no gradients) and train only the JPEG layer in front of it ('jpegdl learn-tables' does "
                    + "this and measures the files).")
    boolean freezeClassifier;

    /** The run's configuration as this command line gives it: what config.json will hold. */
    RunConfig config() {
        if (name != null) {
            RunNames.check(name, "--name");
        }
        if (freezeClassifier && initFrom == null) {
            throw new IllegalArgumentException(
                    "--freeze-classifier keeps a trained classifier: give it with " + "--init-from RUN");
        }
        if ((freezeClassifier || lambda != null) && baseline) {
            throw new IllegalArgumentException((lambda != null ? "--lambda" : "--freeze-classifier") + " trains the "
                    + "JPEG layer's tables; a --baseline run has none");
        }
        String runName = name != null
                ? name
                : String.format(Locale.ROOT, "%s-%s-s%d", options.model, baseline ? "baseline" : "jpegdl", seed);
        RunConfig config = options.config(runName, !baseline, seed)
                .withInitFrom(initFrom)
                .withRateObjective(lambda, freezeClassifier);
        if (config.tablesForFiles() && !options.bitsGiven()) {
            // a file's coefficients reach ±1024 (DC) at step 1: an 8-bit index clamp would erase what the file keeps
            config = config.withRecipe(config.recipe().withBits(FILE_INDEX_BITS));
        }
        return config;
    }

    /** The index range of baseline JPEG's coefficients, in the quantiser's bits (indices up to ±1024). */
    static final int FILE_INDEX_BITS = 11;

    @Option(
            names = "--validation-only",
            description = "Evaluate on the --val-fraction split only and never read "
                    + "the test split: a run made to choose something (an epoch count, a setting) on validation.")
    boolean validationOnly;

    /** The run directory once trained. */
    RunDirectory trained;
    /** Whether the caller writes the report itself (after measuring more). */
    boolean reportLater;

    @Override
    public Integer call() throws Exception {
        options.applyThreads();
        RunConfig config = config();
        if (options.epochsNote() != null) {
            System.out.println(options.epochsNote());
        }
        // what is said about the chosen tables comes with the run's own first lines, so an error that stops the
        // run before it starts (a folder in use, data not found) is not preceded by it
        String tablesNote = null;
        if (config.jpeg()
                && !config.recipe().zeroDc()
                && !options.initGiven()
                && config.recipe().tableInit() instanceof TableInitialization.Sensitivity s
                && s.needsBaseline()) {
            if (startsFromBaseline(config)) {
                // the paper's initialisation for the trained model the layer is put in front of
                config = config.withRecipe(
                        config.recipe().withTableInit(TableInitialization.sensitivity(Path.of(config.initFrom()))));
                tablesNote = "the tables start from the sensitivity map of " + config.initFrom() + ", the "
                        + "baseline the classifier comes from (--init to choose others)";
            } else {
                // the preset's sensitivity map needs a trained baseline, which one train run does not have
                config = config.withRecipe(config.recipe().withTableInit(TableInitialization.quality(50)));
                tablesNote = "no baseline run to take a sensitivity map from: the tables start from JPEG "
                        + "quality 50 (--init sensitivity:RUN_DIR for the paper's initialisation, or 'jpegdl compare', "
                        + "which trains the baseline first)";
            }
        }
        if (validationOnly) {
            if (config.dataSettings().validationFraction() == 0) {
                throw new IllegalArgumentException(
                        "--validation-only evaluates on the validation split: give " + "--val-fraction F too");
            }
            config = config.withDataSettings(
                    config.dataSettings().withValidation(config.dataSettings().validationFraction(), true));
        }
        String runName = config.name();
        RunDirectory run = new RunDirectory(RunNames.inside(Path.of(options.runsDir), runName, "--name"));
        RunSummary s = RunTraining.train(
                config,
                run,
                resume,
                tablesNote == null ? System.out : DeferredNote.before(System.out, tablesNote),
                options.progressBar());
        RunFigures.write(run);
        if (validationOnly) {
            List<EpochMetrics> epochs = run.readMetrics();
            EpochMetrics.Validation last = epochs.get(epochs.size() - 1).validation();
            System.out.printf(
                    Locale.ROOT,
                    "%s: validation top-1 %.2f%%, top-5 %.2f%% after %d epochs; the test "
                            + "split was not read (%s)%n",
                    runName,
                    100 * last.top1(),
                    100 * last.top5(),
                    s.epochs(),
                    run.root());
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "%s: test top-1 %.2f%%, top-5 %.2f%% after %d epochs (%s)%n",
                    runName,
                    100 * s.finalTop1(),
                    100 * s.finalTop5(),
                    s.epochs(),
                    run.root());
        }
        trained = run;
        if (!options.noReport && !reportLater) {
            ReportPages.write(List.of(run.root()), run.report(), true, CommandLines.current("train"), System.out);
        }
        return 0;
    }

    /** Whether the classifier comes from a baseline run (anything else is left to the run's own checks). */
    private static boolean startsFromBaseline(RunConfig config) throws IOException {
        if (config.initFrom() == null) {
            return false;
        }
        RunDirectory source = new RunDirectory(Path.of(config.initFrom()));
        return source.exists() && !source.readConfig().jpeg();
    }
}
