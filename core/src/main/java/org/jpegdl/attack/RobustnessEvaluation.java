package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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

/**
 * Measures a network's top-1 under the attack suite of {@link AttackSettings} on a batch source, and does so for a
 * run directory ({@link #forRun}), writing {@code attack.json}. Every attack runs through
 * the whole network (JPEG layer + model) on pixels in [0,255], in inference mode; only images classified correctly
 * when clean are attacked.
 */
public final class RobustnessEvaluation {


    private RobustnessEvaluation() {}

    /** What {@link #measure} found, before it is tied to a run. */
    public record Measurement(int images, int cleanCorrect, List<AttackReport.Curve> curves,
            AttackReport.Curve worstCase, Eot.Assessment eot) {}

    /**
     * Attacks every image of epoch 0 of {@code data} (in order, unaugmented) with every attack and ε of
     * {@code settings}.
     */
    public static Measurement measure(Network network, Batches data, AttackSettings settings, NDManager manager,
            PrintStream log) {
        List<AttackSettings.Spec> attacks = settings.attacks(network.isJpegDl());
        List<Double> eps = settings.epsPixels();
        int[][] correct = new int[attacks.size()][eps.size()];
        int[] worst = new int[eps.size()];
        int images = 0;
        int cleanCorrect = 0;
        Eot.Assessment eot = null;
        long start = System.nanoTime();
        try (AttackTarget plain = AttackTarget.plain(network.block());
                AttackTarget bpda = network.isJpegDl() ? AttackTarget.bpda(network.jpegLayer(),
                        network.classifier(), JpegLayer.Quantization.OFF) : null;
                EpochIterator it = data.epoch(0)) {
            int batchIndex = 0;
            while (it.hasNext()) {
                try (Batch batch = it.next(manager)) {
                    NDArray x = batch.getData().singletonOrThrow();
                    NDArray y = batch.getLabels().singletonOrThrow();
                    if (eot == null) {
                        eot = Eot.assess(plain, x, settings.eotSamples());
                        plain.withEotSamples(eot.samples());
                        if (bpda != null) {
                            bpda.withEotSamples(eot.samples());
                        }
                    }
                    boolean[] ok = plain.correct(x, y);
                    int[] keep = Rows.where(ok, true);
                    images += ok.length;
                    cleanCorrect += keep.length;
                    if (keep.length > 0) {
                        attackBatch(plain, bpda, x, y, keep, attacks, settings, batchIndex, correct, worst,
                                batchIndex + 1, data.batchesPerEpoch(), start, log);
                    }
                    batchIndex++;
                }
            }
        }
        List<AttackReport.Curve> curves = new ArrayList<>();
        for (int a = 0; a < attacks.size(); a++) {
            AttackSettings.Spec spec = attacks.get(a);
            String gradient = spec.bpda() ? "BPDA (identity surrogate)" : "plain";
            curves.add(new AttackReport.Curve(spec.key(), spec.name(), gradient, spec.steps(), spec.restarts(),
                    null, points(eps, correct[a], images)));
        }
        if (settings.strong() && !network.isJpegDl()) {
            AttackReport.Curve strong = curves.get(curves.size() - 1);
            curves.add(new AttackReport.Curve(AttackSettings.BPDA_PGD, settings.bpdaName(), "plain",
                    strong.steps(), strong.restarts(), "no JPEG layer: BPDA is the plain gradient, so this repeats "
                            + strong.name(), strong.points()));
        }
        AttackReport.Curve worstCase = new AttackReport.Curve("worst", "worst case", "every attack above",
                0, 0, "images that survive every attack of the suite at that eps", points(eps, worst, images));
        return new Measurement(images, cleanCorrect, curves, worstCase, eot);
    }

