package org.jpegdl.jpeg;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/**
 * Runs a {@link GoldenCase} through a {@link JpegLayer} built with the case's settings and compares output and
 * gradients with the reference, using the tolerances of the golden README: output max |diff| ≤ 1e-4; table
 * gradients ‖diff‖/‖ref‖ ≤ 1e-2 per round and channel; input gradient likewise, compared only for one round.
 */
public final class LayerVerification {

    /** Largest allowed absolute output difference. */
    public static final double OUTPUT_TOLERANCE = 1e-4;
    /** Largest allowed relative L2 error of a gradient. */
    public static final double GRADIENT_TOLERANCE = 1e-2;

    private LayerVerification() {}

    /** The errors measured on one case. */
    public record Result(
            String name,
            double maxOutputError,
            double lossError,
            double inputGradientError,
            double[] lumaGradientErrors,
            double[] chromaGradientErrors) {

        /** Whether the input gradient was compared (only for one round). */
        public boolean inputGradientCompared() {
            return !Double.isNaN(inputGradientError);
        }

        /** The largest relative table-gradient error over rounds and channels. */
        public double maxTableGradientError() {
            double max = 0;
            for (double e : lumaGradientErrors) {
                max = Math.max(max, e);
            }
            if (chromaGradientErrors != null) {
                for (double e : chromaGradientErrors) {
                    max = Math.max(max, e);
                }
            }
            return max;
        }

        /** Whether every compared quantity is inside its tolerance. */
        public boolean passed() {
            boolean ok = maxOutputError <= OUTPUT_TOLERANCE && maxTableGradientError() <= GRADIENT_TOLERANCE;
            if (inputGradientCompared()) {
                ok &= inputGradientError <= GRADIENT_TOLERANCE;
            }
            return ok;
        }
    }

    /** Builds a float32 layer with the case's settings (tables from the case, soft quantisation). */
    public static JpegLayer layerFor(GoldenCase c) {
        return JpegLayer.builder()
                .optChannels(c.channels())
                .optRounds(c.rounds())
                .optAlpha(c.alpha())
                .optCandidates(c.candidates())
                .optBits(c.bits())
                .optNormalization(c.mean(), c.std())
                .optTableInit(TableInit.explicit(c.lumTables(), c.chromTables()))
                .build();
    }

    /** Runs one case on the default device in float32. */
    public static Result verify(GoldenCase c) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(c.batch(), c.channels(), c.height(), c.width());
            JpegLayer layer = layerFor(c);
            layer.initialize(manager, DataType.FLOAT32, shape);
            NDArray input = manager.create(c.input(), shape);
            input.setRequiresGradient(true);
            NDArray weights = manager.create(c.outputWeights(), shape);
            NDArray output;
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                output = layer.forward(new ParameterStore(manager, false), new NDList(input), true)
                        .singletonOrThrow();
                loss = output.mul(weights).sum();
                collector.backward(loss);
            }
            double maxOut = maxAbsDiff(output.toFloatArray(), c.output());
            double lossError = Double.isNaN(c.loss()) ? Double.NaN : Math.abs(loss.getFloat() - c.loss());
            double inputError = c.rounds() == 1 && c.gradInput() != null
                    ? relativeError(input.getGradient().toFloatArray(), c.gradInput())
                    : Double.NaN;
            double[] lum = new double[c.rounds()];
            double[] chrom = c.channels() == 3 ? new double[c.rounds()] : null;
            for (int r = 0; r < c.rounds(); r++) {
                lum[r] = relativeError(layer.lumaTable(r).getArray().getGradient().toFloatArray(), c.gradLum()[r]);
                if (chrom != null) {
                    chrom[r] = relativeError(
                            layer.chromaTable(r).getArray().getGradient().toFloatArray(), c.gradChrom()[r]);
                }
            }
            return new Result(c.name(), maxOut, lossError, inputError, lum, chrom);
        }
    }

    /** Largest absolute element difference. */
    public static double maxAbsDiff(float[] actual, float[] expected) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
        }
        return max;
    }

    /** ‖actual − expected‖₂ / ‖expected‖₂ (the plain norm of the difference when the reference is zero). */
    public static double relativeError(float[] actual, float[] expected) {
        double diff = 0;
        double ref = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            diff += d * d;
            ref += (double) expected[i] * expected[i];
        }
        return ref == 0 ? Math.sqrt(diff) : Math.sqrt(diff / ref);
    }
}
