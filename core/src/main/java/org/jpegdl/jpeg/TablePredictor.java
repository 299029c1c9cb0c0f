package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.jpegdl.nd.Scalars;

/**
 * Predicts per-image multipliers of a JPEG layer's learned step tables from the image's own DCT statistics. Its
 * input is the layer's coefficients (N, C, blocks, 64); its features are log(1 + mean |coefficient|) over the
 * blocks, per channel and frequency (C·64 numbers), divided by {@value #FEATURE_SCALE} (so that they lie in about
 * [0, 1] for pixels in [0, 255]); a two-layer perceptron (C·64 → {@value #HIDDEN}, tanh → outputs) gives z, and the
 * multiplier is s = exp(ln({@value #MAX_FACTOR}) · tanh z), in [1/{@value #MAX_FACTOR},
 * {@value #MAX_FACTOR}]. The output layer starts at zero, so every multiplier starts at exactly 1 and the layer
 * starts as the global-table layer. Output shape: (N, 1, 1, 1) for {@link Adaptation#PER_IMAGE}; (N, C, 1, 64) for
 * {@link Adaptation#PER_FREQUENCY}, one luma row for Y and one chroma row serving Cb and Cr, as the tables.
 * Everything is differentiable, in the image too. Bounded features and hidden units keep the multipliers from
 * saturating within a few steps of the tables' optimiser (an unbounded hidden layer did, in a first version).
 */
public final class TablePredictor extends AbstractBlock {

    /** Hidden units of the perceptron. */
    public static final int HIDDEN = 32;
    /** Divides the log mean magnitudes: log(1 + 8·255) ≈ 7.6 is about the largest a DCT of 8-bit pixels gives. */
    public static final double FEATURE_SCALE = 8;
    /** The largest factor by which a step can grow or shrink. */
    public static final double MAX_FACTOR = 4;

    private static final byte VERSION = 1;

    private final Adaptation adaptation;
    private final int channels;
    private final Linear hidden;
    private final Linear output;

    /** A predictor for {@code channels} (1 or 3) channels; {@code adaptation} must not be {@link Adaptation#NONE}. */
    public TablePredictor(Adaptation adaptation, int channels) {
        super(VERSION);
        if (adaptation == null || adaptation == Adaptation.NONE) {
            throw new IllegalArgumentException("a table predictor needs per-image or per-frequency adaptation");
        }
        this.adaptation = adaptation;
        this.channels = channels;
        this.hidden = addChildBlock("hidden", Linear.builder().setUnits(HIDDEN).build());
        this.output =
                addChildBlock("output", Linear.builder().setUnits(outputs()).build());
        output.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        output.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
    }

    public Adaptation adaptation() {
        return adaptation;
    }

    /** Tables the multipliers are for: 1 (luma) for one channel, 2 (luma, chroma) for colour. */
    private int tables() {
        return channels == 3 ? 2 : 1;
    }

    private int outputs() {
        return adaptation == Adaptation.PER_IMAGE ? 1 : 64 * tables();
    }

    /** The predictor's parameter count, for inputs of {@code channels} channels. */
    public long parameterCount() {
        long features = 64L * channels;
        return features * HIDDEN + HIDDEN + (long) HIDDEN * outputs() + outputs();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray coefficients = inputs.singletonOrThrow();
        long n = coefficients.getShape().get(0);
        // log(1 + m) by an array operand (see Scalars): the magnitudes carry the image's gradient
        NDArray mean = coefficients.abs().mean(new int[] {2});
        NDArray features = mean.add(Scalars.like(mean, 1))
                .log()
                .div(Scalars.like(mean, FEATURE_SCALE))
                .reshape(n, 64L * channels);
        NDArray h = hidden.forward(parameterStore, new NDList(features), training)
                .singletonOrThrow()
                .tanh();
        NDArray z = output.forward(parameterStore, new NDList(h), training).singletonOrThrow();
        NDArray s = z.tanh().mul(Scalars.like(z, Math.log(MAX_FACTOR))).exp();
        if (adaptation == Adaptation.PER_IMAGE) {
            return new NDList(s.reshape(n, 1, 1, 1));
        }
        NDArray perTable = s.reshape(n, tables(), 1, 64);
        if (channels == 1) {
            return new NDList(perTable);
        }
        NDArray luma = perTable.get(":, 0:1");
        NDArray chroma = perTable.get(":, 1:2");
        return new NDList(NDArrays.concat(new NDList(luma, chroma, chroma), 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {adaptation == Adaptation.PER_IMAGE ? new Shape(n, 1, 1, 1) : new Shape(n, channels, 1, 64)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long n = inputShapes[0].get(0);
        hidden.initialize(manager, dataType, new Shape(n, 64L * channels));
        output.initialize(manager, dataType, new Shape(n, HIDDEN));
    }

    @Override
    public String toString() {
        return "TablePredictor(" + adaptation.text() + ", " + parameterCount() + " parameters)";
    }
}