    private static void attackBatch(AttackTarget plain, AttackTarget bpda, NDArray x, NDArray y, int[] keep,
            List<AttackSettings.Spec> attacks, AttackSettings settings, int batchIndex, int[][] correct,
            int[] worst, int batchNumber, int batches, long start, PrintStream log) {
        NDManager outer = x.getManager();
        Shape shape = x.getShape();
        int d = (int) (shape.size() / shape.get(0));
        try (NDManager scope = outer.newSubManager()) {
            NDArray xs = scope.create(Rows.select(x.toFloatArray(), d, keep), Rows.shape(shape, keep.length));
            NDArray ys = scope.create(Rows.select(y.toFloatArray(), 1, keep), new Shape(keep.length));
            for (int e = 0; e < settings.epsPixels().size(); e++) {
                double eps = settings.epsPixels().get(e);
                boolean[] survivesAll = new boolean[keep.length];
                Arrays.fill(survivesAll, true);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  batch %d/%d, eps %s:",
                        batchNumber, batches, AttackSettings.format(eps)));
                for (int a = 0; a < attacks.size(); a++) {
                    AttackSettings.Spec spec = attacks.get(a);
                    AttackTarget target = spec.bpda() ? bpda : plain;
                    long seed = Rows.mix(settings.seed(), batchIndex, e, a);
                    boolean[] survives;
                    try (NDManager attackScope = scope.newSubManager()) {
                        NDArray adversarial = spec.fgsm() ? Fgsm.attack(target, xs, ys, eps)
                                : Pgd.of(spec.steps()).withRestarts(spec.restarts())
                                        .attack(target, xs, ys, eps, seed);
                        adversarial.attach(attackScope);
                        survives = plain.correct(adversarial, ys);
                    }
                    int n = Rows.count(survives);
                    correct[a][e] += n;
                    for (int i = 0; i < survives.length; i++) {
                        survivesAll[i] &= survives[i];
                    }
                    line.append(' ').append(spec.name()).append(' ').append(n);
                }
                worst[e] += Rows.count(survivesAll);
                if (log != null) {
                    log.printf(Locale.ROOT, "%s of %d clean-correct (%.0fs)%n", line, keep.length,
                            (System.nanoTime() - start) / 1e9);
                }
            }
        }
    }

    private static List<AttackReport.Point> points(List<Double> eps, int[] correct, int images) {
        List<AttackReport.Point> out = new ArrayList<>();
        for (int e = 0; e < eps.size(); e++) {
            out.add(new AttackReport.Point(eps.get(e), images == 0 ? 0 : (double) correct[e] / images, correct[e]));
        }
        return out;
    }

    /**
     * The report of a finished (or checkpointed) run: read from its {@code attack.json} when that holds the same
     * settings and checkpoint and {@code force} is false, else measured and written there.
     */
    public static AttackReport forRun(RunDirectory run, AttackSettings settings, boolean force, PrintStream log,
            String command) throws IOException {
        int epoch = run.lastCheckpointEpoch();
        Path file = run.attackReport();
        if (!force && Files.isRegularFile(file)) {
            AttackReport earlier = Json.read(file, AttackReport.class);
            if (earlier.settings().equals(settings) && earlier.epoch() == epoch) {
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
            String quantization = "none";
            if (network.isJpegDl()) {
                network.jpegLayer().setQuantization(settings.hard() ? JpegLayer.Quantization.HARD
                        : JpegLayer.Quantization.SOFT);
                quantization = network.jpegLayer().getQuantization().name();
            }
            ImageDataset test = limited(p.inMemory().test(), settings.limit());
            Batches batches = RunAssembly.evaluationBatches(test, config.recipe(), settings.batchSize());
            if (log != null) {
                log.printf(Locale.ROOT, "%s: attacking %s %s (epoch %d, %s) on %d %s test images%n", config.name(),
                        network.isJpegDl() ? "JPEG-DL" : "baseline", config.model(), epoch,
                        network.isJpegDl() ? quantization.toLowerCase(Locale.ROOT) + " quantisation" : "no JPEG layer",
                        test.size(), config.dataset());
            }
            Measurement m = measure(network, batches, settings, manager, log);
            AttackReport report = new AttackReport(config.name(), run.root().toString(), config.model(),
                    config.dataset(), network.isJpegDl(), epoch, quantization, m.images(),
                    m.images() == 0 ? 0 : (double) m.cleanCorrect() / m.images(), settings, m.eot(), m.curves(),
                    m.worstCase(), Integer.getInteger("ai.djl.pytorch.num_threads", 0),
                    (System.nanoTime() - start) / 1e9, command);
            Json.write(file, report);
            return report;
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
