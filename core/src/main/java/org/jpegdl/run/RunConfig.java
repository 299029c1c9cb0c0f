package org.jpegdl.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.Map;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.recipe.DataSettings;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;

/**
 * Everything needed to rerun a training run, written as the run's {@code config.json}.
 *
 * @param name run name (the run directory's name)
 * @param dataset dataset name in the DatasetZoo
 * @param dataDir directory the dataset was read from (absolute), or null for the dataset's default
 * @param model model name in the ModelZoo
 * @param jpeg whether the JPEG layer is in front of the model (JPEG-DL) or not (baseline)
 * @param recipe the training recipe, resolved for the model and the data set's kind ({@link Recipe#resolve}) when
 *     the config is made, so that config.json holds every value the run trains with
 * @param seed seed of initialisation, data order and augmentation
 * @param trainLimit use only this many training images (class-balanced, seeded), 0 for all
 * @param testLimit use only this many test images (class-balanced, seeded), 0 for all
 * @param threads intra-op threads of the engine
 * @param versions versions of jpegdl, DJL and PyTorch that ran it
 * @param dataSettings how photo datasets are read (defaults when absent from an older config)
 * @param initFrom the finished run directory whose classifier weights (of its last checkpoint) this run starts from,
 *     stored absolute; null for a fresh initialisation (and in configs older than the field, which leave it out)
 * @param rateLambda λ of the rate term: the run minimises cross-entropy + λ · estimated bits per pixel of its
 *     images written with the layer's tables ({@link org.jpegdl.jpeg.RateEstimator}); null for cross-entropy alone
 *     (and in configs older than the field)
 * @param frozenClassifier the mode of a JPEG-DL run: true when the classifier (from {@code initFrom}) is kept as it
 *     is, in inference mode and without gradients, and only the JPEG layer learns; false for joint training
 */
