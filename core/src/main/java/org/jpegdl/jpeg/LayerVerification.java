package org.jpegdl.jpeg;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jpegdl.nd.Devices;

/**
 * Runs a {@link GoldenCase} through a float32 {@link JpegLayer} built with the case's settings and compares output
 * and gradients with the reference: output max |diff| ≤ {@link #OUTPUT_TOLERANCE}; each gradient ‖diff‖₂/‖ref‖₂ ≤
 * its own tolerance, per round and table (gradients the case does not compare are listed as such).
 */
public final class LayerVerification {

    /** Largest allowed absolute output difference. */
    public static final double OUTPUT_TOLERANCE = 1e-4;

    private LayerVerification() {}

    /** What a comparison is of. */
    public enum Quantity {
        /** The layer's output (max |diff|). */
        OUTPUT("output"),
        /** d loss / d input. */
        INPUT_GRADIENT("input gradient"),
        /** d loss / d luma table of a round. */
        LUMA_TABLE_GRADIENT("luma table gradient"),
        /** d loss / d chroma table of a round. */
        CHROMA_TABLE_GRADIENT("chroma table gradient"),
        /** d loss / d luma alphas of a round. */
        LUMA_ALPHA_GRADIENT("luma alpha gradient"),
        /** d loss / d chroma alphas of a round. */
        CHROMA_ALPHA_GRADIENT("chroma alpha gradient");

        private final String text;

        Quantity(String text) {
            this.text = text;
        }

        /** How the quantity reads in a report. */
        public String text() {
            return text;
        }
    }

    /**
     * One measured value against its tolerance.
     *
     * @param quantity what was compared
     * @param round the round of a table or alpha gradient, −1 for the output and the input gradient
     * @param error max |diff| for the output, ‖diff‖₂/‖ref‖₂ for a gradient (measured also when not compared)
     * @param tolerance the largest allowed error, or {@link GoldenCase#NOT_COMPARED}
     */
    public record Comparison(Quantity quantity, int round, double error, double tolerance) {
        /** Whether this value is compared at all. */
        public boolean compared() {
            return !Double.isNaN(tolerance);
        }

        /** Whether the value is within its tolerance (or not compared). */
        public boolean passed() {
            return !compared() || error <= tolerance;
        }
    }

    /**
     * The comparisons of one case: the output first, then the input gradient, then per round the luma and chroma
     * table gradients and, with trainable alpha, the luma and chroma alpha gradients.
     *
     * @param name the case's name
     * @param comparisons every compared (or listed as not compared) value
     * @param lossError |loss − reference loss| (NaN when the file has no loss)
     */
    public record Result(String name, List<Comparison> comparisons, double lossError) {

        /** Copies the list. */
        public Result {
            comparisons = List.copyOf(comparisons);
        }

        /** Whether every compared value is inside its tolerance. */
        public boolean passed() {
            return comparisons.stream().allMatch(Comparison::passed);
        }

        /** The output's max |diff|. */
        public double maxOutputError() {
            return find(Quantity.OUTPUT, -1).error();
        }

        /** The comparison of {@code quantity} in {@code round} (−1 for output and input gradient), or null. */
        public Comparison find(Quantity quantity, int round) {
            return comparisons.stream()
                    .filter(c -> c.quantity() == quantity && c.round() == round)
                    .findFirst()
                    .orElse(null);
        }
    }

    /**
     * A float32 layer with the case's settings, as the reference prepares it before a pass: tables clamped to
     * [{@link JpegLayer#MIN_STEP}, {@link JpegLayer#MAX_STEP}], alpha fixed (one value or per frequency), matched to
     * the tables (hardness) or trainable from the case's starting values.
     */
    public static JpegLayer layerFor(GoldenCase c) {
        JpegLayerBuilder b = JpegLayer.builder()
                .optChannels(c.channels())
                .optRounds(c.rounds())
                .optCandidates(c.candidates())
                .optBits(c.bits())
                .optNormalization(c.mean(), c.std())
                .optTrainableAlpha(c.trainableAlpha())
                .optTableInit(TableInit.explicit(clampedSteps(c.lumTables()), clampedSteps(c.chromTables())));
        if (c.alpha() instanceof GoldenCase.Alpha.Fixed fixed) {
            b.optAlpha(fixed.value());
        } else if (c.alpha() instanceof GoldenCase.Alpha.PerFrequency perFrequency) {
            b.optAlphaTables(perFrequency.luma(), perFrequency.chroma());
        } else if (c.alpha() instanceof GoldenCase.Alpha.Matched matched) {
            b.optHardness(matched.hardness());
        }
        return b.build();
    }

