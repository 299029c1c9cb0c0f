package org.jpegdl.experiment;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jpegdl.data.Batches;
import org.jpegdl.data.DatasetOptions;
import org.jpegdl.data.DatasetSplits;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.Checkpoints;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.SensitivityMap;

/**
 * Turns a {@link RunConfig} into what a run needs (data, batches, network with its initial tables) and reads finished
 * runs back: the single place where configuration becomes objects, used by training ({@link RunTraining}), eval,
 * compare, sensitivity and every analysis of a finished run.
 */
public final class RunAssembly {

    /** Test-time batch size (no gradients are kept, so larger batches are cheap). */
    public static final int EVAL_BATCH = 256;
    /** Training images a sensitivity map averages over by default. */
    public static final int SENSITIVITY_IMAGES = 2000;

    private RunAssembly() {}

    /** Data, batches and network of a run, ready to train or evaluate. */
    public record Prepared(RunConfig config, DatasetSplits<LabelledImages> data, Network network, Batches train,
            Batches test) {

        /** The splits as images held in memory (IDX, CIFAR); a clear error for photo datasets read from files. */
        public DatasetSplits<ImageDataset> inMemory() {
            return data.as(ImageDataset.class);
        }
    }

    /**
     * Loads the data and builds the network (tables from the recipe's initialisation) for {@code config}; the data
     * set's kind decides the normalisation (its {@link LabelledImages#normalization()}) and how it is batched.
     */
    public static Prepared prepare(RunConfig config) throws IOException {
        Recipe recipe = config.recipe();
        DatasetSplits<LabelledImages> data = data(config);
        LabelledImages trainSet = data.train();
        float[][] stats = trainSet.normalization();
        Block classifier = ModelZoo.spec(config.model()).build(trainSet.numClasses(), trainSet.channels());
        Network network;
        if (config.jpeg()) {
            JpegLayer layer = JpegLayer.builder()
                    .optChannels(trainSet.channels())
                    .optRounds(recipe.rounds())
                    .optAlpha(recipe.alpha())
                    .optTrainableAlpha(recipe.trainableAlpha())
                    .optCandidates(recipe.candidates())
                    .optBits(recipe.bits())
                    .optNormalization(stats[0], stats[1])
                    .optTableInit(tableInit(recipe))
                    .build();
            network = Network.jpegDl(layer, classifier);
        } else {
            network = Network.baseline(classifier, stats[0], stats[1]);
        }
        Batches train = trainSet.trainingBatches(recipe.batchSize(), config.seed(), recipe.augment(), recipe.padTo(),
                decoding(config));
        return new Prepared(config, data, network, train, evaluationBatches(data.test(), config));
    }

    /** A run's data: its data set's splits with the run's training and test limits applied, as it trains them. */
    public static DatasetSplits<LabelledImages> data(RunConfig config) throws IOException {
        return limited(DatasetZoo.load(config.dataset(), config.dataDir() == null ? null : Path.of(config.dataDir()),
                decoding(config)), config);
    }

    /** How photo files are read for this run: the configured crop size, else the model's native input. */
    private static DatasetOptions decoding(RunConfig config) {
        int configured = config.dataSettings().imageSize();
        return config.dataSettings().toOptions(configured > 0 ? configured : ModelZoo.spec(config.model()).inputSize());
    }

    /** Batches of a split in order, without augmentation (in memory: only the recipe's padding). */
    public static Batches evaluationBatches(LabelledImages dataset, RunConfig config) {
        return dataset.evaluationBatches(EVAL_BATCH, config.recipe().padTo(), decoding(config));
    }

    /** Batches of an in-memory split in order, without augmentation (only the recipe's padding). */
    public static Batches evaluationBatches(ImageDataset dataset, Recipe recipe) {
        return evaluationBatches(dataset, recipe, EVAL_BATCH);
    }

    /** The same with {@code batchSize} images per batch. */
    public static Batches evaluationBatches(ImageDataset dataset, Recipe recipe, int batchSize) {
        return dataset.evaluationBatches(batchSize, recipe.padTo(), DatasetOptions.defaults());
    }

    /** A finished (or checkpointed) run, rebuilt with the parameters of its last checkpoint. */
    public static Prepared load(RunDirectory run, NDManager manager) throws IOException {
        RunConfig config = run.readConfig();
        Checkpoints checkpoints = run.checkpointStore();
        int epoch = checkpoints.latestEpoch().orElseThrow(
                () -> new IOException(run.root() + " has no checkpoint yet"));
        Prepared p = prepare(config);
        p.network().block().initialize(manager, DataType.FLOAT32, Sensitivity.imageShape(p.train()));
        checkpoints.load(epoch, p.network().block(), Map.of(), manager);
        return p;
    }

    /**
     * The sensitivity map of a trained run: read from its {@code sensitivity.json} when present, else computed over
     * {@code images} training images and written there.
     */
    public static SensitivityMap sensitivity(RunDirectory run, int images) throws IOException {
        if (Files.isRegularFile(run.sensitivity())) {
            return Json.read(run.sensitivity(), SensitivityMap.class);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            Prepared p = load(run, manager);
            if (p.network().isJpegDl()) {
                throw new IllegalArgumentException(run.root() + " is a JPEG-DL run; the sensitivity map is taken "
                        + "from a baseline run");
            }
            Batches data = evaluationBatches(p.data().train(), p.config());
            SensitivityMap map = Sensitivity.compute(p.network().classifier(), p.network().mean(),
                    p.network().std(), data, images, p.config().name(), manager);
            Json.write(run.sensitivity(), map);
            return map;
        }
    }

    /** The layer's starting tables, as the recipe's table initialisation names them. */
    private static TableInit tableInit(Recipe recipe) throws IOException {
        TableInitialization init = recipe.tableInit();
        if (init instanceof TableInitialization.Quality q) {
            return TableInit.quality(q.quality());
        }
        if (init instanceof TableInitialization.Constant c) {
            return TableInit.constant(c.step());
        }
        TableInitialization.Sensitivity s = (TableInitialization.Sensitivity) init;
        if (s.needsBaseline()) {
            throw new IllegalArgumentException("table init 'sensitivity' needs a trained baseline run: "
                    + "--init sensitivity:RUN_DIR (compare trains the baseline and does this itself), or use "
                    + "--init quality:Q or --init constant:STEP");
        }
        return sensitivity(new RunDirectory(s.baselineRun()), SENSITIVITY_IMAGES).toTableInit(recipe.qMax());
    }

    private static DatasetSplits<LabelledImages> limited(DatasetSplits<LabelledImages> data, RunConfig config) {
        LabelledImages train = data.train();
        LabelledImages test = data.test();
        if (config.trainLimit() > 0 && config.trainLimit() < train.size()) {
            train = train.subset(train.balancedIndices(config.trainLimit() / train.numClasses(), config.seed()));
        }
        if (config.testLimit() > 0 && config.testLimit() < test.size()) {
            // the test subset does not depend on the run's seed: every run of a comparison sees the same images
            test = test.subset(test.balancedIndices(config.testLimit() / test.numClasses(), 0));
        }
        return new DatasetSplits<>(train, test);
    }
}
