package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jpegdl.data.Batches;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.experiment.Network;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.nd.Devices;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunLock;

/**
 * Measures a network's top-1 under the attack suite of {@link AttackSettings} on a batch source, and does so for a
 * run directory ({@link #forRun}), writing {@code attack.json}. Every attack runs through the whole network (JPEG
 * layer + model) on pixels in [0,255], in inference mode; only images classified correctly when clean are attacked.
 * Every attack sees every clean-correct image (each column is that attack's own accuracy); the worst case counts an
 * image as robust only if it survives every attack at that ε. The {@link MaskingChecks} come with every measurement.
 */
public final class RobustnessEvaluation {

    private RobustnessEvaluation() {}

    /** What {@link #measure} found, before it is tied to a run. */
    public record Measurement(
            int images,
            int cleanCorrect,
            List<AttackReport.Curve> curves,
            AttackReport.Curve worstCase,
            Eot.Assessment eot,
            MaskingChecks masking) {}

    /** {@link #measure(Network, Batches, AttackSettings, Network, String, NDManager, PrintStream)}, no transfer. */
    public static Measurement measure(
            Network network, Batches data, AttackSettings settings, NDManager manager, PrintStream log) {
        return measure(network, data, settings, null, null, manager, log);
    }

    /**
     * Attacks every image of epoch 0 of {@code data} (in order, unaugmented) with every attack and ε of
     * {@code settings}, and runs the masking checks.
     *
     * @param network the network attacked
     * @param data the test images
     * @param settings the attacks and ε
     * @param transferSource the network whose adversarial images the transfer attack tries on this one (PGD on its
     *     plain gradient for a baseline, through the clamp-aware BPDA surrogate for JPEG-DL), or null for none
     * @param transferName what to call it in the report (its run's name)
     * @param manager where the batches live
     * @param log where a line per batch and ε goes, or null
     * @return every attack's curve, the worst case, the EOT assessment and the masking checks
     */
    public static Measurement measure(
            Network network,
            Batches data,
            AttackSettings settings,
            Network transferSource,
            String transferName,
            NDManager manager,
            PrintStream log) {
        long start = System.nanoTime();
        try (AttackTargets targets = new AttackTargets(network, transferSource, transferName);
                EpochIterator it = data.epoch(0)) {
            AttackSuite suite = null;
            int batchIndex = 0;
            while (it.hasNext()) {
                try (Batch batch = it.next(manager)) {
                    NDArray x = batch.getData().singletonOrThrow();
                    NDArray y = batch.getLabels().singletonOrThrow();
                    if (suite == null) {
                        targets.assessEot(x, settings.eotSamples());
                        int classes = (int) targets.plain().logits(x).getShape().get(1);
                        suite = new AttackSuite(settings, targets, transferSource != null, classes, log, start);
                    }
                    boolean[] ok = targets.plain().correct(x, y);
                    int[] keep = Rows.where(ok, true);
                    suite.count(ok.length, keep.length);
                    if (keep.length > 0) {
                        try (NDManager scope = x.getManager().newSubManager()) {
                            suite.attack(cleanCorrect(x, y, keep, scope, batchIndex, data.batchesPerEpoch()));
                        }
                    }
                    batchIndex++;
                }
            }
            if (suite == null) {
                suite = new AttackSuite(settings, targets, transferSource != null, 2, log, start);
            }
            return suite.measurement();
        }
    }

    /** The rows {@code keep} of a batch, in {@code scope}. */
    private static AttackBatch cleanCorrect(NDArray x, NDArray y, int[] keep, NDManager scope, int index, int batches) {
        Shape shape = x.getShape();
        int d = (int) (shape.size() / shape.get(0));
        NDArray xs = scope.create(Rows.select(x.toFloatArray(), d, keep), Rows.shape(shape, keep.length));
        NDArray ys = scope.create(Rows.select(y.toFloatArray(), 1, keep), new Shape(keep.length));
        return new AttackBatch(xs, ys, index, batches);
    }

    /** {@link #forRun(RunDirectory, AttackSettings, boolean, PrintStream, String, RunDirectory)}, no transfer. */
    public static AttackReport forRun(
            RunDirectory run, AttackSettings settings, boolean force, PrintStream log, String command)
            throws IOException {
        return forRun(run, settings, force, log, command, null);
    }

    /**
     * The report of a finished (or checkpointed) run: read from its {@code attack.json} when that holds the same
     * settings, checkpoint and transfer source and {@code force} is false, else measured and written there.
     *
     * @param run the run attacked (its last checkpoint)
     * @param settings the attacks and ε
     * @param force measure again even when {@code attack.json} holds these settings
     * @param log where progress goes, or null
     * @param command the command line, kept in the report
     * @param transferFrom the run whose network makes the transfer attack's images (the other arm), or null for no
     *     transfer attack; it must be trained on the same data set with the same image size
     * @return the report, as written to (or read from) the run's {@code attack.json}
     * @throws IOException when a file of either run cannot be read or the report cannot be written
     */
    public static AttackReport forRun(
            RunDirectory run,
            AttackSettings settings,
            boolean force,
            PrintStream log,
            String command,
            RunDirectory transferFrom)
            throws IOException {
        run.lastCheckpointEpoch(); // one line when it is not a run with a checkpoint, before its folder is locked
        try (RunLock lock = RunLock.acquire(run.root(), "attack", log)) {
            return forOwnedRun(run, settings, force, log, command, transferFrom);
        }
    }

