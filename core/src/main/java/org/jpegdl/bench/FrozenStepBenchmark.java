package org.jpegdl.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jpegdl.data.DataKind;
import org.jpegdl.experiment.Network;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.RateEstimator;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.nd.Devices;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.train.ParameterGroups;
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
    public record Result(
            String model,
            int batch,
            int size,
            int channels,
            int rounds,
            int stepsPerRound,
            double lambda,
            double fullMs,
            double frozenMs,
            StepBenchmark.Ratio ratio,
            int[] parametersStepped,
            int threads) {}

    private FrozenStepBenchmark() {}

    /** Runs the comparison on random batches of {@code channels} × {@code size} × {@code size}. */
    public static Result run(
            String model,
            int classes,
            int channels,
            int batch,
            int size,
            int rounds,
            int stepsPerRound,
            int threads,
            double lambda) {
        try (NDManager manager = Devices.newBaseManager()) {
            Shape shape = new Shape(batch, channels, size, size);
            JpegLayer fullLayer = ProfiledLayer.builder(channels).build();
            JpegLayer frozenLayer = ProfiledLayer.builder(channels).build();
            Network full = Network.jpegDl(fullLayer, ModelZoo.spec(model).build(classes, channels));
            Network frozen =
                    Network.frozenClassifier(frozenLayer, ModelZoo.spec(model).build(classes, channels));
            full.block().initialize(manager, DataType.FLOAT32, shape);
            frozen.block().initialize(manager, DataType.FLOAT32, shape);
            // the optimiser groups of the CIFAR recipe for this model, as a training run steps them
            Recipe recipe = Recipe.cifar().resolve(ModelZoo.spec(model), DataKind.IN_MEMORY);
            ParameterGroups fullGroups = ParameterGroups.of(recipe, full.block(), fullLayer, 1, manager);
            ParameterGroups frozenGroups = ParameterGroups.of(recipe, frozen.block(), frozenLayer, 1, manager);
            frozenGroups.freezeFrozenGroup();
            float[][] data = StepBenchmark.randomBatch(shape, classes);
            float[] pixels = data[0];
            float[] labels = data[1];
            RateEstimator estimator = new RateEstimator();
            StepBenchmark.Step a = new StepBenchmark.Step(
                    full, fullGroups, manager, new RatePenalty(fullLayer, lambda, estimator, null, null));
            StepBenchmark.Step b = new StepBenchmark.Step(
                    frozen, frozenGroups, manager, new RatePenalty(frozenLayer, lambda, estimator, null, null));
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
            return new Result(
                    model,
                    batch,
                    size,
                    channels,
                    rounds,
                    stepsPerRound,
                    lambda,
                    StepBenchmark.quantile(f, 0.5),
                    StepBenchmark.quantile(z, 0.5),
                    StepBenchmark.Ratio.of(ratio),
                    new int[] {b.steppedParameters(), a.steppedParameters()},
                    threads);
        }
    }
}