public record RunConfig(
        String name,
        String dataset,
        String dataDir,
        String model,
        boolean jpeg,
        Recipe recipe,
        long seed,
        int trainLimit,
        int testLimit,
        int threads,
        Map<String, String> versions,
        DataSettings dataSettings,
        @JsonInclude(JsonInclude.Include.NON_NULL) String initFrom,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double rateLambda,
        boolean frozenClassifier) {

    /** Checks the fields that the recipe does not. */
    public RunConfig {
        RunNames.check(name, "run name");
        if (dataset == null || model == null || recipe == null) {
            throw new IllegalArgumentException("a run names its data set, model and recipe; this one lacks "
                    + (dataset == null ? "the data set" : model == null ? "the model" : "the recipe"));
        }
        if (trainLimit < 0 || testLimit < 0) {
            throw new IllegalArgumentException("limits must be non-negative");
        }
        recipe = recipe.resolve(ModelZoo.spec(model), DatasetZoo.kind(dataset));
        if (dataSettings == null) {
            dataSettings = DataSettings.defaults();
        }
        if (initFrom != null && initFrom.isBlank()) {
            throw new IllegalArgumentException("--init-from needs a run directory, got an empty path");
        }
        if (rateLambda != null && !(rateLambda >= 0 && Double.isFinite(rateLambda))) {
            throw new IllegalArgumentException(
                    "the rate term's lambda must be a non-negative number, got " + rateLambda);
        }
        if ((rateLambda != null || frozenClassifier) && (!jpeg || recipe.zeroDc())) {
            throw new IllegalArgumentException((rateLambda != null ? "a rate term" : "a frozen classifier")
                    + " needs a JPEG layer with tables to learn; this run has "
                    + (jpeg ? "the zero-DC layer" : "none"));
        }
        if (frozenClassifier && initFrom == null) {
            throw new IllegalArgumentException("a frozen classifier must come from a trained run (--init-from RUN)");
        }
        // paths are kept absolute, so the run reads the same folders from any working directory
        dataDir = absolute(dataDir);
        initFrom = absolute(initFrom);
        if (recipe.tableInit() instanceof TableInitialization.Sensitivity s
                && !s.needsBaseline()
                && !s.baselineRun().isAbsolute()) {
            recipe = recipe.withTableInit(new TableInitialization.Sensitivity(
                    s.baselineRun().toAbsolutePath().normalize()));
        }
    }

    /** As the canonical constructor, with cross-entropy alone and the classifier training with the layer. */
    public RunConfig(
            String name,
            String dataset,
            String dataDir,
            String model,
            boolean jpeg,
            Recipe recipe,
            long seed,
            int trainLimit,
            int testLimit,
            int threads,
            Map<String, String> versions,
            DataSettings dataSettings,
            String initFrom) {
        this(
                name,
                dataset,
                dataDir,
                model,
                jpeg,
                recipe,
                seed,
                trainLimit,
                testLimit,
                threads,
                versions,
                dataSettings,
                initFrom,
                null,
                false);
    }

    private static String absolute(String path) {
        return path == null ? null : Path.of(path).toAbsolutePath().normalize().toString();
    }

    /** A fresh run (no classifier to start from) reading its data as {@code dataSettings} say. */
    public RunConfig(
            String name,
            String dataset,
            String dataDir,
            String model,
            boolean jpeg,
            Recipe recipe,
            long seed,
            int trainLimit,
            int testLimit,
            int threads,
            Map<String, String> versions,
            DataSettings dataSettings) {
        this(
                name,
                dataset,
                dataDir,
                model,
                jpeg,
                recipe,
                seed,
                trainLimit,
                testLimit,
                threads,
                versions,
                dataSettings,
                null);
    }

    /** A run with the default data settings. */
    public RunConfig(
            String name,
            String dataset,
            String dataDir,
            String model,
            boolean jpeg,
            Recipe recipe,
            long seed,
            int trainLimit,
            int testLimit,
            int threads,
            Map<String, String> versions) {
        this(
                name,
                dataset,
                dataDir,
                model,
                jpeg,
                recipe,
                seed,
                trainLimit,
                testLimit,
                threads,
                versions,
                DataSettings.defaults());
    }

    /** The same run with {@code recipe} (resolved again for the model and data). */
    public RunConfig withRecipe(Recipe recipe) {
        return new RunConfig(
                name,
                dataset,
                dataDir,
                model,
                jpeg,
                recipe,
                seed,
                trainLimit,
                testLimit,
                threads,
                versions,
                dataSettings,
                initFrom,
                rateLambda,
                frozenClassifier);
    }

    /** The same run reading its data as {@code settings} say. */
    public RunConfig withDataSettings(DataSettings settings) {
        return new RunConfig(
                name,
                dataset,
                dataDir,
                model,
                jpeg,
                recipe,
                seed,
                trainLimit,
                testLimit,
                threads,
                versions,
                settings,
                initFrom,
                rateLambda,
                frozenClassifier);
    }

    /** The same run starting its classifier from the finished run in {@code run} (null: a fresh initialisation). */
    public RunConfig withInitFrom(String run) {
        return new RunConfig(
                name,
                dataset,
                dataDir,
                model,
                jpeg,
                recipe,
                seed,
                trainLimit,
                testLimit,
                threads,
                versions,
                dataSettings,
                run,
                rateLambda,
                frozenClassifier);
    }

    /**
     * The same run with the rate term's {@code lambda} (null: cross-entropy alone) and the classifier frozen or
     * training with the layer.
     */
    public RunConfig withRateObjective(Double lambda, boolean frozen) {
        return new RunConfig(
                name,
                dataset,
                dataDir,
                model,
                jpeg,
                recipe,
                seed,
                trainLimit,
                testLimit,
                threads,
                versions,
                dataSettings,
                initFrom,
                lambda,
                frozen);
    }

    /**
     * Whether the run's tables are meant for JPEG files: priced as files by a rate term, or learned for a frozen
     * classifier. Such tables keep to what a file holds (steps of at least 1, baseline JPEG's index range).
     *
     * @return whether the tables are file tables
     */
    @JsonIgnore
    public boolean tablesForFiles() {
        return rateLambda != null || frozenClassifier;
    }

    /** "frozen classifier" or "joint" (the JPEG layer and the classifier train together); null for a baseline. */
    @JsonIgnore
    public String mode() {
        return !jpeg ? null : frozenClassifier ? "frozen classifier" : "joint";
    }
}
