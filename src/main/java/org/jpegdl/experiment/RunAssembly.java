package org.jpegdl.experiment;

import org.jpegdl.recipe.Recipe;
import org.jpegdl.run.Checkpoints;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunSummary;
import org.jpegdl.run.SensitivityMap;
import org.jpegdl.train.TrainingLoop;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpegdl.data.Augment;
import org.jpegdl.data.Batches;
import org.jpegdl.data.DatasetSplits;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.data.PhotoTransform;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.model.ModelZoo;

/**
 * Turns a {@link RunConfig} into what a run needs (data, batches, network with its initial tables) and reads finished
 * runs back: the single place where configuration becomes objects, used by train, eval, compare and sensitivity.
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
     * Loads the data and builds the network (tables from the recipe's initialisation) for {@code config}. In-memory
     * datasets are normalised with their training pixels' per-channel statistics; photo datasets (decoded while
     * training, 3 channels) with the ImageNet statistics, as the reference code does.
     */
    public static Prepared prepare(RunConfig config) throws IOException {
        Recipe recipe = config.recipe();
        DatasetSplits<LabelledImages> data = data(config);
        LabelledImages trainSet = data.train();
        float[][] stats = trainSet instanceof ImageDataset images ? channelStatistics(images)
                : new float[][] {PhotoTransform.IMAGENET_MEAN.clone(), PhotoTransform.IMAGENET_STD.clone()};
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
        Batches.Builder train = Batches.builder()
                .setSource(trainSet)
                .setBatchSize(recipe.batchSize())
                .optShuffle(true)
                .optSeed(config.seed())
                .optPrefetch(true);
        if (trainSet instanceof ImageDataset) {
            train.optAugment(recipe.augment() ? Augment.cifarTraining(recipe.padTo())
                    : Augment.evaluation(recipe.padTo()));
        } else {
            int size = imageSize(config);
            train.optPhotoTransform(recipe.augment() ? PhotoTransform.training(size) : PhotoTransform.evaluation(size))
                    .optDecoding(config.dataSettings().toOptions(size));
        }
        return new Prepared(config, data, network, train.build(), evaluationBatches(data.test(), config));
    }

    /** A run's data: its data set's splits with the run's training and test limits applied, as it trains them. */
    public static DatasetSplits<LabelledImages> data(RunConfig config) throws IOException {
        return limited(DatasetZoo.load(config.dataset(), config.dataDir() == null ? null : Path.of(config.dataDir()),
                config.dataSettings().toOptions(imageSize(config))), config);
    }

    /** Side of the square crops of a photo dataset: the configured size, else the model's native input. */
    private static int imageSize(RunConfig config) {
        int configured = config.dataSettings().imageSize();
        return configured > 0 ? configured : ModelZoo.spec(config.model()).inputSize();
    }

    /** Batches of a split in order, without augmentation (in memory: only the recipe's padding). */
    public static Batches evaluationBatches(LabelledImages dataset, RunConfig config) {
        if (dataset instanceof ImageDataset images) {
            return evaluationBatches(images, config.recipe());
        }
        int size = imageSize(config);
        return Batches.builder()
                .setSource(dataset)
                .setBatchSize(EVAL_BATCH)
                .optPhotoTransform(PhotoTransform.evaluation(size))
                .optDecoding(config.dataSettings().toOptions(size))
                .optShuffle(false)
                .optPrefetch(true)
                .build();
    }

    /** Batches of an in-memory split in order, without augmentation (only the recipe's padding). */
    public static Batches evaluationBatches(ImageDataset dataset, Recipe recipe) {
        return evaluationBatches(dataset, recipe, EVAL_BATCH);
    }

    /** The same with {@code batchSize} images per batch. */
    public static Batches evaluationBatches(ImageDataset dataset, Recipe recipe, int batchSize) {
        return Batches.builder()
                .setDataset(dataset)
                .setBatchSize(batchSize)
                .optAugment(Augment.evaluation(recipe.padTo()))
                .optShuffle(false)
                .optPrefetch(true)
                .build();
    }

    /** Trains the run described by {@code config} into {@code run}. */
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
        Prepared p = prepare(config);
        if (log != null) {
            log.printf("%s: %s %s on %s (%d train / %d test images, %d×%d×%d), seed %d, %d epochs%n", config.name(),
                    config.jpeg() ? "JPEG-DL" : "baseline", config.model(), config.dataset(),
                    p.train().imagesPerEpoch(), p.test().dataset().size(), p.train().imageShape()[0],
                    p.train().imageShape()[1], p.train().imageShape()[2], config.seed(), config.recipe().epochs());
            if (p.network().isJpegDl()) {
                log.println("  JPEG layer: " + p.network().jpegLayer());
            }
        }
        return new TrainingLoop(run, config, p.network(), p.train(), p.test(), log, progressBar).run(resume);
    }

    private static boolean sameExperiment(RunConfig a, RunConfig b) {
        return a.model().equals(b.model()) && a.dataset().equals(b.dataset()) && a.seed() == b.seed()
                && a.jpeg() == b.jpeg() && a.recipe().equals(b.recipe()) && a.trainLimit() == b.trainLimit()
                && a.testLimit() == b.testLimit();
    }

    /** A finished (or checkpointed) run, rebuilt with the parameters of its last checkpoint. */
    public static Prepared load(RunDirectory run, NDManager manager) throws IOException {
        RunConfig config = run.readConfig();
        Checkpoints checkpoints = new Checkpoints(run.checkpoints());
        int epoch = checkpoints.latestEpoch().orElseThrow(
                () -> new IOException(run.root() + " has no checkpoint yet"));
        Prepared p = prepare(config);
        p.network().block().initialize(manager, DataType.FLOAT32, Sensitivity.imageShape(p.train()));
        checkpoints.load(epoch, p.network().block(), java.util.Map.of(), manager);
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

    private static TableInit tableInit(Recipe recipe) throws IOException {
        String init = recipe.tableInit();
        if (init.startsWith("quality:")) {
            return TableInit.quality(parseInt(init.substring(8), init));
        }
        if (init.startsWith("constant:")) {
            return TableInit.constant(parseDouble(init.substring(9), init));
        }
        if (init.startsWith("sensitivity:")) {
            RunDirectory baseline = new RunDirectory(Path.of(init.substring(12)));
            return sensitivity(baseline, SENSITIVITY_IMAGES).toTableInit(recipe.qMax());
        }
        throw new IllegalArgumentException("table init 'sensitivity' needs a trained baseline run: "
                + "--init sensitivity:RUN_DIR (compare trains the baseline and does this itself), or use "
                + "--init quality:Q or --init constant:STEP");
    }

    private static int parseInt(String s, String whole) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot read a number in table init '" + whole + "'");
        }
    }

    private static double parseDouble(String s, String whole) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot read a number in table init '" + whole + "'");
        }
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

    /** Per-channel mean and standard deviation of the training pixels in [0,1]: {mean[], std[]}. */
    public static float[][] channelStatistics(ImageDataset data) {
        int c = data.channels();
        int plane = data.height() * data.width();
        double[] sum = new double[c];
        double[] sumSquares = new double[c];
        byte[] pixels = data.pixels();
        for (int i = 0; i < data.size(); i++) {
            int base = i * c * plane;
            for (int ch = 0; ch < c; ch++) {
                int offset = base + ch * plane;
                for (int p = 0; p < plane; p++) {
                    double v = (pixels[offset + p] & 0xFF) / 255.0;
                    sum[ch] += v;
                    sumSquares[ch] += v * v;
                }
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        double n = (double) data.size() * plane;
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / n;
            mean[ch] = (float) m;
            std[ch] = (float) Math.sqrt(Math.max(sumSquares[ch] / n - m * m, 1e-12));
        }
        return new float[][] {mean, std};
    }
}
