package org.jpegdl.experiment;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jpegdl.data.Batches;
import org.jpegdl.data.DatasetException;
import org.jpegdl.data.DatasetOptions;
import org.jpegdl.data.DatasetSplits;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.data.ImageDecoder;
import org.jpegdl.data.ImageList;
import org.jpegdl.data.InputTransform;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.data.RgbImage;
import org.jpegdl.data.ValidationSplit;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.JpegLayerBuilder;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.nd.Devices;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.Checkpoints;
import org.jpegdl.run.Json;
import org.jpegdl.run.MeanMagnitudes;
import org.jpegdl.run.NetworkFile;
import org.jpegdl.run.RegionSensitivityMap;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.SensitivityMap;
import org.jpegdl.run.TablesFile;

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

    /**
     * Data, batches and network of a run, ready to train or evaluate.
     *
     * @param startingClassifier the trained classifier the network starts from ({@link RunConfig#initFrom()}),
     *     copied in once the network is initialised; null for a fresh initialisation and for a run loaded from its
     *     own checkpoint
     */
    public record Prepared(RunConfig config, DatasetSplits<LabelledImages> data, Network network, Batches train,
            Batches test, Batches validation, StartingClassifier startingClassifier) {

        /** The splits as images held in memory (IDX, CIFAR); a clear error for photo datasets read from files. */
        public DatasetSplits<ImageDataset> inMemory() {
            return data.as(ImageDataset.class);
        }
    }

    /**
     * Loads the data and builds the network (tables from the recipe's initialisation) for {@code config}; the data
     * set's kind decides the normalisation (its {@link LabelledImages#normalization()}) and how it is batched. What
     * the tables start from is computed without a run store (see {@link #prepare(RunConfig, RunDirectory)}).
     */
    public static Prepared prepare(RunConfig config) throws IOException {
        return prepare(config, null);
    }

    /**
     * The same for the run in {@code run}: an {@code abs-avg} initialisation reads its mean magnitudes from the
     * run's {@code mean-magnitudes.json} or from a sibling run's with the same key (another seed of a comparison),
     * else computes them and writes them there; null for no run store. A run with {@link RunConfig#initFrom()} gets
     * its {@link Prepared#startingClassifier()}, checked against this run here (same model, class and channel
     * counts) and copied in by the training once the network is initialised, so initialisation cannot overwrite it.
     */
    public static Prepared prepare(RunConfig config, RunDirectory run) throws IOException {
        return prepare(config, run, true);
    }

    /** A run's network as it is built, for weights to be loaded into it: no starting classifier, no run store. */
    static Prepared prepareWithoutStart(RunConfig config) throws IOException {
        return prepare(config, null, false);
    }

    private static Prepared prepare(RunConfig config, RunDirectory run, boolean start) throws IOException {
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
        int trainingImages = data.train().size();
        data = limited(data, config);
        LabelledImages trainSet = data.train();
        StartingClassifier startingClassifier = start && config.initFrom() != null
                ? StartingClassifier.of(config, trainSet) : null;
        // a run that has started keeps what its network was made from (network.json): the same network again, however
        // the data's statistics or the run its tables started from have changed since
        NetworkFile kept = run != null && Files.isRegularFile(run.network()) ? NetworkFile.read(run) : null;
        float[][] stats = kept != null ? new float[][] {kept.mean(), kept.std()} : trainSet.normalization();
        Block classifier = ModelZoo.spec(config.model()).build(trainSet.numClasses(), trainSet.channels());
        Batches train = trainSet.trainingBatches(recipe.batchSize(), config.seed(), recipe.augment(), recipe.padTo(),
                decoding(config));
        boolean subsets = limits(config.trainLimit(), trainingImages);
        Network network = network(config, classifier, trainSet.channels(), train.imageShape(), stats,
                () -> kept != null && kept.tables() != null ? kept.tables().toTableInit()
                        : tableInit(config, run, trainSet, subsets, train.imageShape()));
        // a run that evaluates on its validation split only never reads the test split
        Batches test = config.dataSettings().validationOnly() ? null : evaluationBatches(data.test(), config);
        return new Prepared(config, data, network, train, test, validation, startingClassifier);
    }

    /** Where a JPEG layer's initial tables come from, asked only for a layer that has tables. */
    @FunctionalInterface
    private interface TableSource {
        TableInit get() throws IOException;
    }

    /** The network of {@code config}: the classifier behind the JPEG layer or behind the normalisation alone. */
    private static Network network(RunConfig config, Block classifier, int channels, int[] shape, float[][] stats,
            TableSource tables) throws IOException {
        if (!config.jpeg()) {
            return Network.baseline(classifier, stats[0], stats[1]);
        }
        JpegLayer layer = jpegLayer(config, channels, shape, stats, tables);
        return config.frozenClassifier() ? Network.frozenClassifier(layer, classifier)
                : Network.jpegDl(layer, classifier);
    }

    /**
     * What {@code p}'s network needs to be loaded again without its data or any other run: classes, input shape,
     * normalisation, input transform and the JPEG layer's initial tables.
     */
    public static NetworkFile networkFile(Prepared p) {
        JpegLayer layer = p.network().jpegLayer();
        NetworkFile.InitialTables tables = layer == null || layer.rounds() == 0 ? null
                : NetworkFile.InitialTables.of(layer.tableInit());
        return new NetworkFile(List.copyOf(p.data().train().classNames()), p.train().imageShape(),
                p.network().mean(), p.network().std(), inputTransform(p), tables);
    }

    /**
     * A finished run's network with the parameters of its last checkpoint, built from its own folder alone:
     * {@code config.json}, {@code network.json} and the checkpoint; neither its data set nor another run is read.
     * A run written before {@code network.json} existed is assembled with its data as {@link #load} does.
     *
     * @param run the run directory
     * @param manager where the parameters go (its device)
     * @return the run's config, network and what it was made from
     * @throws IOException when the run, its checkpoint or one of its files cannot be read (one line naming it)
     */
    public static LoadedNetwork loadNetwork(RunDirectory run, NDManager manager) throws IOException {
        int epoch = run.lastCheckpointEpoch();
        RunConfig config = run.readConfig();
        if (!Files.isRegularFile(run.network())) {
            Prepared p = load(run, config, manager);
            return new LoadedNetwork(config, p.network(), networkFile(p));
        }
        NetworkFile file = NetworkFile.read(run);
        int[] shape = file.inputShape();
        Block classifier = ModelZoo.spec(config.model()).build(file.classes(), shape[0]);
        Network network = network(config, classifier, shape[0], shape, new float[][] {file.mean(), file.std()},
                () -> {
                    if (file.tables() == null) {
                        throw new IOException(run.network() + " holds no initial tables for this run's JPEG layer");
                    }
                    return file.tables().toTableInit();
                });
        network.block().initialize(manager, DataType.FLOAT32, new Shape(1, shape[0], shape[1], shape[2]));
        run.checkpointStore().load(epoch, network.block(), Map.of(), manager);
        return new LoadedNetwork(config, network, file);
    }

    /**
     * A finished run's network, loaded from its folder alone.
     *
     * @param config the run's config
     * @param network the network with the last checkpoint's parameters
     * @param file what the network was made from
     */
    public record LoadedNetwork(RunConfig config, Network network, NetworkFile file) {}

    /** The JPEG layer of a JPEG-DL run, every setting from the recipe, for images of {@code shape} (C, H, W). */
    private static JpegLayer jpegLayer(RunConfig config, int channels, int[] shape, float[][] stats,
            TableSource tables) throws IOException {
        Recipe recipe = config.recipe();
        JpegLayerBuilder layer = JpegLayer.builder()
                .optChannels(channels)
                .optCandidates(recipe.candidates())
                .optBits(recipe.bits())
                .optNormalization(stats[0], stats[1]);
        if (recipe.zeroDc()) {
            return layer.optZeroDc(true).build();
        }
        int size = recipe.regionSize();
        if (size > padded(shape[1]) || size > padded(shape[2])) {
            throw new IllegalArgumentException("spatial table region size " + size + " is larger than the "
                    + shape[1] + "×" + shape[2] + " images of " + config.dataset() + " this run trains on");
        }
        return layer.optRounds(recipe.rounds())
                .optAlpha(recipe.alpha())
                .optTrainableAlpha(recipe.trainableAlpha())
                .optAlphaScaling(recipe.alphaScaling())
                .optHardness(recipe.hardness())
                .optRegionSize(size)
                .optAdaptation(recipe.adaptation())
                .optTableInit(tables.get())
                .build();
    }

    /** {@code pixels} rounded up to whole 8×8 blocks, as the layer pads. */
    private static int padded(int pixels) {
        return (pixels + 7) / 8 * 8;
    }

    /** A run's data: its data set's splits with the run's training and test limits applied, as it trains them. */
    public static DatasetSplits<LabelledImages> data(RunConfig config) throws IOException {
        return limited(load(config), config);
    }

    /** The data set's whole splits. */
    private static DatasetSplits<LabelledImages> load(RunConfig config) throws IOException {
        return DatasetZoo.load(config.dataset(), config.dataDir() == null ? null : Path.of(config.dataDir()),
                decoding(config));
    }

    /** How photo files are read for this run: the configured crop size, else the model's native input. */
    private static DatasetOptions decoding(RunConfig config) {
        int configured = config.dataSettings().imageSize();
        return config.dataSettings().toOptions(configured > 0 ? configured : ModelZoo.spec(config.model()).inputSize());
    }

    /** Batches of a split in order, without augmentation (in memory: only the recipe's padding). */
    public static Batches evaluationBatches(LabelledImages dataset, RunConfig config) {
        return evaluationBatches(dataset, config, EVAL_BATCH);
    }

    /** The same with {@code batchSize} images per batch; photo files are decoded as the run decodes them. */
    public static Batches evaluationBatches(LabelledImages dataset, RunConfig config, int batchSize) {
        return dataset.evaluationBatches(batchSize, config.recipe().padTo(), decoding(config));
    }

    /**
     * A split as uint8 images of the size the run evaluates them at, for real JPEG files: an in-memory split as it
     * is; photo files decoded and cropped as the run's evaluation batches crop them ({@link InputTransform}: shorter
     * side scaled, centre crop, antialiased bilinear), rounded to bytes (the batches keep the interpolated floats; the
     * rounding moves a value by at most ½). A photo file that cannot be decoded is left out and described in
     * {@code skipped} (may be null).
     *
     * @param split the split (in-memory or photo files)
     * @param config the run's config (how it decodes photos)
     * @param skipped receives "FILE: reason" for each file left out
     * @return the images, in the split's order
     */
    public static ImageDataset evaluationImages(LabelledImages split, RunConfig config, List<String> skipped) {
        if (split instanceof ImageDataset images) {
            return images;
        }
        InputTransform transform = InputTransform.of(evaluationBatches(split, config, 1));
        int[] shape = transform.outputShape();
        int bytes = shape[0] * shape[1] * shape[2];
        List<byte[]> kept = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) {
            RgbImage image;
            try {
                image = ImageDecoder.decode(((ImageList) split).path(i));
            } catch (DatasetException e) {
                if (skipped != null) {
                    skipped.add(e.getMessage());
                }
                continue;
            }
            float[] values = transform.apply(image);
            byte[] out = new byte[bytes];
            for (int k = 0; k < bytes; k++) {
                out[k] = (byte) Math.max(0, Math.min(255, Math.round(values[k])));
            }
            kept.add(out);
            labels.add(split.label(i));
        }
        byte[] pixels = new byte[kept.size() * bytes];
        for (int i = 0; i < kept.size(); i++) {
            System.arraycopy(kept.get(i), 0, pixels, i * bytes, bytes);
        }
        return new ImageDataset(split.name(), split.source() + ", decoded and cropped as the run evaluates them",
                pixels, labels.stream().mapToInt(Integer::intValue).toArray(), split.numClasses(), shape[0], shape[1],
                shape[2], split.classNames());
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
        return load(run, run.readConfig(), manager);
    }

    /**
     * As {@link #load(RunDirectory, NDManager)} with {@code config} in place of the run's own (the run's config with
     * a data directory given on the command line, say).
     */
    public static Prepared load(RunDirectory run, RunConfig config, NDManager manager) throws IOException {
        int epoch = run.lastCheckpointEpoch();
        Checkpoints checkpoints = run.checkpointStore();
        // its own checkpoint holds every parameter: the classifier it started from is not needed (nor read)
        Prepared p = prepare(config, run, false);
        p.network().block().initialize(manager, DataType.FLOAT32, Sensitivity.imageShape(p.train()));
        checkpoints.load(epoch, p.network().block(), Map.of(), manager);
        return p;
    }

    /**
     * How an image from outside the data set becomes what this run's evaluation batches hold for one of its own:
     * the run's evaluation transform (in memory: the data set's size and channels, then the recipe's pad; photos:
     * the crop the run decodes its files to).
     */
    public static InputTransform inputTransform(Prepared p) {
        return InputTransform.of(evaluationBatches(p.data().train(), p.config(), 1));
    }

    /**
     * The sensitivity map of a trained run: read from its {@code sensitivity.json} when present, else computed over
     * {@code images} training images and written there.
     */
    public static SensitivityMap sensitivity(RunDirectory run, int images) throws IOException {
        return fromBaseline(run, run.sensitivity(), SensitivityMap.class, (p, data, manager) ->
                Sensitivity.compute(p.network().classifier(), p.network().mean(), p.network().std(), data, images,
                        p.config().name(), manager));
    }

    /**
     * The sensitivity map per region of {@code regionSize} pixels of a trained baseline run: read from its
     * {@code sensitivity-regions-S.json} when present, else computed over {@code images} training images and written
     * there.
     */
    public static RegionSensitivityMap regionSensitivity(RunDirectory run, int regionSize, int images)
            throws IOException {
        return fromBaseline(run, run.regionSensitivity(regionSize), RegionSensitivityMap.class, (p, data, manager) ->
                Sensitivity.computePerRegion(p.network().classifier(), p.network().mean(), p.network().std(), data,
                        images, regionSize, p.config().name(), manager));
    }

    /** What is computed from a trained baseline: its assembled run, its training split's batches, a manager. */
    @FunctionalInterface
    private interface BaselineComputation<T> {
        T compute(Prepared baseline, Batches trainingData, NDManager manager);
    }

    /** {@code file} of the baseline {@code run} when present, else computed from the run and written there. */
    private static <T> T fromBaseline(RunDirectory run, Path file, Class<T> type, BaselineComputation<T> computation)
            throws IOException {
        if (Files.isRegularFile(file)) {
            return Json.read(file, type);
        }
        try (NDManager manager = Devices.newBaseManager()) {
            Prepared p = load(run, manager);
            if (p.network().isJpegDl()) {
                throw new IllegalArgumentException(run.root() + " is a JPEG-DL run; the sensitivity map is taken "
                        + "from a baseline run");
            }
            T result = computation.compute(p, evaluationBatches(p.data().train(), p.config()), manager);
            Json.write(file, result);
            return result;
        }
    }

    /**
     * The layer's starting tables, as the recipe's table initialisation names them; with spatial tables, the
     * sensitivity map and the mean magnitudes per region (quality and constant tables start equal in every region).
     */
    private static TableInit tableInit(RunConfig config, RunDirectory run, LabelledImages trainSet, boolean subsets,
            int[] shape) throws IOException {
        Recipe recipe = config.recipe();
        TableInitialization init = recipe.tableInit();
        if (init instanceof TableInitialization.Quality q) {
            return TableInit.quality(q.quality());
        }
        if (init instanceof TableInitialization.Constant c) {
            return TableInit.constant(c.step());
        }
        if (init instanceof TableInitialization.MeanMagnitude) {
            double validation = config.dataSettings().validationFraction();
            MeanMagnitudes.Key key = new MeanMagnitudes.Key(config.dataset(), absolute(config.dataDir()),
                    subsets ? config.trainLimit() : 0, subsets || validation > 0 ? config.seed() : null, shape[1],
                    shape[2], recipe.padTo(), recipe.regionSize(), config.dataSettings().skipBad(),
                    config.dataSettings().testFraction(), validation);
            return meanMagnitudes(key, () -> evaluationBatches(trainSet, config), run).toTableInit(recipe.bits());
        }
        TableInitialization.Sensitivity s = (TableInitialization.Sensitivity) init;
        if (s.needsBaseline()) {
            throw new IllegalArgumentException("table init 'sensitivity' needs a trained baseline run: "
                    + "--init sensitivity:RUN_DIR (compare trains the baseline and does this itself), or use "
                    + "--init abs-avg, --init quality:Q or --init constant:STEP");
        }
        RunDirectory baseline = new RunDirectory(s.baselineRun());
        if (!baseline.exists() && !Files.isRegularFile(baseline.sensitivity())) {
            if (run != null && Files.isRegularFile(run.tables())) {
                // a run trained before network.json kept its initial tables: those its tables.json recorded
                return initialTables(TablesFile.read(run));
            }
            throw new IllegalArgumentException("table init " + s + ": " + baseline.root() + " is not a run "
                    + "directory (no config.json or sensitivity.json there)");
        }
        if (recipe.regionSize() == 0) {
            return sensitivity(baseline, SENSITIVITY_IMAGES).toTableInit(recipe.qMax());
        }
        RegionSensitivityMap map = regionSensitivity(baseline, recipe.regionSize(), SENSITIVITY_IMAGES);
        if (map.height() != shape[1] || map.width() != shape[2]) {
            throw new IllegalArgumentException("the sensitivity map per " + recipe.regionSize() + "-px region of "
                    + baseline.root() + " is for " + map.height() + "×" + map.width() + " images; this run's are "
                    + shape[1] + "×" + shape[2]);
        }
        return map.toTableInit(recipe.qMax());
    }

    /**
     * The initial tables a {@code tables.json} recorded (as the layer clamped them; chroma as luma for grayscale),
     * per round and, for spatial tables, per region.
     */
    private static TableInit initialTables(TablesFile file) {
        int rounds = file.rounds().size();
        float[][][] luma = new float[rounds][][];
        float[][][] chroma = new float[rounds][][];
        for (int r = 0; r < rounds; r++) {
            TablesFile.Round round = file.rounds().get(r);
            if (round.regions() == null) {
                luma[r] = new float[][] {round.initialLuma()};
                chroma[r] = new float[][] {round.initialChroma() == null ? round.initialLuma() : round.initialChroma()};
            } else {
                luma[r] = round.regions().stream().map(TablesFile.Region::initialLuma).toArray(float[][]::new);
                chroma[r] = round.regions().stream().map(g -> g.initialChroma() == null ? g.initialLuma()
                        : g.initialChroma()).toArray(float[][]::new);
            }
        }
        return TableInit.explicitRegions(file.init(), luma, chroma);
    }

    /**
     * The mean magnitudes for {@code key}: from the run's {@code mean-magnitudes.json} or a sibling run's with the
     * same key (copied into the run), else computed from {@code batches} and written into the run.
     */
    private static MeanMagnitudes meanMagnitudes(MeanMagnitudes.Key key, Supplier<Batches> batches, RunDirectory run)
            throws IOException {
        if (run != null) {
            for (Path candidate : cachedMagnitudes(run)) {
                MeanMagnitudes cached = readIfFor(candidate, key);
                if (cached != null) {
                    if (!candidate.equals(run.meanMagnitudes())) {
                        Json.write(run.meanMagnitudes(), cached);
                    }
                    return cached;
                }
            }
        }
        try (NDManager manager = Devices.newBaseManager()) {
            MeanMagnitudes computed = CoefficientMagnitudes.compute(batches.get(), key, manager);
            if (run != null) {
                Json.write(run.meanMagnitudes(), computed);
            }
            return computed;
        }
    }

    /** The run's own {@code mean-magnitudes.json} first, then those of the other runs beside it, in name order. */
    private static List<Path> cachedMagnitudes(RunDirectory run) throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(run.meanMagnitudes());
        Path own = run.root().toAbsolutePath().normalize();
        Path parent = own.getParent();
        if (parent != null && Files.isDirectory(parent)) {
            try (Stream<Path> siblings = Files.list(parent)) {
                siblings.filter(d -> Files.isDirectory(d) && !d.equals(own)).sorted()
                        .map(d -> new RunDirectory(d).meanMagnitudes())
                        .filter(Files::isRegularFile)
                        .forEach(out::add);
            }
        }
        return out;
    }

    /** The magnitudes in {@code file} when they were computed for {@code key}; null otherwise or when unreadable. */
    private static MeanMagnitudes readIfFor(Path file, MeanMagnitudes.Key key) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            MeanMagnitudes m = Json.read(file, MeanMagnitudes.class);
            return key.equals(m.key()) ? m : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The data directory as an absolute path: the same relative name read from elsewhere is other data. */
    private static String absolute(String dataDir) {
        return dataDir == null ? null : Path.of(dataDir).toAbsolutePath().normalize().toString();
    }

    /** Whether a limit of {@code limit} images takes a subset of a split of {@code size} images. */
    private static boolean limits(int limit, int size) {
        return limit > 0 && limit < size;
    }

    private static DatasetSplits<LabelledImages> limited(DatasetSplits<LabelledImages> data, RunConfig config) {
        LabelledImages train = data.train();
        if (limits(config.trainLimit(), train.size())) {
            train = train.subset(train.balancedIndices(config.trainLimit() / train.numClasses(), config.seed()));
            if (train.size() == 0) {
                throw new IllegalArgumentException("the training split of " + config.dataset() + " is empty: a "
                        + "training limit of " + config.trainLimit() + " images leaves none of each of its "
                        + train.numClasses() + " classes (the limit is class-balanced)");
            }
        }
        // the test subset does not depend on the run's seed: every run of a comparison sees the same images; it is
        // taken when the test split is first read
        return data.withTrain(train, test -> limits(config.testLimit(), test.size())
                ? test.subset(test.balancedIndices(config.testLimit() / test.numClasses(), 0)) : test);
    }
}
