package org.jpegdl.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.jpegdl.jpeg.FixedAlpha;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.JpegLayerBuilder;
import org.jpegdl.nd.Devices;

/**
 * Times the JPEG layer's forward and backward in each quantisation mode (SOFT, HARD, OFF) on one random batch, as a
 * training step runs the layer: gradients to the step tables, none to the input pixels. Optionally it also times the
 * SOFT layer with each other way of setting alpha ({@link AlphaVariant}), gradients to its trainable alphas too.
 * Within every round each variant runs its passes in turn, the order rotating from round to round; each figure is
 * over every pass of every round. In OFF no table reaches the output, so there is nothing to differentiate: its
 * figure is the forward pass alone (the colour transforms and DCTs).
 */
public final class LayerProfile {

    /** The timings of one mode; {@code backward} is null when no gradient reaches the tables (OFF). */
    public record ModeTiming(
            JpegLayer.Quantization mode,
            TimingSpread forward,
            TimingSpread backward,
            TimingSpread forwardAndBackward) {}

    /** How the SOFT layer's alpha is set in a timed variant. */
    public enum AlphaVariant {
        /** One fixed alpha for every coefficient (the library's default, 5): the SOFT mode's own layer. */
        SCALAR("scalar alpha"),
        /** Fixed alpha per frequency (64 per table). */
        TABLES("alpha per frequency"),
        /** Trainable alpha per frequency, with its gradient. */
        TRAINABLE("trainable alpha per frequency"),
        /** Hardness matching: alpha = H/q² from the steps before every pass. */
        MATCHED("hardness matching");

        private final String text;

        AlphaVariant(String text) {
            this.text = text;
        }

        /** How the variant reads in a report. */
        public String text() {
            return text;
        }

        /** This variant's alpha on the profiled layer's builder. */
        JpegLayerBuilder configure(JpegLayerBuilder builder) {
            return switch (this) {
                case SCALAR -> builder;
                case TABLES -> builder.optAlphaTables(ALPHA_TABLE, ALPHA_TABLE);
                case TRAINABLE ->
                    builder.optAlphaTables(ALPHA_TABLE, ALPHA_TABLE).optTrainableAlpha(true);
                case MATCHED -> builder.optHardness(MATCHED_HARDNESS);
            };
        }
    }

    /** The forward+backward of the SOFT layer with one kind of alpha. */
    public record AlphaTiming(AlphaVariant variant, TimingSpread forwardAndBackward) {}

    /**
     * Every mode's timings, SOFT, HARD, OFF in that order, the alpha variants' (empty unless asked for; the first
     * is {@link AlphaVariant#SCALAR}, the SOFT mode's own passes), and the settings they were measured with.
     */
    public record Result(
            int batch,
            int channels,
            int size,
            int rounds,
            int passesPerRound,
            int threads,
            List<ModeTiming> modes,
            List<AlphaTiming> alphas) {

        /** The timings of one mode. */
        public ModeTiming mode(JpegLayer.Quantization quantization) {
            return modes.stream()
                    .filter(m -> m.mode() == quantization)
                    .findFirst()
                    .orElseThrow();
        }

        /**
         * What quantising in {@code quantization} adds to the layer: the median forward+backward of that mode less
         * that of OFF, in milliseconds.
         */
        public double quantisationMs(JpegLayer.Quantization quantization) {
            return mode(quantization).forwardAndBackward().medianMs()
                    - mode(JpegLayer.Quantization.OFF).forwardAndBackward().medianMs();
        }

        /** The median forward+backward of an alpha variant over that of scalar alpha. */
        public double ratioToScalarAlpha(AlphaVariant variant) {
            return alpha(variant).forwardAndBackward().medianMs()
                    / alpha(AlphaVariant.SCALAR).forwardAndBackward().medianMs();
        }

        private AlphaTiming alpha(AlphaVariant variant) {
            return alphas.stream()
                    .filter(a -> a.variant() == variant)
                    .findFirst()
                    .orElseThrow();
        }
    }

    /**
     * Alpha per frequency of the TABLES and TRAINABLE variants: the scalar variant's alpha (the library's default)
     * at every frequency, so that their figures compare how alpha is applied, not its values: the quantiser's speed
     * depends on the values themselves (fixed alphas of 0.05 timed about a third slower than 5 here, hardness
     * matching's alpha·q² = 0.7 about a tenth faster).
     */
    private static final float[][] ALPHA_TABLE = {alphaTable()};
    /** The hardness of the MATCHED variant (the reference's ImageNet scripts use 0.7). */
    private static final double MATCHED_HARDNESS = 0.7;

    private static final JpegLayer.Quantization[] MODES = {
        JpegLayer.Quantization.SOFT, JpegLayer.Quantization.HARD, JpegLayer.Quantization.OFF
    };

    /** A layer of the rotation in one mode. */
    private record Variant(JpegLayer layer, JpegLayer.Quantization mode) {}

    private LayerProfile() {}

