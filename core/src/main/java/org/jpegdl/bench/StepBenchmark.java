package org.jpegdl.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jpegdl.data.DataKind;
import org.jpegdl.experiment.Network;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.nd.Devices;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.train.LossTerm;
import org.jpegdl.train.ParameterGroups;

/**
 * Times a full training step (forward, backward, optimiser updates) of a model with and without the JPEG layer, and
 * the layer's own forward and backward, on random batches. The three are measured in alternating rounds in one
 * process, so their ratios are robust to the machine's load drifting; each figure is the median over rounds. The two
 * networks swap order every round (baseline first in even rounds, JPEG-DL first in odd ones) and the step-time ratio
 * is taken per round, so neither side is always the one that runs on a cache or allocator its rival just warmed.
 */
public final class StepBenchmark {

    /**
     * How the per-round ratios of JPEG-DL to baseline step time are spread: median, quartiles, and the
     * distribution-free 95% confidence interval of the median.
     */
    public record Ratio(double median, double lowerQuartile, double upperQuartile, double ciLow, double ciHigh) {

        /** Summarises the per-round ratios. */
        static Ratio of(double[] ratios) {
            double[] ci = medianConfidenceInterval(ratios);
            return new Ratio(quantile(ratios, 0.5), quantile(ratios, 0.25), quantile(ratios, 0.75), ci[0], ci[1]);
        }
    }

    /**
     * Median milliseconds per step of each variant, the paired step-time ratio, and the settings; {@code layer} is
     * the timed JPEG layer as it describes itself.
     */
    public record Result(
            String model,
            int batch,
            int size,
            int channels,
            int rounds,
            int stepsPerRound,
            double baselineMs,
            double jpegDlMs,
            double layerMs,
            Ratio stepRatio,
            int threads,
            int quantiserRounds,
            String layer) {

        /** The layer's forward+backward as a share of the JPEG-DL step. */
        public double layerShare() {
            return layerMs / jpegDlMs;
        }

        public double baselineImagesPerSecond() {
            return batch * 1000.0 / baselineMs;
        }

        public double jpegDlImagesPerSecond() {
            return batch * 1000.0 / jpegDlMs;
        }
    }

    private StepBenchmark() {}

