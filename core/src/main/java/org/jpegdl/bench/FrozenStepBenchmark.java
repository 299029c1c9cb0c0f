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
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jpegdl.experiment.Network;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.RateEstimator;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.nd.Devices;
import org.jpegdl.train.ParameterOptimizer;
import org.jpegdl.train.RatePenalty;

/**
 * Times the step of rate-aware tables in front of a frozen classifier (classifier in inference mode without weight
 * gradients, only the tables stepped) against a full JPEG-DL training step (every weight's gradient and update), both
 * with the same rate term (cross-entropy + λ · estimated bits per pixel), in alternating rounds as
 * {@link StepBenchmark} does: medians and the per-round ratio.
 */
public final class FrozenStepBenchmark {

    /**
     * Median milliseconds per step of each, and the paired ratio frozen / full.
     *
     * @param parametersStepped trainable parameter arrays each step updates: frozen, then full
     */
    public record Result(String model, int batch, int size, int channels, int rounds, int stepsPerRound,
            double lambda, double fullMs, double frozenMs, StepBenchmark.Ratio ratio, int[] parametersStepped,
            int threads) {}

    private FrozenStepBenchmark() {}

    /** Runs the comparison on random batches of {@code channels} × {@code size} × {@code size}. */
    public static Result run(String model, int classes, int channels, int batch, int size, int rounds,
            int stepsPerRound, int threads, double lambda) {
        try (NDManager manager = Devices.newBaseManager()) {
            Shape shape = new Shape(batch, channels, size, size);
            JpegLayer fullLayer = ProfiledLayer.builder(channels).build();
            JpegLayer frozenLayer = ProfiledLayer.builder(channels).build();
            Network full = Network.jpegDl(fullLayer, ModelZoo.spec(model).build(classes, channels));
            Network frozen = Network.frozenClassifier(frozenLayer, ModelZoo.spec(model).build(classes, channels));
            full.block().initialize(manager, DataType.FLOAT32, shape);
            frozen.block().initialize(manager, DataType.FLOAT32, shape);
            frozen.freezeClassifier();
            Random random = new Random(0);
            float[] pixels = new float[(int) shape.size()];
            float[] labels = new float[batch];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextInt(256);
            }
            for (int i = 0; i < batch; i++) {
                labels[i] = random.nextInt(classes);
            }
            RateEstimator estimator = new RateEstimator();
            TimedStep a = new TimedStep(full, new RatePenalty(fullLayer, lambda, estimator, null, null), manager);
            TimedStep b = new TimedStep(frozen, new RatePenalty(frozenLayer, lambda, estimator, null, null), manager);
            for (int w = 0; w < 2; w++) {
                a.time(pixels, labels, shape, 1);
                b.time(pixels, labels, shape, 1);
            }
            double[] f = new double[rounds];
            double[] z = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    f[r] = a.time(pixels, labels, shape, stepsPerRound);
                    z[r] = b.time(pixels, labels, shape, stepsPerRound);
                } else {
                    z[r] = b.time(pixels, labels, shape, stepsPerRound);
                    f[r] = a.time(pixels, labels, shape, stepsPerRound);
                }
                ratio[r] = z[r] / f[r];
            }
            return new Result(model, batch, size, channels, rounds, stepsPerRound, lambda,
                    StepBenchmark.quantile(f, 0.5), StepBenchmark.quantile(z, 0.5), StepBenchmark.Ratio.of(ratio),
                    new int[] {b.parameters.size(), a.parameters.size()}, threads);
        }
    }

    /** A training step as the loop runs it: forward, cross-entropy + rate term, backward, the trainable updates. */
    private static final class TimedStep {
        private final Network network;
        private final RatePenalty rate;
        private final NDManager manager;
        private final ParameterOptimizer sgd;
        private final ParameterOptimizer adam;
        private final List<Pair<String, Parameter>> parameters = new ArrayList<>();
        private final Set<String> tableIds;

        TimedStep(Network network, RatePenalty rate, NDManager manager) {
            this.network = network;
            this.rate = rate;
            this.manager = manager;
            this.sgd = new ParameterOptimizer.Sgd(manager, 0.9, 5e-4);
            this.adam = new ParameterOptimizer.Adam(manager, 0);
            for (Pair<String, Parameter> p : network.block().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    parameters.add(p);
                }
            }
            this.tableIds = network.tableParameterIds();
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
                        NDArray logits = network.block().forward(store, new NDList(x), true).singletonOrThrow();
                        gc.backward(loss.evaluate(new NDList(y), new NDList(logits)).add(rate.compute(store, x)));
                    }
                    for (Pair<String, Parameter> p : parameters) {
                        boolean table = tableIds.contains(p.getValue().getId());
                        (table ? adam : sgd).step(p.getKey(), p.getValue().getArray(), 1e-3);
                    }
                    network.jpegLayer().clampTables();
                }
            }
            return (System.nanoTime() - t0) / 1e6 / steps;
        }
    }
}
