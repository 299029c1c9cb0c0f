package org.jpegdl.train;

import org.jpegdl.experiment.Network;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.run.Checkpoints;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunSummary;
import org.jpegdl.run.TablesFile;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jpegdl.data.Batches;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.jpeg.JpegLayer;

/**
 * Trains a {@link Network} jointly: every batch, one forward and backward pass, the model's parameters stepped by
 * SGD and the JPEG layer's tables by their own optimiser (each at its scheduled learning rate), then the tables
 * clamped. Every batch lives in its own NDManager, closed when the batch is done, so native memory stays flat. After
 * each epoch: test evaluation, one line of metrics, the tables, and an atomic checkpoint; a run resumes from its
 * last checkpoint and, on CPU with the same seed, ends as an uninterrupted run would. A non-finite loss stops the run
 * with {@link DivergedException}, leaving the last good checkpoint.
 */
public final class TrainingLoop {

    private final RunDirectory run;
    private final RunConfig config;
    private final Network network;
    private final Batches train;
    private final Batches test;
    private final PrintStream log;
    private final boolean progressBar;

    /**
     * @param run where the run's files go
     * @param config the run's configuration (written to config.json)
     * @param network the network to train, not yet initialised
     * @param train training batches (augmented, shuffled per epoch)
     * @param test test batches
     * @param log where one line per epoch is printed (null: silent)
     * @param progressBar whether to draw a progress bar per epoch
     */
    public TrainingLoop(RunDirectory run, RunConfig config, Network network, Batches train, Batches test,
            PrintStream log, boolean progressBar) {
        this.run = run;
        this.config = config;
        this.network = network;
        this.train = train;
        this.test = test;
        this.log = log;
        this.progressBar = progressBar;
    }

    /** Raised when the loss stops being finite. */
    public static final class DivergedException extends RuntimeException {
        public DivergedException(String message) {
            super(message);
        }
    }

