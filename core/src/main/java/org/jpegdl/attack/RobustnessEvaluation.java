package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
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
    public record Measurement(int images, int cleanCorrect, List<AttackReport.Curve> curves,
            AttackReport.Curve worstCase, Eot.Assessment eot, MaskingChecks masking) {}

    /** {@link #measure(Network, Batches, AttackSettings, Network, String, NDManager, PrintStream)}, no transfer. */
    public static Measurement measure(Network network, Batches data, AttackSettings settings, NDManager manager,
            PrintStream log) {
        return measure(network, data, settings, null, null, manager, log);
    }

    /**
     * Attacks every image of epoch 0 of {@code data} (in order, unaugmented) with every attack and ε of
     * {@code settings}, and runs the masking checks.
     *
     * @param transferSource the network whose adversarial images the transfer attack tries on this one (PGD on its
     *     plain gradient for a baseline, through the clamp-aware BPDA surrogate for JPEG-DL), or null for none
     * @param transferName what to call it in the report (its run's name)
     */
    public static Measurement measure(Network network, Batches data, AttackSettings settings, Network transferSource,
            String transferName, NDManager manager, PrintStream log) {
        long start = System.nanoTime();
        try (Targets targets = new Targets(network, transferSource, transferName);
                EpochIterator it = data.epoch(0)) {
            Suite suite = null;
            int batchIndex = 0;
            while (it.hasNext()) {
                try (Batch batch = it.next(manager)) {
                    NDArray x = batch.getData().singletonOrThrow();
                    NDArray y = batch.getLabels().singletonOrThrow();
                    if (suite == null) {
                        targets.assessEot(x, settings.eotSamples());
                        int classes = (int) targets.plain.logits(x).getShape().get(1);
                        suite = new Suite(settings, network.isJpegDl(), transferSource != null, classes);
                    }
                    boolean[] ok = targets.plain.correct(x, y);
                    int[] keep = Rows.where(ok, true);
                    suite.images += ok.length;
                    suite.cleanCorrect += keep.length;
                    if (keep.length > 0) {
                        suite.attackBatch(targets, x, y, keep, batchIndex, batchIndex + 1, data.batchesPerEpoch(),
                                start, log);
                    }
                    batchIndex++;
                }
            }
            if (suite == null) {
                suite = new Suite(settings, network.isJpegDl(), transferSource != null, 2);
            }
            return suite.measurement(targets);
        }
    }

    /** The networks an attack follows, made once per measurement and closed with it. */
    private static final class Targets implements AutoCloseable {
        private final AttackTarget plain;
        private final AttackTarget identity;
        private final AttackTarget clamped;
        private final AttackTarget soft;
        private final AttackTarget surrogate;
        private final AttackTarget transfer;
        private final String transferDescription;
        private Eot.Assessment eot;

        Targets(Network network, Network transferSource, String transferName) {
            List<AttackTarget> made = new ArrayList<>();
            try {
                plain = add(made, AttackTarget.plain(network.block()));
                JpegLayer layer = network.jpegLayer();
                Block classifier = network.classifier();
                boolean jpeg = network.isJpegDl();
                identity = jpeg ? add(made, AttackTarget.bpda(layer, classifier, JpegLayer.Quantization.OFF)) : null;
                clamped = jpeg ? add(made, AttackTarget.bpda(layer, classifier, JpegLayer.Quantization.CLAMPED))
                        : null;
                soft = jpeg ? add(made, AttackTarget.bpdaSoft(layer, classifier, Bpda.SOFT_HARDNESS)) : null;
                surrogate = jpeg ? add(made, AttackTarget.surrogate(layer, classifier,
                        JpegLayer.Quantization.CLAMPED)) : null;
                if (transferSource == null) {
                    transfer = null;
                    transferDescription = null;
                } else if (transferSource.isJpegDl()) {
                    transfer = add(made, AttackTarget.bpda(transferSource.jpegLayer(), transferSource.classifier(),
                            JpegLayer.Quantization.CLAMPED));
                    transferDescription = "images made on " + transferName + " (JPEG-DL) by PGD through "
                            + transfer.gradient();
                } else {
                    transfer = add(made, AttackTarget.plain(transferSource.block()));
                    transferDescription = "images made on " + transferName + " (baseline) by PGD on its plain "
                            + "gradient";
                }
            } catch (RuntimeException e) {
                made.forEach(AttackTarget::close);
                throw e;
            }
        }

        private static AttackTarget add(List<AttackTarget> made, AttackTarget t) {
            made.add(t);
            return t;
        }

        private List<AttackTarget> all() {
            List<AttackTarget> out = new ArrayList<>();
            for (AttackTarget t : new AttackTarget[] {plain, identity, clamped, soft, surrogate, transfer}) {
                if (t != null) {
                    out.add(t);
                }
            }
            return out;
        }

        void assessEot(NDArray probe, int requested) {
            eot = Eot.assess(plain, probe, requested);
            for (AttackTarget t : all()) {
                t.withEotSamples(eot.samples());
            }
        }

        /** The target a gradient attack follows (JPEG-DL runs only for the BPDA gradients). */
        AttackTarget gradient(AttackSettings.Gradient g) {
            return switch (g) {
                case PLAIN, NONE -> plain;
                case BPDA_IDENTITY -> identity;
                case BPDA_CLAMPED -> clamped;
                case BPDA_SOFT -> soft;
            };
        }

        @Override
        public void close() {
            for (AttackTarget t : all()) {
                t.close();
            }
        }
    }

    /** The attacks of one measurement and what they found so far. */
    private static final class Suite {
        private final AttackSettings settings;
        private final boolean jpeg;
        private final int classes;
        /** Every attack of the report, in order. */
        private final List<AttackSettings.Spec> specs = new ArrayList<>();
        /** For each attack, the index of the attack whose curve it repeats (a baseline's BPDA), or −1. */
        private final List<Integer> repeats = new ArrayList<>();
        private final int[][] correct;
        private final int[] worst;
        private final double[] seconds;
        private int unboundedCorrect;
        private int images;
        private int cleanCorrect;

        Suite(AttackSettings settings, boolean jpeg, boolean transfer, int classes) {
            this.settings = settings;
            this.jpeg = jpeg;
            this.classes = classes;
            for (AttackSettings.Spec s : settings.attacks(transfer)) {
                if ((s.kind() == AttackSettings.Kind.APGD_DLR) && classes < 3) {
                    continue; // DLR needs a third logit
                }
                specs.add(s);
            }
            for (AttackSettings.Spec s : specs) {
                repeats.add(jpeg ? -1 : repeated(s));
            }
            correct = new int[specs.size()][settings.epsPixels().size()];
            worst = new int[settings.epsPixels().size()];
            seconds = new double[specs.size()];
        }

        /** For a baseline: the attack a BPDA or surrogate attack amounts to, when it is not itself plain. */
        private int repeated(AttackSettings.Spec s) {
            boolean stand = s.gradient().bpda() || s.kind() == AttackSettings.Kind.SURROGATE_TRANSFER;
            if (!stand) {
                return -1;
            }
            AttackSettings.Kind kind = s.kind() == AttackSettings.Kind.SURROGATE_TRANSFER ? AttackSettings.Kind.PGD
                    : s.kind();
            for (int a = 0; a < specs.size(); a++) {
                AttackSettings.Spec o = specs.get(a);
                if (o.kind() == kind && o.gradient() == AttackSettings.Gradient.PLAIN && o.steps() == s.steps()
                        && o.restarts() == s.restarts()) {
                    return a;
                }
            }
            // PGD-N through the surrogate with one start, when the strong PGD has restarts
            for (int a = 0; a < specs.size(); a++) {
                if (specs.get(a).key().equals(AttackSettings.PGD_STRONG)) {
                    return a;
                }
            }
            return -1;
        }

        void attackBatch(Targets targets, NDArray x, NDArray y, int[] keep, int batchIndex, int batchNumber,
                int batches, long start, PrintStream log) {
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
                    for (int a = 0; a < specs.size(); a++) {
                        if (repeats.get(a) >= 0) {
                            continue;
                        }
                        AttackSettings.Spec spec = specs.get(a);
                        long began = System.nanoTime();
                        boolean[] survives = run(spec, targets, xs, ys, eps, Rows.mix(settings.seed(), batchIndex, e,
                                a));
                        seconds[a] += (System.nanoTime() - began) / 1e9;
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
                boolean[] survivesUnbounded = new boolean[keep.length];
                Arrays.fill(survivesUnbounded, true);
                for (AttackTarget t : unboundedTargets(targets)) {
                    try (NDManager attackScope = scope.newSubManager()) {
                        NDArray adversarial = Pgd.of(MaskingChecks.UNBOUNDED_STEPS).withoutRandomStart()
                                .attack(t, xs, ys, MaskingChecks.UNBOUNDED_EPS, 0);
                        adversarial.attach(attackScope);
                        boolean[] survives = targets.plain.correct(adversarial, ys);
                        for (int i = 0; i < survives.length; i++) {
                            survivesUnbounded[i] &= survives[i];
                        }
                    }
                }
                unboundedCorrect += Rows.count(survivesUnbounded);
            }
        }

        private List<AttackTarget> unboundedTargets(Targets targets) {
            return jpeg ? List.of(targets.plain, targets.clamped) : List.of(targets.plain);
        }

        /** Runs one attack on the clean-correct images; which of them the real network still gets right. */
        private static boolean[] run(AttackSettings.Spec spec, Targets targets, NDArray xs, NDArray ys, double eps,
                long seed) {
            try (NDManager attackScope = xs.getManager().newSubManager()) {
                NDArray adversarial = switch (spec.kind()) {
                    case FGSM -> Fgsm.attack(targets.gradient(spec.gradient()), xs, ys, eps);
                    case PGD -> Pgd.of(spec.steps()).withRestarts(spec.restarts())
                            .attack(targets.gradient(spec.gradient()), xs, ys, eps, seed);
                    case APGD_CE, APGD_DLR -> Apgd.of(spec.steps(), spec.kind() == AttackSettings.Kind.APGD_CE
                            ? AttackLoss.CROSS_ENTROPY : AttackLoss.DLR).withRestarts(spec.restarts())
                            .attack(targets.gradient(spec.gradient()), xs, ys, eps, seed);
                    case SQUARE -> Square.of(spec.steps()).attack(targets.plain, xs, ys, eps, seed).adversarial();
                    case SURROGATE_TRANSFER -> Pgd.of(spec.steps()).attack(targets.surrogate, xs, ys, eps, seed);
                    case TRANSFER -> Pgd.of(spec.steps()).attack(targets.transfer, xs, ys, eps, seed);
                };
                adversarial.attach(attackScope);
                return targets.plain.correct(adversarial, ys);
            }
        }

        Measurement measurement(Targets targets) {
            List<Double> eps = settings.epsPixels();
            List<AttackReport.Curve> curves = new ArrayList<>();
            for (int a = 0; a < specs.size(); a++) {
                AttackSettings.Spec spec = specs.get(a);
                int source = repeats.get(a);
                if (source >= 0) {
                    AttackReport.Curve of = curves.get(source);
                    String why = spec.kind() == AttackSettings.Kind.SURROGATE_TRANSFER
                            ? AttackReport.REPEAT_NOTE + "the surrogate network is the network, so this repeats "
                                    + of.name()
                            : AttackReport.REPEAT_NOTE + "BPDA is the plain gradient, so this repeats " + of.name();
                    curves.add(new AttackReport.Curve(spec.key(), spec.name(), "plain", of.steps(), of.restarts(), why,
                            of.points(), null));
                    continue;
                }
                curves.add(new AttackReport.Curve(spec.key(), spec.name(), gradient(spec, targets), spec.steps(),
                        spec.restarts(), note(spec), points(eps, correct[a], images), seconds[a]));
            }
            AttackReport.Curve worstCase = new AttackReport.Curve("worst", "worst case", "every attack above", 0, 0,
                    "images that survive every attack of the suite at that eps", points(eps, worst, images));
            String unboundedGradient = jpeg ? "plain and " + AttackSettings.Gradient.BPDA_CLAMPED.description()
                    : "plain";
            AttackReport.Curve unbounded = new AttackReport.Curve("unbounded", "unbounded PGD-"
                    + MaskingChecks.UNBOUNDED_STEPS, unboundedGradient, MaskingChecks.UNBOUNDED_STEPS, 1,
                    "eps 255/255, from the clean image (no random start): an image counts when it survives every gradient",
                    points(List.of(MaskingChecks.UNBOUNDED_EPS), new int[] {unboundedCorrect}, images), null);
            MaskingChecks masking = MaskingChecks.of(images, cleanCorrect, classes, specs, curves, worstCase,
                    unbounded);
            return new Measurement(images, cleanCorrect, curves, worstCase, targets.eot, masking);
        }

        private String gradient(AttackSettings.Spec spec, Targets targets) {
            return switch (spec.kind()) {
                case SQUARE -> AttackSettings.Gradient.NONE.description();
                case SURROGATE_TRANSFER -> "images made on the " + targets.surrogate.gradient();
                case TRANSFER -> targets.transferDescription;
                default -> jpeg ? spec.gradient().description() : "plain";
            };
        }

        private String note(AttackSettings.Spec spec) {
            return switch (spec.kind()) {
                case SQUARE -> "score-based: at most " + spec.steps() + " forward passes per image, no gradient";
                case SURROGATE_TRANSFER, TRANSFER -> "adversarial images of another network, classified by this one";
                default -> null;
            };
        }
    }

    private static List<AttackReport.Point> points(List<Double> eps, int[] correct, int images) {
        List<AttackReport.Point> out = new ArrayList<>();
        for (int e = 0; e < eps.size(); e++) {
            out.add(new AttackReport.Point(eps.get(e), images == 0 ? 0 : (double) correct[e] / images, correct[e]));
        }
        return out;
    }

    /** {@link #forRun(RunDirectory, AttackSettings, boolean, PrintStream, String, RunDirectory)}, no transfer. */
    public static AttackReport forRun(RunDirectory run, AttackSettings settings, boolean force, PrintStream log,
            String command) throws IOException {
        return forRun(run, settings, force, log, command, null);
    }

    /**
     * The report of a finished (or checkpointed) run: read from its {@code attack.json} when that holds the same
     * settings, checkpoint and transfer source and {@code force} is false, else measured and written there.
     *
     * @param transferFrom the run whose network makes the transfer attack's images (the other arm), or null for no
     *     transfer attack; it must be trained on the same data set with the same image size
     */
    public static AttackReport forRun(RunDirectory run, AttackSettings settings, boolean force, PrintStream log,
            String command, RunDirectory transferFrom) throws IOException {
        run.lastCheckpointEpoch(); // one line when it is not a run with a checkpoint, before its folder is locked
        try (RunLock lock = RunLock.acquire(run.root(), "attack", log)) {
            return forOwnedRun(run, settings, force, log, command, transferFrom);
        }
    }

    private static AttackReport forOwnedRun(RunDirectory run, AttackSettings settings, boolean force,
            PrintStream log, String command, RunDirectory transferFrom) throws IOException {
        int epoch = run.lastCheckpointEpoch();
        int transferEpoch = transferFrom == null ? 0 : transferFrom.lastCheckpointEpoch();
        String transferPath = transferFrom == null ? null : transferFrom.root().toString();
        Path file = run.attackReport();
        if (!force && Files.isRegularFile(file)) {
            AttackReport earlier = Json.read(file, AttackReport.class);
            if (earlier.settings().equals(settings) && earlier.epoch() == epoch && earlier.masking() != null
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
                log.printf(Locale.ROOT, "%s: attacking %s %s (epoch %d, %s) on %d %s test images%s%n", config.name(),
                        network.isJpegDl() ? "JPEG-DL" : "baseline", config.model(), epoch,
                        network.isJpegDl() ? quantization.toLowerCase(Locale.ROOT) + " quantisation" : "no JPEG layer",
                        test.size(), config.dataset(), source == null ? "" : ", transfer from " + sourceName);
            }
            Measurement m = measure(network, batches, settings, source, sourceName, manager, log);
            AttackReport report = new AttackReport(config.name(), run.root().toString(), config.model(),
                    config.dataset(), network.isJpegDl(), epoch, quantization, m.images(),
                    m.images() == 0 ? 0 : (double) m.cleanCorrect() / m.images(), settings, m.eot(), m.curves(),
                    m.worstCase(), Integer.getInteger("ai.djl.pytorch.num_threads", 0),
                    (System.nanoTime() - start) / 1e9, command, transferPath, transferEpoch, m.masking());
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
        network.jpegLayer().setQuantization(settings.hard() ? JpegLayer.Quantization.HARD
                : JpegLayer.Quantization.SOFT);
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