    /** The reference's clamp of the steps before every pass. */
    private static float[][] clampedSteps(float[][] tables) {
        float[][] out = new float[tables.length][64];
        for (int r = 0; r < tables.length; r++) {
            for (int i = 0; i < 64; i++) {
                out[r][i] = Math.max(JpegLayer.MIN_STEP, Math.min(JpegLayer.MAX_STEP, tables[r][i]));
            }
        }
        return out;
    }

    /** Runs one case on the default device in float32, as the tolerances are meant. */
    public static Result verify(GoldenCase c) {
        return verify(c, DataType.FLOAT32);
    }

    /**
     * Runs one case on the default device with the layer, input and loss in {@code type}; in float64 the errors
     * measure how exactly the layer's formulation follows a float64 reference (the tolerances are for float32).
     */
    public static Result verify(GoldenCase c, DataType type) {
        GoldenCase.Reference ref = c.reference();
        try (NDManager manager = Devices.newBaseManager()) {
            Shape shape = new Shape(c.batch(), c.channels(), c.height(), c.width());
            JpegLayer layer = layerFor(c);
            layer.initialize(manager, type, shape);
            NDArray input = manager.create(c.input(), shape).toType(type, false);
            input.setRequiresGradient(true);
            NDArray weights = manager.create(c.outputWeights(), shape).toType(type, false);
            NDArray output;
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                output = layer.forward(new ParameterStore(manager, false), new NDList(input), true)
                        .singletonOrThrow();
                loss = output.mul(weights).sum();
                collector.backward(loss);
            }
            List<Comparison> out = new ArrayList<>();
            out.add(new Comparison(Quantity.OUTPUT, -1, maxAbsDiff(values(output), ref.output()), OUTPUT_TOLERANCE));
            if (ref.input() != null) {
                out.add(compare(Quantity.INPUT_GRADIENT, -1, input.getGradient(), ref.input()));
            }
            for (int r = 0; r < c.rounds(); r++) {
                out.add(compare(Quantity.LUMA_TABLE_GRADIENT, r, gradient(layer.lumaTable(r)), ref.luma()[r]));
                if (ref.chroma() != null) {
                    out.add(compare(
                            Quantity.CHROMA_TABLE_GRADIENT, r, gradient(layer.chromaTable(r)), ref.chroma()[r]));
                }
                if (ref.alphaLuma() != null) {
                    out.add(compare(
                            Quantity.LUMA_ALPHA_GRADIENT,
                            r,
                            gradient(trainable(layer).luma(r)),
                            ref.alphaLuma()[r]));
                }
                if (ref.alphaChroma() != null) {
                    out.add(compare(
                            Quantity.CHROMA_ALPHA_GRADIENT,
                            r,
                            gradient(trainable(layer).chroma(r)),
                            ref.alphaChroma()[r]));
                }
            }
            double lossError = Double.isNaN(ref.loss())
                    ? Double.NaN
                    : Math.abs(loss.toType(DataType.FLOAT64, false).getDouble() - ref.loss());
            return new Result(c.name(), Collections.unmodifiableList(out), lossError);
        }
    }

    private static TrainableAlpha trainable(JpegLayer layer) {
        if (!(layer.alphaPolicy() instanceof TrainableAlpha trainable)) {
            throw new IllegalStateException("the case has alpha gradients but the layer's alpha is not trainable");
        }
        return trainable;
    }

    private static NDArray gradient(Parameter p) {
        return p.getArray().getGradient();
    }

    private static Comparison compare(Quantity quantity, int round, NDArray actual, GoldenCase.Gradient expected) {
        return new Comparison(quantity, round, relativeError(values(actual), expected.values()), expected.tolerance());
    }

    private static double[] values(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** Largest absolute element difference. */
    public static double maxAbsDiff(float[] actual, float[] expected) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
        }
        return max;
    }

    /** Largest absolute element difference from a float64 reference. */
    public static double maxAbsDiff(double[] actual, double[] expected) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(actual[i] - expected[i]));
        }
        return max;
    }

    /** ‖actual − expected‖₂ / ‖expected‖₂ (the plain norm of the difference when the reference is zero). */
    public static double relativeError(double[] actual, double[] expected) {
        double diff = 0;
        double ref = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = actual[i] - expected[i];
            diff += d * d;
            ref += expected[i] * expected[i];
        }
        return ref == 0 ? Math.sqrt(diff) : Math.sqrt(diff / ref);
    }
}