    /** Trains from the start, or from the last checkpoint when {@code resume} is set; returns the summary. */
    public RunSummary run(boolean resume) throws IOException {
        Recipe recipe = config.recipe();
        Engine.getInstance().setRandomSeed((int) config.seed());
        try (NDManager root = NDManager.newBaseManager()) {
            int[] shape = train.imageShape();
            network.block().initialize(root, DataType.FLOAT32, new Shape(1, shape[0], shape[1], shape[2]));
            ParameterOptimizer modelOptimizer = new ParameterOptimizer.Sgd(root, recipe.momentum(),
                    recipe.weightDecay());
            ParameterOptimizer tableOptimizer = tableOptimizer(root, recipe, shape);
            Map<String, ParameterOptimizer> optimizers = new LinkedHashMap<>();
            optimizers.put("model", modelOptimizer);
            if (network.isJpegDl()) {
                optimizers.put("tables", tableOptimizer);
            }
            Checkpoints checkpoints = new Checkpoints(run.checkpoints());
            List<EpochMetrics> history = new ArrayList<>();
            int start = 0;
            double previousSeconds = 0;
            if (resume) {
                Integer last = checkpoints.latestEpoch().orElse(null);
                if (last != null) {
                    checkpoints.load(last, network.block(), optimizers, root);
                    for (EpochMetrics m : run.readMetrics()) {
                        if (m.epoch() <= last) {
                            history.add(m);
                            previousSeconds += m.seconds();
                        }
                    }
                    start = last;
                    print("resuming %s after epoch %d of %d", config.name(), last, recipe.epochs());
                }
            }
            run.writeConfig(config);
            run.writeMetrics(history);
            writeTables(history.isEmpty() ? null : history);

            Set<String> tableIds = network.tableParameterIds();
            List<Pair<String, Parameter>> parameters = new ArrayList<>();
            for (Pair<String, Parameter> p : network.block().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    parameters.add(p);
                }
            }
            for (int epoch = start; epoch < recipe.epochs(); epoch++) {
                long t0 = System.nanoTime();
                double modelLr = recipe.modelLrAt(epoch);
                double tableLr = network.isJpegDl() ? recipe.tableLrAt(epoch) : 0;
                double[] trained = trainEpoch(root, epoch, parameters, tableIds, modelOptimizer, tableOptimizer,
                        modelLr, tableLr);
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                Evaluation.Result result = Evaluation.evaluate(network.block(), test, root);
                double seconds = (System.nanoTime() - t0) / 1e9;
                // memory is read after the epoch's garbage is collected and freed tensor memory handed back, so that
                // it shows what is in use rather than how far the allocators' caches have grown (ProcessMemory)
                ProcessMemory.settle();
                EpochMetrics m = new EpochMetrics(epoch + 1, trained[0], trained[1], result.loss(), result.top1(),
                        result.top5(), modelLr, tableLr, tableStats(), seconds, trained[2] / trainSeconds,
                        ProcessMemory.residentMb(), ProcessMemory.nativeHeapInUseMb());
                history.add(m);
                run.writeMetrics(history);
                writeTables(history);
                checkpoints.save(epoch + 1, network.block(), optimizers);
                print("epoch %d/%d  train loss %.4f acc %.2f%%  test loss %.4f top-1 %.2f%% top-5 %.2f%%  %.0f img/s"
                                + "  %.0fs  rss %.0f MiB", epoch + 1, recipe.epochs(), m.trainLoss(), 100 * m.trainTop1(),
                        m.testLoss(), 100 * m.testTop1(), 100 * m.testTop5(), m.trainImagesPerSecond(), seconds,
                        m.residentMemoryMb());
            }
            EpochMetrics last = history.get(history.size() - 1);
            double totalSeconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
            double meanSpeed = history.stream().mapToDouble(EpochMetrics::trainImagesPerSecond).average().orElse(0);
            RunSummary summary = new RunSummary(config.name(), config.model(), config.dataset(), config.jpeg(),
                    config.seed(), recipe.epochs(), train.imagesPerEpoch(), test.dataset().size(), last.testTop1(),
                    last.testTop5(), history.stream().mapToDouble(EpochMetrics::testTop1).max().orElse(0),
                    totalSeconds, meanSpeed, config.threads(), skippedImages());
            Json.write(run.summary(), summary);
            return summary;
        }
    }

    /** Images the data pipeline left out (read with skip-bad), training split first, each once. */
    private List<String> skippedImages() {
        Set<String> all = new java.util.LinkedHashSet<>();
        train.skippedImages().forEach(s -> all.add(s.toString()));
        test.skippedImages().forEach(s -> all.add(s.toString()));
        return List.copyOf(all);
    }

    private static ParameterOptimizer tableOptimizer(NDManager root, Recipe recipe, int[] shape) {
        if (recipe.tableOptimizer().equals("lsq-sgd")) {
            // each step multiplies one coefficient per 8×8 block of its channel(s)
            long blocks = (long) ((shape[1] + 7) / 8) * ((shape[2] + 7) / 8);
            long largestIndex = (1L << (recipe.bits() - 1)) - 1;
            return new ParameterOptimizer.LsqSgd(root, recipe.tableMomentum(),
                    ParameterOptimizer.LsqSgd.scale(blocks, largestIndex));
        }
        return new ParameterOptimizer.Adam(root, 0);
    }

    /** One epoch; returns {mean loss, accuracy, images}. */
    private double[] trainEpoch(NDManager root, int epoch, List<Pair<String, Parameter>> parameters,
            Set<String> tableIds, ParameterOptimizer modelOptimizer, ParameterOptimizer tableOptimizer,
            double modelLr, double tableLr) {
        ParameterStore store = new ParameterStore(root, false);
        SoftmaxCrossEntropyLoss lossFunction = new SoftmaxCrossEntropyLoss();
        JpegLayer layer = network.jpegLayer();
        double lossSum = 0;
        long correct = 0;
        long images = 0;
        int batchIndex = 0;
        String task = String.format(Locale.ROOT, "%s epoch %d/%d", config.name(), epoch + 1,
                config.recipe().epochs());
        try (EpochIterator it = train.epoch(epoch);
                TrainingProgress progress = progressBar ? new TrainingProgress(task, it.batchesInEpoch()) : null) {
            while (it.hasNext()) {
                try (Batch batch = it.next(root)) {
                    NDArray labels = batch.getLabels().singletonOrThrow();
                    NDArray logits;
                    NDArray loss;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        logits = network.block().forward(store, batch.getData(), true).singletonOrThrow();
                        loss = lossFunction.evaluate(new NDList(labels), new NDList(logits));
                        collector.backward(loss);
                    }
                    float value = loss.getFloat();
                    if (!Float.isFinite(value)) {
                        throw new DivergedException(String.format(Locale.ROOT,
                                "%s: the loss became %s in epoch %d, batch %d; training stopped. The last good "
                                        + "checkpoint is kept in %s (lower the learning rate and --resume). %s",
                                config.name(), value, epoch + 1, batchIndex + 1, run.checkpoints(),
                                diagnosis(logits)));
                    }
                    for (Pair<String, Parameter> p : parameters) {
                        boolean isTable = tableIds.contains(p.getValue().getId());
                        (isTable ? tableOptimizer : modelOptimizer)
                                .step(p.getKey(), p.getValue().getArray(), isTable ? tableLr : modelLr);
                    }
                    if (layer != null) {
                        layer.clampTables();
                    }
                    int n = batch.getSize();
                    lossSum += value * n;
                    correct += Evaluation.count(logits, labels).top1();
                    images += n;
                    batchIndex++;
                    if (progress != null) {
                        progress.step(lossSum / images, (double) correct / images, images);
                    }
                }
            }
        }
        return new double[] {lossSum / images, (double) correct / images, images};
    }

    /** Where the non-finite values are: the logits, and which parameters (tables included) hold NaN or Inf. */
    private String diagnosis(NDArray logits) {
        List<String> bad = new ArrayList<>();
        for (Pair<String, Parameter> p : network.block().getParameters()) {
            if (!finite(p.getValue().getArray())) {
                bad.add(p.getKey());
            }
        }
        String tables = "";
        JpegLayer layer = network.jpegLayer();
        if (layer != null) {
            float[] luma = layer.lumaSteps(0);
            double min = Double.MAX_VALUE;
            double max = 0;
            for (float v : luma) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            tables = String.format(Locale.ROOT, " Round-0 luma steps now span %.3g..%.3g.", min, max);
        }
        return String.format(Locale.ROOT, "Diagnosis: logits %s; parameters with NaN/Inf: %s.%s",
                finite(logits) ? "finite" : "non-finite", bad.isEmpty() ? "none" : bad, tables);
    }

    private static boolean finite(NDArray array) {
        try (NDArray sum = array.toType(DataType.FLOAT64, false).abs().sum()) {
            return Double.isFinite(sum.getDouble());
        }
    }

    private List<EpochMetrics.TableStats> tableStats() {
        JpegLayer layer = network.jpegLayer();
        List<EpochMetrics.TableStats> out = new ArrayList<>();
        if (layer != null) {
            for (int r = 0; r < layer.rounds(); r++) {
                out.add(EpochMetrics.TableStats.of(r, layer.lumaSteps(r),
                        layer.channels() == 3 ? layer.chromaSteps(r) : null));
            }
        }
        return out;
    }

    /** tables.json: the initial tables and the tables after the last epoch, per round (JPEG-DL runs only). */
    private void writeTables(List<EpochMetrics> history) throws IOException {
        JpegLayer layer = network.jpegLayer();
        if (layer == null) {
            return;
        }
        int epoch = history == null ? 0 : history.get(history.size() - 1).epoch();
        Json.write(run.tables(), TablesFile.of(layer, epoch));
    }

    private void print(String format, Object... args) {
        if (log != null) {
            log.println(String.format(Locale.ROOT, format, args));
            log.flush();
        }
    }
}
