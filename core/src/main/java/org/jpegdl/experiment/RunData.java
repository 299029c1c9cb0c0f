package org.jpegdl.experiment;

import java.io.IOException;
import java.nio.file.Path;
import org.jpegdl.data.Batches;
import org.jpegdl.data.DatasetOptions;
import org.jpegdl.data.DatasetSplits;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.data.ValidationSplit;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.run.RunConfig;

/**
 * The data a run trains and evaluates on: its data set's splits with the validation part taken out and the run's
 * training and test limits applied, and their batches (training batches shuffled and augmented as the recipe says,
 * evaluation batches in order). The static methods load, limit and batch data for a run's config on their own.
 *
 * @param splits the training and test splits as the run sees them (limits applied)
 * @param train the training batches
 * @param test the test batches; null for a run that evaluates on its validation split only
 * @param validation the validation batches; null without a validation split
 * @param trainSubset whether the training limit took a subset of the training split
 */
public record RunData(
        DatasetSplits<LabelledImages> splits, Batches train, Batches test, Batches validation, boolean trainSubset) {

    /** Test-time batch size (no gradients are kept, so larger batches are cheap). */
    public static final int EVAL_BATCH = 256;

    /**
     * Loads the data of {@code config}; the data set's kind decides how it is batched.
     *
     * @param config the run's config
     * @return the splits and their batches
     * @throws IOException when the data set cannot be read
     */
    public static RunData of(RunConfig config) throws IOException {
        Recipe recipe = config.recipe();
        DatasetSplits<LabelledImages> data = load(config);
        Batches validation = null;
        double validationFraction = config.dataSettings().validationFraction();
        if (validationFraction > 0) {
            // the validation part comes out of the whole training split before anything is computed from it or a
            // training limit is applied, so runs of one seed with other limits (a sweep's rungs) share it
            ValidationSplit split = ValidationSplit.of(data.train(), validationFraction, config.seed());
            data = data.withTrain(split.train(), test -> test);
            validation = evaluationBatches(split.validation(), config);
        }
        boolean trainSubset = limits(config.trainLimit(), data.train().size());
        data = limited(data, config);
        Batches train = data.train()
                .trainingBatches(recipe.batchSize(), config.seed(), recipe.augment(), recipe.padTo(), decoding(config));
        // a run that evaluates on its validation split only never reads the test split
        Batches test = config.dataSettings().validationOnly() ? null : evaluationBatches(data.test(), config);
        return new RunData(data, train, test, validation, trainSubset);
    }

    /**
     * A run's data: its data set's splits with the run's training and test limits applied, as it trains them.
     *
     * @param config the run's config
     * @return the limited splits
     * @throws IOException when the data set cannot be read
     */
    public static DatasetSplits<LabelledImages> data(RunConfig config) throws IOException {
        return limited(load(config), config);
    }

    /** The data set's whole splits. */
    static DatasetSplits<LabelledImages> load(RunConfig config) throws IOException {
        return DatasetZoo.load(
                config.dataset(), config.dataDir() == null ? null : Path.of(config.dataDir()), decoding(config));
    }

    /**
     * {@code data} with the run's limits: a class-balanced training subset drawn with the run's seed, and a
     * class-balanced test subset that does not depend on the seed (every run of a comparison sees the same images).
     *
     * @param data the whole splits
     * @param config the run's config (its limits, seed and data set name)
     * @return the limited splits; the test subset is taken when the test split is first read
     */
    public static DatasetSplits<LabelledImages> limited(DatasetSplits<LabelledImages> data, RunConfig config) {
        LabelledImages train = data.train();
        if (limits(config.trainLimit(), train.size())) {
            train = train.subset(train.balancedIndices(config.trainLimit() / train.numClasses(), config.seed()));
            if (train.size() == 0) {
                throw new IllegalArgumentException("the training split of " + config.dataset() + " is empty: a "
                        + "training limit of " + config.trainLimit() + " images leaves none of each of its "
                        + train.numClasses() + " classes (the limit is class-balanced)");
            }
        }
        return data.withTrain(
                train,
                test -> limits(config.testLimit(), test.size())
                        ? test.subset(test.balancedIndices(config.testLimit() / test.numClasses(), 0))
                        : test);
    }

    /** Whether a limit of {@code limit} images takes a subset of a split of {@code size} images. */
    private static boolean limits(int limit, int size) {
        return limit > 0 && limit < size;
    }

    /** How photo files are read for this run: the configured crop size, else the model's native input. */
    static DatasetOptions decoding(RunConfig config) {
        int configured = config.dataSettings().imageSize();
        return config.dataSettings()
                .toOptions(
                        configured > 0
                                ? configured
                                : ModelZoo.spec(config.model()).inputSize());
    }

    /**
     * Batches of a split in order, without augmentation (in memory: only the recipe's padding), {@link #EVAL_BATCH}
     * images each.
     *
     * @param dataset the split (in memory or photo files)
     * @param config the run's config (its recipe's padding, how it decodes photos)
     * @return the batches
     */
    public static Batches evaluationBatches(LabelledImages dataset, RunConfig config) {
        return evaluationBatches(dataset, config, EVAL_BATCH);
    }

    /**
     * The same with {@code batchSize} images per batch; photo files are decoded as the run decodes them.
     *
     * @param dataset the split
     * @param config the run's config
     * @param batchSize images per batch
     * @return the batches
     */
    public static Batches evaluationBatches(LabelledImages dataset, RunConfig config, int batchSize) {
        return dataset.evaluationBatches(batchSize, config.recipe().padTo(), decoding(config));
    }

    /**
     * Batches of an in-memory split in order, without augmentation (only the recipe's padding).
     *
     * @param dataset the images
     * @param recipe the recipe (its padding)
     * @param batchSize images per batch
     * @return the batches
     */
    public static Batches evaluationBatches(ImageDataset dataset, Recipe recipe, int batchSize) {
        return dataset.evaluationBatches(batchSize, recipe.padTo(), DatasetOptions.defaults());
    }
}
