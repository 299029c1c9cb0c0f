package org.jpegdl.experiment;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.jpegdl.data.Batches;
import org.jpegdl.data.DatasetSplits;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.data.InputTransform;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.run.NetworkFile;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.SensitivityMap;

/**
 * Turns a {@link RunConfig} into what a run needs: its data and batches ({@link RunData}) and its network
 * ({@link NetworkAssembly}) with the initial tables its recipe names ({@link InitialTables}), with
 * {@link #prepare}. Used by training ({@link RunTraining}), eval, compare, sensitivity and, through
 * {@link FinishedRuns}, every analysis of a finished run. The other static methods are shortcuts to those classes
 * for the analyses and the command line.
 */
public final class RunAssembly {

    private RunAssembly() {}

    /**
     * Data, batches and network of a run, ready to train or evaluate.
     *
     * @param config the run's config
     * @param data the training and test splits (limits applied)
     * @param network the network with its initial tables (parameters not yet initialised)
     * @param train the training batches
     * @param test the test batches; null for a run that evaluates on its validation split only
     * @param validation the validation batches; null without a validation split
     * @param startingClassifier the trained classifier the network starts from ({@link RunConfig#initFrom()}),
     *     copied in once the network is initialised; null for a fresh initialisation and for a run loaded from its
     *     own checkpoint
     */
    public record Prepared(
            RunConfig config,
            DatasetSplits<LabelledImages> data,
            Network network,
            Batches train,
            Batches test,
            Batches validation,
            StartingClassifier startingClassifier) {

        /**
         * The splits as images held in memory (IDX, CIFAR); a clear error for photo datasets read from files.
         *
         * @return the splits as in-memory images
         */
        public DatasetSplits<ImageDataset> inMemory() {
            return data.as(ImageDataset.class);
        }

        /**
         * How an image from outside the data set becomes what this run's evaluation batches hold for one of its
         * own: the run's evaluation transform (in memory: the data set's size and channels, then the recipe's pad;
         * photos: the crop the run decodes its files to).
         *
         * @return the transform
         */
        public InputTransform inputTransform() {
            return InputTransform.of(RunData.evaluationBatches(data.train(), config, 1));
        }

        /**
         * What this network needs to be loaded again without its data or any other run ({@code network.json}):
         * classes, input shape, normalisation, input transform and the JPEG layer's initial tables.
         *
         * @return the file's contents
         */
        public NetworkFile networkFile() {
            JpegLayer layer = network.jpegLayer();
            NetworkFile.InitialTables tables =
                    layer == null || layer.rounds() == 0 ? null : NetworkFile.InitialTables.of(layer.tableInit());
            return new NetworkFile(
                    List.copyOf(data.train().classNames()),
                    train.imageShape(),
                    network.mean(),
                    network.std(),
                    inputTransform(),
                    tables);
        }
    }

    /**
     * How {@link #prepare} assembles a run.
     *
     * @param store the run's folder: an {@code abs-avg} initialisation keeps its mean magnitudes there (or finds
     *     them beside it), and a run that has started keeps what its network was made from ({@code network.json});
     *     null to compute what the tables start from without a run store
     * @param startingClassifier whether a run with {@link RunConfig#initFrom()} gets its
     *     {@link Prepared#startingClassifier()}; false for a network its own checkpoint is loaded into
     */
    public record Options(RunDirectory store, boolean startingClassifier) {

        /**
         * No run store, with the starting classifier.
         *
         * @return the options
         */
        public static Options standalone() {
            return new Options(null, true);
        }

        /**
         * The run kept in {@code run}, with the starting classifier.
         *
         * @param run the run's folder
         * @return the options
         */
        public static Options in(RunDirectory run) {
            return new Options(run, true);
        }

        /**
         * These options without the starting classifier: the network as it is built, for weights to be loaded
         * into it.
         *
         * @return the options
         */
        public Options withoutStartingClassifier() {
            return new Options(store, false);
        }
    }

    /**
     * Loads the data and builds the network (tables from the recipe's initialisation) for {@code config}; the data
     * set's kind decides the normalisation (its {@link LabelledImages#normalization()}) and how it is batched. A run
     * with {@link RunConfig#initFrom()} gets its {@link Prepared#startingClassifier()} (unless the options leave it
     * out), checked against this run here (same model, class and channel counts) and copied in by the training once
     * the network is initialised, so initialisation cannot overwrite it.
     *
     * @param config the run's config
     * @param options the run store and whether the starting classifier is wanted
     * @return the run's data, batches and network
     * @throws IOException when the data set or a file of the run store cannot be read
     */
    public static Prepared prepare(RunConfig config, Options options) throws IOException {
        RunDirectory run = options.store();
        RunData data = RunData.of(config);
        LabelledImages trainSet = data.splits().train();
        StartingClassifier startingClassifier = options.startingClassifier() && config.initFrom() != null
                ? StartingClassifier.of(config, trainSet)
                : null;
        // a run that has started keeps what its network was made from (network.json): the same network again, however
        // the data's statistics or the run its tables started from have changed since
        NetworkFile kept = run != null && Files.isRegularFile(run.network()) ? NetworkFile.read(run) : null;
        float[][] stats = kept != null ? new float[][] {kept.mean(), kept.std()} : trainSet.normalization();
        Block classifier = ModelZoo.spec(config.model()).build(trainSet.numClasses(), trainSet.channels());
        int[] shape = data.train().imageShape();
        Network network = NetworkAssembly.build(
                config,
                classifier,
                trainSet.channels(),
                shape,
                stats,
                () -> kept != null && kept.tables() != null
                        ? kept.tables().toTableInit()
                        : InitialTables.of(config, run, trainSet, data.trainSubset(), shape));
        return new Prepared(
                config, data.splits(), network, data.train(), data.test(), data.validation(), startingClassifier);
    }