    private static AttackReport forOwnedRun(
            RunDirectory run,
            AttackSettings settings,
            boolean force,
            PrintStream log,
            String command,
            RunDirectory transferFrom)
            throws IOException {
        int epoch = run.lastCheckpointEpoch();
        int transferEpoch = transferFrom == null ? 0 : transferFrom.lastCheckpointEpoch();
        String transferPath = transferFrom == null ? null : transferFrom.root().toString();
        Path file = run.attackReport();
        if (!force && Files.isRegularFile(file)) {
            AttackReport earlier = Json.read(file, AttackReport.class);
            if (earlier.settings().equals(settings)
                    && earlier.epoch() == epoch
                    && earlier.masking() != null
                    && Objects.equals(earlier.transferFrom(), transferPath)
                    && earlier.transferEpoch() == transferEpoch) {
                if (log != null) {
                    log.println(run.root() + ": attacked earlier with these settings, reusing " + file);
                }
                return earlier;
            }
        }
        long start = System.nanoTime();
        try (NDManager manager = Devices.newBaseManager()) {
            RunAssembly.Prepared p = RunAssembly.load(run, manager);
            RunConfig config = p.config();
            Network network = p.network();
            String quantization = quantize(network, settings);
            Network source = null;
            String sourceName = null;
            if (transferFrom != null) {
                RunAssembly.Prepared other = RunAssembly.load(transferFrom, manager);
                checkTransfer(config, other.config(), transferFrom);
                source = other.network();
                sourceName = other.config().name();
                quantize(source, settings);
            }
            ImageDataset test = limited(p.inMemory().test(), settings.limit());
            Batches batches = RunAssembly.evaluationBatches(test, config.recipe(), settings.batchSize());
            if (log != null) {
                log.printf(
                        Locale.ROOT,
                        "%s: attacking %s %s (epoch %d, %s) on %d %s test images%s%n",
                        config.name(),
                        network.isJpegDl() ? "JPEG-DL" : "baseline",
                        config.model(),
                        epoch,
                        network.isJpegDl() ? quantization.toLowerCase(Locale.ROOT) + " quantisation" : "no JPEG layer",
                        test.size(),
                        config.dataset(),
                        source == null ? "" : ", transfer from " + sourceName);
            }
            Measurement m = measure(network, batches, settings, source, sourceName, manager, log);
            AttackReport report = AttackReport.of(
                    new AttackReport.Subject(
                            config.name(),
                            run.root().toString(),
                            config.model(),
                            config.dataset(),
                            network.isJpegDl(),
                            epoch,
                            quantization),
                    settings,
                    m,
                    new AttackReport.Transfer(transferPath, transferEpoch),
                    new AttackReport.Provenance(
                            Integer.getInteger("ai.djl.pytorch.num_threads", 0),
                            (System.nanoTime() - start) / 1e9,
                            command));
            if (Files.isRegularFile(file)) {
                // the attack of other settings is kept beside the new one, not lost
                Files.move(file, run.previousAttackReport(), StandardCopyOption.REPLACE_EXISTING);
                if (log != null) {
                    log.println(run.root() + ": the earlier " + file.getFileName() + " (other settings, checkpoint or "
                            + "transfer source" + (force ? ", or --force" : "") + ") is kept as "
                            + run.previousAttackReport());
                }
            }
            Json.write(file, report);
            return report;
        }
    }

    /** Sets a JPEG-DL network's quantisation for the attack; its name, "none" for a baseline. */
    private static String quantize(Network network, AttackSettings settings) {
        if (!network.isJpegDl()) {
            return "none";
        }
        network.jpegLayer()
                .setQuantization(settings.hard() ? JpegLayer.Quantization.HARD : JpegLayer.Quantization.SOFT);
        return network.jpegLayer().getQuantization().name();
    }

    private static void checkTransfer(RunConfig run, RunConfig source, RunDirectory sourceDir) {
        if (!run.dataset().equals(source.dataset())
                || run.recipe().padTo() != source.recipe().padTo()
                || run.dataSettings().imageSize() != source.dataSettings().imageSize()) {
            throw new IllegalArgumentException(sourceDir.root() + " cannot make transfer images for " + run.name()
                    + ": it was trained on " + source.dataset() + " images of another size or data set (this run: "
                    + run.dataset() + ")");
        }
    }

    /** At most {@code limit} images of a test split, class-balanced (seed 0: the same images for every run). */
    public static ImageDataset limited(ImageDataset test, int limit) {
        if (limit <= 0 || limit >= test.size()) {
            return test;
        }
        int perClass = Math.max(1, limit / test.numClasses());
        try {
            return test.subset(test.balancedIndices(perClass, 0));
        } catch (IllegalArgumentException unbalanced) {
            int[] first = new int[limit];
            for (int i = 0; i < limit; i++) {
                first[i] = i;
            }
            return test.subset(first);
        }
    }
}
