package org.jpegdl.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Random;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.JpegLayerBuilder;
import org.jpegdl.jpeg.TableInit;

/**
 * The JPEG layer every bench mode times ({@link StepBenchmark} too) and what the profiles feed it (quality-50
 * tables, one round, normalisation mean 0.5 and std 0.25), random pixels, and its table gradients cleared between
 * passes as an optimiser step would leave them.
 */
final class ProfiledLayer {

    private ProfiledLayer() {}

    /**
     * The input shape of a profile, (batch, channels, size, size); throws {@link IllegalArgumentException} unless
     * every count of the profile is at least 1.
     */
    static Shape inputShape(int batch, int channels, int size, int rounds, int passesPerRound) {
        if (batch < 1 || size < 1 || rounds < 1 || passesPerRound < 1) {
            throw new IllegalArgumentException("a profile needs a batch, an image size, rounds and passes of at least "
                    + "1, got batch " + batch + ", size " + size + ", " + rounds + " rounds, " + passesPerRound
                    + " passes");
        }
        return new Shape(batch, channels, size, size);
    }

    /** {@link #build} initialised in {@code manager} for input of {@code shape} (its channels: 1 or 3). */
    static JpegLayer initialized(NDManager manager, Shape shape) {
        JpegLayer layer = build((int) shape.get(1));
        layer.initialize(manager, DataType.FLOAT32, shape);
        return layer;
    }

    /** A layer for {@code channels} channels (1 or 3) with the library's defaults otherwise. */
    static JpegLayer build(int channels) {
        return builder(channels).build();
    }

    /**
     * The builder of {@link #build}, for a variant of the profiled layer (another alpha): {@code channels}
     * channels, quality-50 tables, normalisation mean 0.5 and std 0.25.
     */
    static JpegLayerBuilder builder(int channels) {
        float[] mean = new float[channels];
        float[] std = new float[channels];
        Arrays.fill(mean, 0.5f);
        Arrays.fill(std, 0.25f);
        return JpegLayer.builder()
                .optChannels(channels)
                .optNormalization(mean, std)
                .optTableInit(TableInit.quality(50));
    }

    /** Integer pixels in [0, 255] for a batch of {@code shape}, the same every call (seed 0). */
    static float[] randomPixels(Shape shape) {
        Random random = new Random(0);
        float[] pixels = new float[(int) shape.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        return pixels;
    }

    /** Sets the gradients a backward pass accumulated in the layer's tables (and trainable alphas) back to zero. */
    static void clearTableGradients(JpegLayer layer) {
        for (Parameter p : layer.trainableParameters()) {
            try (NDArray g = p.getArray().getGradient()) {
                g.subi(g);
            }
        }
    }

    /** What a profiled pass runs forward on its input: the whole layer, or its quantiser alone. */
    @FunctionalInterface
    interface Forward {
        /** The output of the pass on {@code input}. */
        NDArray apply(ParameterStore store, NDArray input);
    }

    /**
     * One timed forward and (when {@code differentiate}) backward pass of {@code forward} on {@code data} of
     * {@code shape}, the loss the output's sum, gradients to the tables (and trainable alphas), cleared afterwards:
     * {forward ms, backward ms}, the backward NaN when not differentiated.
     */
    static double[] timedPass(
            JpegLayer layer, NDManager manager, float[] data, Shape shape, Forward forward, boolean differentiate) {
        ParameterStore store = new ParameterStore(manager, false);
        try (NDManager batch = manager.newSubManager()) {
            NDArray input = batch.create(data, shape);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                long start = System.nanoTime();
                NDArray out = forward.apply(store, input);
                double forwardMs = (System.nanoTime() - start) / 1e6;
                if (!differentiate) {
                    return new double[] {forwardMs, Double.NaN};
                }
                NDArray loss = out.sum();
                start = System.nanoTime();
                gc.backward(loss);
                double backwardMs = (System.nanoTime() - start) / 1e6;
                clearTableGradients(layer);
                return new double[] {forwardMs, backwardMs};
            }
        }
    }
}
