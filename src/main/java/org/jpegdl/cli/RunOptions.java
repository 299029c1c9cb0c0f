package org.jpegdl.cli;

import org.jpegdl.recipe.DataSettings;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.RunConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the verbs that train: data, model, recipe preset and its overrides, seed, threads. */
final class RunOptions {

    @Option(names = "--dataset", defaultValue = "fashion-mnist-mini",
            description = "Data set name (see 'jpegdl datasets'); the default is bundled with jpegdl.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory the data set is read from.")
    String dataDir;

    @Option(names = "--model", defaultValue = "resnet20", description = "Model name (see 'jpegdl models').")
    String model;

    @Option(names = "--recipe", defaultValue = "cifar", description = "Recipe preset: cifar, finegrained, imagenet.")
    String recipe;

    @Option(names = "--epochs", description = "Training epochs (preset: cifar 240).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Images per batch (preset: cifar 64).")
    Integer batchSize;

    @Option(names = "--lr", description = "Model SGD learning rate (preset: cifar 0.05, 0.01 for MobileNetV2/ShuffleNets).")
    Double lr;

    @Option(names = "--table-lr", description = "Learning rate of the quantisation tables (preset: 0.003).")
    Double tableLr;

    @Option(names = "--alpha", description = "Soft quantiser hardness (preset: 5).")
    Double alpha;

    @Option(names = "--trainable-alpha", description = "Learn alpha too.")
    Boolean trainableAlpha;

    @Option(names = "--rounds", description = "Soft quantiser rounds, each with its own tables (preset: 1).")
    Integer rounds;

    @Option(names = "--init", paramLabel = "SPEC",
            description = "Table initialisation: sensitivity:RUN_DIR, quality:Q or constant:STEP (preset: sensitivity).")
    String init;

    @Option(names = "--q-max", description = "Largest luma step of a sensitivity initialisation (preset: 10).")
    Double qMax;

    @Option(names = "--no-augment", description = "Train without pad-and-crop and flip augmentation.")
    boolean noAugment;

    @Option(names = "--train-limit", defaultValue = "0",
            description = "Use only this many training images (class-balanced, seeded); 0 for all.")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "0",
            description = "Use only this many test images (class-balanced, the same for every run); 0 for all.")
    int testLimit;

    @Option(names = "--image-size", defaultValue = "0",
            description = "Photo datasets: side of the crops in pixels (0: the model's native size; 64-128 fit a CPU).")
    int imageSize;

    @Option(names = "--skip-bad", description = "Photo datasets: skip unreadable images (listed in summary.json).")
    boolean skipBad;

    @Option(names = "--decode-threads", defaultValue = "0", description = "Photo datasets: decoding threads (0: half the cores).")
    int decodeThreads;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Photo datasets: cache of resized images, so later epochs skip full-size decoding.")
    String cacheDir;

    @Option(names = "--val-fraction", defaultValue = "0",
            description = "ImageFolder without a train/val split: fraction held out per class for testing (needed for such a tree).")
    double valFraction;

    @Mixin
    EngineThreads engine;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "Where run directories are created.")
    String runsDir;

    @Option(names = "--no-progress", description = "No progress bar (one line per epoch only).")
    boolean noProgress;

    @Option(names = "--no-report", description = "Do not write report.html when training finishes.")
    boolean noReport;

    /** The preset with this command line's changes; a run resolves it for its model and data (Recipe.resolve). */
    Recipe recipe() {
        Recipe r = Recipe.preset(recipe);
        if (epochs != null) {
            r = r.withEpochs(epochs);
        }
        if (batchSize != null) {
            r = r.withBatchSize(batchSize);
        }
        if (lr != null) {
            r = r.withModelLr(lr);
        }
        if (tableLr != null) {
            r = r.withTableLr(tableLr);
        }
        if (alpha != null) {
            r = r.withAlpha(alpha);
        }
        if (trainableAlpha != null) {
            r = r.withTrainableAlpha(trainableAlpha);
        }
        if (rounds != null) {
            r = r.withRounds(rounds);
        }
        if (init != null) {
            r = r.withTableInit(TableInitialization.parse(init));
        }
        if (qMax != null) {
            r = r.withQMax(qMax);
        }
        return noAugment ? r.withAugment(false) : r;
    }

    /** The configuration of one run with these options; its recipe is resolved for the model and the data. */
    RunConfig config(String name, boolean jpeg, long seed) {
        return new RunConfig(name, dataset, dataDir, model, jpeg, recipe(), seed, trainLimit, testLimit, threads(),
                Versions.current(), dataSettings());
    }

    /** How photo datasets are read. */
    DataSettings dataSettings() {
        return new DataSettings(imageSize, skipBad, decodeThreads, cacheDir, valFraction);
    }

    /** Whether to draw progress bars: asked for and writing to a terminal. */
    boolean progressBar() {
        return !noProgress && System.console() != null;
    }

    /** Sets the engine thread count; must run before the engine starts. */
    void applyThreads() {
        engine.apply();
    }

    int threads() {
        return engine.threads;
    }
}
