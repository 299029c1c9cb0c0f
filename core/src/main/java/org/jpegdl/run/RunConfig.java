package org.jpegdl.run;

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
        @JsonInclude(JsonInclude.Include.NON_NULL) String initFrom) {

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
        // paths are kept absolute, so the run reads the same folders from any working directory
        dataDir = absolute(dataDir);
        initFrom = absolute(initFrom);
        if (recipe.tableInit() instanceof TableInitialization.Sensitivity s && !s.needsBaseline()
                && !s.baselineRun().isAbsolute()) {
            recipe = recipe.withTableInit(new TableInitialization.Sensitivity(
                    s.baselineRun().toAbsolutePath().normalize()));
        }
    }

    private static String absolute(String path) {
        return path == null ? null : Path.of(path).toAbsolutePath().normalize().toString();
    }

    /** A fresh run (no classifier to start from) reading its data as {@code dataSettings} say. */
    public RunConfig(String name, String dataset, String dataDir, String model, boolean jpeg, Recipe recipe, long seed,
            int trainLimit, int testLimit, int threads, Map<String, String> versions, DataSettings dataSettings) {
        this(name, dataset, dataDir, model, jpeg, recipe, seed, trainLimit, testLimit, threads, versions,
                dataSettings, null);
    }

    /** A run with the default data settings. */
    public RunConfig(String name, String dataset, String dataDir, String model, boolean jpeg, Recipe recipe, long seed,
            int trainLimit, int testLimit, int threads, Map<String, String> versions) {
        this(name, dataset, dataDir, model, jpeg, recipe, seed, trainLimit, testLimit, threads, versions,
                DataSettings.defaults());
    }

    /** The same run with {@code recipe} (resolved again for the model and data). */
    public RunConfig withRecipe(Recipe recipe) {
        return new RunConfig(name, dataset, dataDir, model, jpeg, recipe, seed, trainLimit, testLimit, threads, versions,
                dataSettings, initFrom);
    }

    /** The same run reading its data as {@code settings} say. */
    public RunConfig withDataSettings(DataSettings settings) {
        return new RunConfig(name, dataset, dataDir, model, jpeg, recipe, seed, trainLimit, testLimit, threads, versions,
                settings, initFrom);
    }

    /** The same run starting its classifier from the finished run in {@code run} (null: a fresh initialisation). */
    public RunConfig withInitFrom(String run) {
        return new RunConfig(name, dataset, dataDir, model, jpeg, recipe, seed, trainLimit, testLimit, threads, versions,
                dataSettings, run);
    }
}