    /** The step benchmark with a JPEG layer of {@code quantiserRounds} soft quantiser rounds, each with its tables. */
    public static Result run(
            String model,
            int classes,
            int channels,
            int batch,
            int size,
            int rounds,
            int stepsPerRound,
            int threads,
            int quantiserRounds) {
        if (quantiserRounds < 1) {
            throw new IllegalArgumentException(
                    "the JPEG layer needs at least one quantiser round, got " + quantiserRounds);
        }
        try (NDManager manager = Devices.newBaseManager()) {
            Shape shape = new Shape(batch, channels, size, size);
            JpegLayer layer =
                    ProfiledLayer.builder(channels).optRounds(quantiserRounds).build();
            Network baseline =
                    Network.baseline(ModelZoo.spec(model).build(classes, channels), layer.mean(), layer.std());
            Network jpeg = Network.jpegDl(layer, ModelZoo.spec(model).build(classes, channels));
            baseline.block().initialize(manager, DataType.FLOAT32, shape);
            jpeg.block().initialize(manager, DataType.FLOAT32, shape);
            float[][] data = randomBatch(shape, classes);
            float[] pixels = data[0];
            float[] labels = data[1];
            // the optimiser groups of the CIFAR recipe for this model, as a training run steps them
            Recipe recipe = Recipe.cifar().resolve(ModelZoo.spec(model), DataKind.IN_MEMORY);
            Step base = new Step(baseline, ParameterGroups.of(recipe, baseline.block(), null, 1, manager), manager);
            Step full = new Step(jpeg, ParameterGroups.of(recipe, jpeg.block(), layer, 1, manager), manager);
            LayerStep alone = new LayerStep(layer, manager);
            for (int w = 0; w < 2; w++) { // warm-up: allocator, kernels
                base.time(pixels, labels, shape, 1);
                full.time(pixels, labels, shape, 1);
                alone.time(pixels, shape, 1);
            }
            double[] b = new double[rounds];
            double[] j = new double[rounds];
            double[] l = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    b[r] = base.time(pixels, labels, shape, stepsPerRound);
                    j[r] = full.time(pixels, labels, shape, stepsPerRound);
                } else {
                    j[r] = full.time(pixels, labels, shape, stepsPerRound);
                    b[r] = base.time(pixels, labels, shape, stepsPerRound);
                }
                l[r] = alone.time(pixels, shape, stepsPerRound);
                ratio[r] = j[r] / b[r];
            }
            return new Result(
                    model,
                    batch,
                    size,
                    channels,
                    rounds,
                    stepsPerRound,
                    quantile(b, 0.5),
                    quantile(j, 0.5),
                    quantile(l, 0.5),
                    Ratio.of(ratio),
                    threads,
                    quantiserRounds,
                    layer.toString());
        }
    }

    /** A seeded random batch of {@code shape}: integer pixels in [0, 255] and labels in [0, classes), as floats. */
    static float[][] randomBatch(Shape shape, int classes) {
        Random random = new Random(0);
        float[] pixels = new float[(int) shape.size()];
        float[] labels = new float[(int) shape.get(0)];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(classes);
        }
        return new float[][] {pixels, labels};
    }

    /**
     * The distribution-free 95% confidence interval of the median of n values: the order statistics of ranks
     * round(n/2 − 0.98√n) and round(1 + n/2 + 0.98√n) (1-based, binomial with p = ½ in its normal approximation),
     * clipped to the smallest and largest value.
     */
    static double[] medianConfidenceInterval(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        long lo = Math.max(1, Math.round(n / 2.0 - 0.98 * Math.sqrt(n)));
        long hi = Math.min(n, Math.round(1 + n / 2.0 + 0.98 * Math.sqrt(n)));
        return new double[] {s[(int) lo - 1], s[(int) hi - 1]};
    }

    /** Linear-interpolated quantile (p in [0, 1]) of the values; p = 0.5 is the median. */
    static double quantile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        double at = p * (s.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (at - lo) * (s[hi] - s[lo]);
    }

    /**
     * A full training step of a network, as the training loop runs it: every parameter that takes a gradient is
     * stepped; an extra loss term (a rate term), when given, is added to the cross-entropy.
     */
    static final class Step {
        private final Network network;
        private final NDManager manager;
        private final ParameterGroups groups;
        private final LossTerm extraLoss;
        private final List<Pair<String, Parameter>> parameters = new ArrayList<>();

        Step(Network network, ParameterGroups groups, NDManager manager) {
            this(network, groups, manager, null);
        }

        Step(Network network, ParameterGroups groups, NDManager manager, LossTerm extraLoss) {
            this.network = network;
            this.manager = manager;
            this.groups = groups;
            this.extraLoss = extraLoss;
            for (Pair<String, Parameter> p : network.block().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    parameters.add(p);
                }
            }
        }

        /** Parameter arrays each step updates. */
        int steppedParameters() {
            return parameters.size();
        }

        double time(float[] pixels, float[] labels, Shape shape, int steps) {
            ParameterStore store = new ParameterStore(manager, false);
            SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss();
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                try (NDManager batch = manager.newSubManager()) {
                    NDArray x = batch.create(pixels, shape);
                    NDArray y = batch.create(labels);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = network.block()
                                .forward(store, new NDList(x), true)
                                .singletonOrThrow();
                        NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                        gc.backward(extraLoss == null ? l : l.add(extraLoss.compute(store, x)));
                    }
                    for (Pair<String, Parameter> p : parameters) {
                        groups.step(
                                p.getKey(), p.getValue().getId(), p.getValue().getArray(), null, 0);
                    }
                }
            }
            return (System.nanoTime() - t0) / 1e6 / steps;
        }
    }

    /**
     * The JPEG layer's forward and backward alone, as a training step runs it: gradients to the tables, none to the
     * input pixels (training never asks for those, so autograd skips the input side of the first DCT).
     */
    private static final class LayerStep {
        private final JpegLayer layer;
        private final NDManager manager;

        LayerStep(JpegLayer layer, NDManager manager) {
            this.layer = layer;
            this.manager = manager;
        }

        double time(float[] pixels, Shape shape, int steps) {
            ParameterStore store = new ParameterStore(manager, false);
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                try (NDManager batch = manager.newSubManager()) {
                    NDArray x = batch.create(pixels, shape);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(layer.forward(store, new NDList(x), true)
                                .singletonOrThrow()
                                .sum());
                    }
                    for (Parameter p : layer.tableParameters()) {
                        try (NDArray g = p.getArray().getGradient()) {
                            g.subi(g);
                        }
                    }
                }
            }
            return (System.nanoTime() - t0) / 1e6 / steps;
        }
    }
}
