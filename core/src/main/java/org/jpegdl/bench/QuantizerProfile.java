package org.jpegdl.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.jpeg.BatchSlices;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.nd.Devices;

/**
 * Times the JPEG layer's soft quantiser alone on one batch slice, as the layer's forward pass runs it: {@link
 * JpegLayer#quantize} on the DCT coefficients of the first {@link BatchSlices#sliceImages} images of a random batch,
 * gradients to the step tables only (the backward starts from the sum of the output). Forward and backward are timed
 * as wholes, and in separate passes per operator with PyTorch's profiler on ({@link OperatorTrace}), in the order the
 * layer's code calls them; nothing of the quantiser is written out again here. Within every round the plain passes
 * come first, then the profiled ones.
 */
public final class QuantizerProfile {

    /** One top-level operator's median duration over the profiled passes, in milliseconds. */
    public record OperatorTiming(String name, double medianMs) {}

    /** The timings and the settings they were measured with. */
    public record Result(
            int batch,
            int channels,
            int size,
            Shape sliceShape,
            int rounds,
            int passesPerRound,
            int threads,
            TimingSpread forward,
            TimingSpread backward,
            TimingSpread forwardAndBackward,
            List<OperatorTiming> forwardOperators,
            List<OperatorTiming> backwardOperators) {

        /** The sum of the operators' medians, in milliseconds. */
        public static double totalMs(List<OperatorTiming> operators) {
            return operators.stream().mapToDouble(OperatorTiming::medianMs).sum();
        }

        /**
         * The median forward pass less the sum of its operators' medians: time spent outside PyTorch's operators
         * (DJL's calls into the engine, Java). Each profiled operator carries the profiler's overhead, so on a steady
         * machine this is a lower bound; the two come from separate passes, so load can make it anything.
         */
        public double forwardOutsideOperatorsMs() {
            return forward.medianMs() - totalMs(forwardOperators);
        }

        /** The median backward pass less the sum of its operators' medians, as {@link #forwardOutsideOperatorsMs}. */
        public double backwardOutsideOperatorsMs() {
            return backward.medianMs() - totalMs(backwardOperators);
        }
    }

    private QuantizerProfile() {}

    /**
     * Profiles the soft quantiser of a layer built as {@link StepBenchmark} builds it (quality-50 tables, one round)
     * on the first slice of {@code batch} random images of {@code channels} × {@code size} × {@code size} pixels.
     *
     * @param rounds rounds of plain then profiled passes
     * @param passesPerRound plain passes, and profiled passes, per round
     */
    public static Result run(int batch, int channels, int size, int rounds, int passesPerRound) {
        Shape shape = ProfiledLayer.inputShape(batch, channels, size, rounds, passesPerRound);
        try (NDManager manager = Devices.newBaseManager()) {
            JpegLayer layer = ProfiledLayer.initialized(manager, shape);
            Shape sliceShape;
            float[] slice;
            try (NDManager pixels = manager.newSubManager()) {
                NDArray coefficients = layer.toCoefficients(pixels.create(ProfiledLayer.randomPixels(shape), shape));
                long images = Math.min(
                        batch, BatchSlices.sliceImages(coefficients.getShape().size() / batch));
                NDArray first = coefficients.get("0:" + images);
                sliceShape = first.getShape();
                slice = first.toFloatArray();
            }
            for (int w = 0; w < 2; w++) { // warm-up: allocator, kernels
                timedPass(layer, manager, slice, sliceShape);
            }
            List<double[]> timed = new ArrayList<>();
            List<List<OperatorTrace.Operator>> forwardTraces = new ArrayList<>();
            List<List<OperatorTrace.Operator>> backwardTraces = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                for (int p = 0; p < passesPerRound; p++) {
                    timed.add(timedPass(layer, manager, slice, sliceShape));
                }
                for (int p = 0; p < passesPerRound; p++) {
                    tracedPass(layer, manager, slice, sliceShape, forwardTraces, backwardTraces);
                }
            }
            double[] forward = new double[timed.size()];
            double[] backward = new double[timed.size()];
            double[] both = new double[timed.size()];
            for (int i = 0; i < timed.size(); i++) {
                forward[i] = timed.get(i)[0];
                backward[i] = timed.get(i)[1];
                both[i] = forward[i] + backward[i];
            }
            return new Result(
                    batch,
                    channels,
                    size,
                    sliceShape,
                    rounds,
                    passesPerRound,
                    JniUtils.getNumThreads(),
                    TimingSpread.of(forward),
                    TimingSpread.of(backward),
                    TimingSpread.of(both),
                    medians(forwardTraces),
                    medians(backwardTraces));
        }
    }

    /** One forward and backward of the quantiser on the slice: {forward ms, backward ms}. */
    private static double[] timedPass(JpegLayer layer, NDManager manager, float[] slice, Shape sliceShape) {
        return ProfiledLayer.timedPass(
                layer,
                manager,
                slice,
                sliceShape,
                (store, coefficients) -> layer.quantize(store, coefficients, true),
                true);
    }

    /** One forward and backward of the quantiser with the profiler on, their operators added to the two lists. */
    private static void tracedPass(
            JpegLayer layer,
            NDManager manager,
            float[] slice,
            Shape sliceShape,
            List<List<OperatorTrace.Operator>> forwardTraces,
            List<List<OperatorTrace.Operator>> backwardTraces) {
        ParameterStore store = new ParameterStore(manager, false);
        try (NDManager batch = manager.newSubManager()) {
            NDArray coefficients = batch.create(slice, sliceShape);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                OperatorTrace trace = OperatorTrace.start();
                NDArray out = layer.quantize(store, coefficients, true);
                forwardTraces.add(trace.stop());
                NDArray loss = out.sum();
                trace = OperatorTrace.start();
                gc.backward(loss);
                backwardTraces.add(trace.stop());
                ProfiledLayer.clearTableGradients(layer);
            }
        }
    }

    /**
     * Each operator's median over the passes, in the order of first appearance. An operator is its name and how many
     * operators of that name ran before it in the same pass, so repeated calls (several products) stay apart.
     */
    static List<OperatorTiming> medians(List<List<OperatorTrace.Operator>> passes) {
        Map<String, List<Double>> byKey = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (List<OperatorTrace.Operator> pass : passes) {
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (OperatorTrace.Operator op : pass) {
                int occurrence = seen.merge(op.name(), 1, Integer::sum);
                String key = op.name() + "#" + occurrence;
                names.putIfAbsent(key, op.name());
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(op.ms());
            }
        }
        List<OperatorTiming> out = new ArrayList<>(byKey.size());
        for (Map.Entry<String, List<Double>> e : byKey.entrySet()) {
            double[] ms = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            out.add(new OperatorTiming(names.get(e.getKey()), StepBenchmark.quantile(ms, 0.5)));
        }
        return out;
    }
}