    /**
     * A run's data with its limits applied ({@link RunData#data}).
     *
     * @param config the run's config
     * @return the limited splits
     * @throws IOException when the data set cannot be read
     */
    public static DatasetSplits<LabelledImages> data(RunConfig config) throws IOException {
        return RunData.data(config);
    }

    /**
     * {@code data} with the run's limits ({@link RunData#limited}).
     *
     * @param data the whole splits
     * @param config the run's config
     * @return the limited splits
     */
    public static DatasetSplits<LabelledImages> limited(DatasetSplits<LabelledImages> data, RunConfig config) {
        return RunData.limited(data, config);
    }

    /**
     * A split's evaluation batches ({@link RunData#evaluationBatches(LabelledImages, RunConfig)}).
     *
     * @param dataset the split
     * @param config the run's config
     * @return the batches
     */
    public static Batches evaluationBatches(LabelledImages dataset, RunConfig config) {
        return RunData.evaluationBatches(dataset, config);
    }

    /**
     * A split's evaluation batches of {@code batchSize} images
     * ({@link RunData#evaluationBatches(LabelledImages, RunConfig, int)}).
     *
     * @param dataset the split
     * @param config the run's config
     * @param batchSize images per batch
     * @return the batches
     */
    public static Batches evaluationBatches(LabelledImages dataset, RunConfig config, int batchSize) {
        return RunData.evaluationBatches(dataset, config, batchSize);
    }

    /**
     * An in-memory split's evaluation batches of {@link RunData#EVAL_BATCH} images
     * ({@link RunData#evaluationBatches(ImageDataset, Recipe, int)}).
     *
     * @param dataset the images
     * @param recipe the recipe (its padding)
     * @return the batches
     */
    public static Batches evaluationBatches(ImageDataset dataset, Recipe recipe) {
        return RunData.evaluationBatches(dataset, recipe, RunData.EVAL_BATCH);
    }

    /**
     * An in-memory split's evaluation batches ({@link RunData#evaluationBatches(ImageDataset, Recipe, int)}).
     *
     * @param dataset the images
     * @param recipe the recipe (its padding)
     * @param batchSize images per batch
     * @return the batches
     */
    public static Batches evaluationBatches(ImageDataset dataset, Recipe recipe, int batchSize) {
        return RunData.evaluationBatches(dataset, recipe, batchSize);
    }

    /**
     * A split as uint8 images of the evaluation size ({@link EvaluationImages#of}).
     *
     * @param split the split
     * @param config the run's config
     * @param skipped receives "FILE: reason" for each file left out (may be null)
     * @return the images
     */
    public static ImageDataset evaluationImages(LabelledImages split, RunConfig config, List<String> skipped) {
        return EvaluationImages.of(split, config, skipped);
    }

    /**
     * A finished run with its last checkpoint's parameters ({@link FinishedRuns#load(RunDirectory, NDManager)}).
     *
     * @param run the run directory
     * @param manager where the parameters go
     * @return the run's data and network
     * @throws IOException when the run, its data or its checkpoint cannot be read
     */
    public static Prepared load(RunDirectory run, NDManager manager) throws IOException {
        return FinishedRuns.load(run, manager);
    }

    /**
     * The same with {@code config} in place of the run's own ({@link FinishedRuns#load(RunDirectory, RunConfig,
     * NDManager)}).
     *
     * @param run the run directory
     * @param config the config to assemble the run with
     * @param manager where the parameters go
     * @return the run's data and network
     * @throws IOException when the run, its data or its checkpoint cannot be read
     */
    public static Prepared load(RunDirectory run, RunConfig config, NDManager manager) throws IOException {
        return FinishedRuns.load(run, config, manager);
    }

    /**
     * A baseline's sensitivity map, read or computed and kept ({@link SensitivityCache#sensitivity}).
     *
     * @param run the baseline run
     * @param images training images to average over when it is computed
     * @return the map
     * @throws IOException when the run or the file cannot be read or written
     */
    public static SensitivityMap sensitivity(RunDirectory run, int images) throws IOException {
        return SensitivityCache.sensitivity(run, images);
    }
}
