package org.jpegdl.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.jpeg.JpegLayer;

/**
 * Times the JPEG layer's forward and backward in each quantisation mode (SOFT, HARD, OFF) on one random batch, as a
 * training step runs the layer: gradients to the step tables, none to the input pixels. Within every round each mode
 * runs its passes in turn, the order rotating from round to round; each figure is over every pass of every round. In
 * OFF no table reaches the output, so there is nothing to differentiate: its figure is the forward pass alone (the
 * colour transforms and DCTs).
 */
public final class LayerProfile {

    /** The timings of one mode; {@code backward} is null when no gradient reaches the tables (OFF). */
    public record ModeTiming(JpegLayer.Quantization mode, TimingSpread forward, TimingSpread backward,
            TimingSpread forwardAndBackward) {}

    /** Every mode's timings, SOFT, HARD, OFF in that order, and the settings they were measured with. */
    public record Result(int batch, int channels, int size, int rounds, int passesPerRound, int threads,
            List<ModeTiming> modes) {

        /** The timings of one mode. */
        public ModeTiming mode(JpegLayer.Quantization quantization) {
            return modes.stream().filter(m -> m.mode() == quantization).findFirst().orElseThrow();
        }

        /**
         * What quantising in {@code quantization} adds to the layer: the median forward+backward of that mode less
         * that of OFF, in milliseconds.
         */
        public double quantisationMs(JpegLayer.Quantization quantization) {
            return mode(quantization).forwardAndBackward().medianMs()
                    - mode(JpegLayer.Quantization.OFF).forwardAndBackward().medianMs();
        }
    }

    private static final JpegLayer.Quantization[] MODES = {JpegLayer.Quantization.SOFT, JpegLayer.Quantization.HARD,
        JpegLayer.Quantization.OFF};

    private LayerProfile() {}

    /**
     * Profiles a layer built as {@link StepBenchmark} builds it (quality-50 tables, one round) on {@code batch} random
     * images of {@code channels} × {@code size} × {@code size} pixels.
     *
     * @param rounds rounds in which every mode takes its turn
     * @param passesPerRound forward+backward passes of each mode per round
     */
    public static Result run(int batch, int channels, int size, int rounds, int passesPerRound) {
        Shape shape = ProfiledLayer.inputShape(batch, channels, size, rounds, passesPerRound);
        try (NDManager manager = NDManager.newBaseManager()) {
            JpegLayer layer = ProfiledLayer.initialized(manager, shape);
            float[] pixels = ProfiledLayer.randomPixels(shape);
            Map<JpegLayer.Quantization, List<double[]>> passes = new EnumMap<>(JpegLayer.Quantization.class);
            for (JpegLayer.Quantization mode : MODES) {
                passes.put(mode, new ArrayList<>());
                layer.setQuantization(mode);
                for (int w = 0; w < 2; w++) { // warm-up: allocator, kernels
                    pass(layer, manager, pixels, shape);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < MODES.length; i++) {
                    JpegLayer.Quantization mode = MODES[(i + r) % MODES.length];
                    layer.setQuantization(mode);
                    for (int p = 0; p < passesPerRound; p++) {
                        passes.get(mode).add(pass(layer, manager, pixels, shape));
                    }
                }
            }
            List<ModeTiming> modes = new ArrayList<>();
            for (JpegLayer.Quantization mode : MODES) {
                modes.add(timing(mode, passes.get(mode)));
            }
            return new Result(batch, channels, size, rounds, passesPerRound, JniUtils.getNumThreads(), modes);
        }
    }

    /** One forward and backward of the layer: {forward ms, backward ms}, the backward NaN in OFF (nothing to do). */
    private static double[] pass(JpegLayer layer, NDManager manager, float[] pixels, Shape shape) {
        // in OFF no table reaches the output
        return ProfiledLayer.timedPass(layer, manager, pixels, shape,
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
        return new ModeTiming(mode, TimingSpread.of(forward), differentiated ? TimingSpread.of(backward) : null,
                TimingSpread.of(both));
    }
}