    private static float[] alphaTable() {
        float[] a = new float[64];
        Arrays.fill(a, (float)
                ((FixedAlpha) ProfiledLayer.build(1).alphaPolicy()).start().alpha());
        return a;
    }

    /**
     * Profiles a layer built as {@link StepBenchmark} builds it (quality-50 tables, one round) on {@code batch} random
     * images of {@code channels} × {@code size} × {@code size} pixels, in each mode only.
     *
     * @param rounds rounds in which every mode takes its turn
     * @param passesPerRound forward+backward passes of each mode per round
     */
    public static Result run(int batch, int channels, int size, int rounds, int passesPerRound) {
        return run(batch, channels, size, rounds, passesPerRound, false);
    }

    /**
     * As {@link #run(int, int, int, int, int)}; with {@code alphaVariants} the SOFT layer with each other
     * {@link AlphaVariant} takes its turn in the same rotation.
     */
    public static Result run(int batch, int channels, int size, int rounds, int passesPerRound, boolean alphaVariants) {
        Shape shape = ProfiledLayer.inputShape(batch, channels, size, rounds, passesPerRound);
        try (NDManager manager = Devices.newBaseManager()) {
            JpegLayer layer = ProfiledLayer.initialized(manager, shape);
            List<Variant> variants = new ArrayList<>();
            for (JpegLayer.Quantization mode : MODES) {
                variants.add(new Variant(layer, mode));
            }
            List<AlphaVariant> others = alphaVariants
                    ? List.of(AlphaVariant.TABLES, AlphaVariant.TRAINABLE, AlphaVariant.MATCHED)
                    : List.of();
            for (AlphaVariant alpha : others) {
                JpegLayer other =
                        alpha.configure(ProfiledLayer.builder(channels)).build();
                other.initialize(manager, DataType.FLOAT32, shape);
                variants.add(new Variant(other, JpegLayer.Quantization.SOFT));
            }
            List<List<double[]>> passes =
                    rotate(variants, manager, ProfiledLayer.randomPixels(shape), shape, rounds, passesPerRound);
            List<ModeTiming> modes = new ArrayList<>();
            for (int i = 0; i < MODES.length; i++) {
                modes.add(timing(MODES[i], passes.get(i)));
            }
            List<AlphaTiming> alphas = new ArrayList<>();
            if (alphaVariants) {
                alphas.add(new AlphaTiming(AlphaVariant.SCALAR, modes.get(0).forwardAndBackward()));
                for (int i = 0; i < others.size(); i++) {
                    alphas.add(new AlphaTiming(
                            others.get(i),
                            timing(JpegLayer.Quantization.SOFT, passes.get(MODES.length + i))
                                    .forwardAndBackward()));
                }
            }
            return new Result(batch, channels, size, rounds, passesPerRound, JniUtils.getNumThreads(), modes, alphas);
        }
    }

    /** Every variant's passes: two warm-up passes each, then {@code rounds} rounds of turns in rotating order. */
    private static List<List<double[]>> rotate(
            List<Variant> variants, NDManager manager, float[] pixels, Shape shape, int rounds, int passesPerRound) {
        List<List<double[]>> passes = new ArrayList<>();
        IntFunction<double[]> pass = i -> {
            Variant v = variants.get(i);
            v.layer().setQuantization(v.mode());
            return pass(v.layer(), manager, pixels, shape);
        };
        for (int i = 0; i < variants.size(); i++) {
            passes.add(new ArrayList<>());
            for (int w = 0; w < 2; w++) { // warm-up: allocator, kernels; its timings are not kept
                double[] unused = pass.apply(i);
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < variants.size(); i++) {
                int turn = (i + r) % variants.size();
                for (int p = 0; p < passesPerRound; p++) {
                    passes.get(turn).add(pass.apply(turn));
                }
            }
        }
        return passes;
    }

    /** One forward and backward of the layer: {forward ms, backward ms}, the backward NaN in OFF (nothing to do). */
    private static double[] pass(JpegLayer layer, NDManager manager, float[] pixels, Shape shape) {
        // in OFF no table reaches the output
        return ProfiledLayer.timedPass(
                layer,
                manager,
                pixels,
                shape,
                (store, x) -> layer.forward(store, new NDList(x), true).singletonOrThrow(),
                layer.getQuantization() != JpegLayer.Quantization.OFF);
    }

    private static ModeTiming timing(JpegLayer.Quantization mode, List<double[]> passes) {
        double[] forward = new double[passes.size()];
        double[] backward = new double[passes.size()];
        double[] both = new double[passes.size()];
        boolean differentiated = !Double.isNaN(passes.get(0)[1]); // the same in every pass of one mode
        for (int i = 0; i < passes.size(); i++) {
            forward[i] = passes.get(i)[0];
            backward[i] = passes.get(i)[1];
            both[i] = forward[i] + (differentiated ? backward[i] : 0);
        }
        return new ModeTiming(
                mode,
                TimingSpread.of(forward),
                differentiated ? TimingSpread.of(backward) : null,
                TimingSpread.of(both));
    }
}
