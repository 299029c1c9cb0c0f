package org.jpegdl.cli;

import java.util.ArrayList;
import java.util.List;
import org.jpegdl.data.DataKind;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.recipe.DataSettings;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.run.RunConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options shared by the verbs that train: data, model, the recipe ({@link RecipeOptions}) and the JPEG layer
 * ({@link JpegLayerOptions}) with their overrides of the preset, limits, threads.
 */
final class RunOptions {

    /** The data set that --test-fraction splits. */
    static final String IMAGE_FOLDER = "imagefolder";

    @Option(
            names = "--dataset",
            defaultValue = "fashion-mnist-mini",
            description = "Data set name (see 'jpegdl datasets'); the default is bundled with jpegdl.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory the data set is read from.")
    String dataDir;

    @Option(names = "--model", defaultValue = "resnet20", description = "Model name (see 'jpegdl models').")
    String model;

    @ArgGroup(validate = false, heading = "%nRecipe (an option not given keeps the preset's value for the model):%n")
    RecipeOptions recipeOptions;

    @ArgGroup(validate = false, heading = "%nJPEG layer (an option not given keeps the preset's value):%n")
    JpegLayerOptions jpegOptions;

    /** Whether the command line gives the quantiser's index range (else the preset's is used). */
    boolean bitsGiven() {
        return jpegOptions != null && jpegOptions.bits != null;
    }

    /** Whether the command line names a table initialisation (else the preset's is used). */
    boolean initGiven() {
        return jpegOptions != null && jpegOptions.init != null;
    }

    @Option(
            names = "--train-limit",
            defaultValue = "0",
            description = "Use only this many training images (class-balanced, seeded); 0 for all.")
    int trainLimit;

    @Option(
            names = "--test-limit",
            defaultValue = "0",
            description = "Use only this many test images (class-balanced, the same for every run); 0 for all.")
    int testLimit;

    @Option(
            names = "--image-size",
            defaultValue = "0",
            description = "Photo datasets: side of the crops in pixels (0: the model's native size; 64-128 fit a CPU).")
    int imageSize;

    @Option(names = "--skip-bad", description = "Photo datasets: skip unreadable images (listed in summary.json).")
    boolean skipBad;

    @Option(
            names = "--decode-threads",
            defaultValue = "0",
            description = "Photo datasets: decoding threads, at most the cores (0: half of them).")
    int decodeThreads;

    @Option(
            names = "--cache-dir",
            paramLabel = "DIR",
            description = "Photo datasets: cache of decoded images (full size, about 3 bytes a pixel), so later "
                    + "epochs skip JPEG decoding; the same batches as without it.")
    String cacheDir;

    @Option(
            names = "--test-fraction",
            defaultValue = "0",
            description =
                    "ImageFolder without a train/val split: fraction held out per class for testing (needed for such a tree).")
    double testFraction;

    @Option(
            names = "--val-fraction",
            defaultValue = "0",
            description = "Hold out this share of every class of the "
                    + "training data as a validation split (seeded by --seed; in (0, 0.5], 0 for none): metrics.jsonl gains "
                    + "validation loss, top-1 and top-5 per epoch, the numbers to choose settings on.")
    double validationFraction;

    @Mixin
    EngineOptions engine;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "Where run directories are created.")
    String runsDir;

    @Option(names = "--no-progress", description = "No progress bar (one line per epoch only).")
    boolean noProgress;

    @Option(names = "--no-report", description = "Do not write report.html when training finishes.")
    boolean noReport;

    /** The preset with this command line's changes; a run resolves it for its model and data (Recipe.resolve). */
    Recipe recipe() {
        RecipeOptions schedule = recipeOptions != null ? recipeOptions : new RecipeOptions();
        JpegLayerOptions layer = jpegOptions != null ? jpegOptions : new JpegLayerOptions();
        return layer.apply(schedule.recipe());
    }

    /** Whether the run takes the first-run default of epochs (neither --epochs nor --paper-epochs given). */
    boolean firstRunEpochs() {
        return recipeOptions == null || recipeOptions.epochs == null && !recipeOptions.paperEpochs;
    }

    /** One line saying that the epochs are the first-run default and how to get the paper's, or null. */
    String epochsNote() {
        if (!firstRunEpochs()) {
            return null;
        }
        String preset = recipeOptions != null && recipeOptions.recipe != null ? recipeOptions.recipe : Recipe.CIFAR;
        int paper = Recipe.preset(preset)
                .resolve(ModelZoo.spec(model), DatasetZoo.kind(dataset))
                .epochs();
        return RecipeOptions.FIRST_RUN_EPOCHS + " epochs: a first run a CPU finishes (the " + preset + " preset trains "
                + paper + ": --paper-epochs, or --epochs N)";
    }

    /** The preset with this command line's changes, resolved for the model and the data set as a run trains it. */
    Recipe resolvedRecipe() {
        return recipe().resolve(ModelZoo.spec(model), DatasetZoo.kind(dataset));
    }

    /** The configuration of one run with these options; its recipe is resolved for the model and the data. */
    RunConfig config(String name, boolean jpeg, long seed) {
        return new RunConfig(
                name,
                dataset,
                dataDir,
                model,
                jpeg,
                recipe(),
                seed,
                trainLimit,
                testLimit,
                threads(),
                Versions.current(),
                dataSettings());
    }

    /** How photo datasets are read; an option for photo data sets given with another kind is refused, named. */
    DataSettings dataSettings() {
        if (DatasetZoo.kind(dataset) != DataKind.PHOTO_FILES) {
            List<String> photoOnly = new ArrayList<>();
            if (imageSize != 0) {
                photoOnly.add("--image-size");
            }
            if (skipBad) {
                photoOnly.add("--skip-bad");
            }
            if (decodeThreads != 0) {
                photoOnly.add("--decode-threads");
            }
            if (cacheDir != null) {
                photoOnly.add("--cache-dir");
            }
            if (!photoOnly.isEmpty()) {
                throw new IllegalArgumentException(
                        String.join(", ", photoOnly) + (photoOnly.size() == 1 ? " applies" : " apply")
                                + " to photo data sets read from image files; " + dataset + " is held in memory "
                                + "at its own size: leave " + (photoOnly.size() == 1 ? "it" : "them") + " out");
            }
        }
        if (testFraction != 0 && !IMAGE_FOLDER.equals(dataset)) {
            throw new IllegalArgumentException("--test-fraction splits an imagefolder tree that has no train/ and val/ "
                    + "folders; " + dataset + " has its own test split: leave it out");
        }
        return new DataSettings(imageSize, skipBad, decodeThreads, cacheDir, testFraction, validationFraction);
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
        return engine.threads();
    }
}
