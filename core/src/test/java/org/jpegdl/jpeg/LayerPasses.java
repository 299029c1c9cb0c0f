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
import java.util.Random;

/**
 * Test support: passes of a layer on fixed input with loss = sum(output × weights), its gradients, and central finite
 * differences of that loss in one parameter entry (for float64 layers).
 */
final class LayerPasses {

    private final JpegLayer layer;
    private final NDManager manager;
    private final NDArray input;
    private final NDArray weights;

    /**
     * A layer initialised for {@code shape} in {@code type}, random pixels in [0, 255) and random weights in
     * [−127.5, 127.5) from {@code seed}.
     */
    LayerPasses(JpegLayer layer, NDManager manager, Shape shape, DataType type, long seed) {
        this.layer = layer;
        this.manager = manager;
        layer.initialize(manager, type, shape);
        this.input =
                manager.create(randomPixels((int) shape.size(), seed), shape).toType(type, false);
        this.weights = manager.create(randomPixels((int) shape.size(), seed + 1), shape)
                .toType(type, false)
                .sub(127.5);
    }

    /** Uniform values in [0, 255). */
    static float[] randomPixels(int size, long seed) {
        Random r = new Random(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextFloat() * 255f;
        }
        return x;
    }

    /** The layer. */
    JpegLayer layer() {
        return layer;
    }

    /** The input pixels. */
    NDArray input() {
        return input;
    }

    /** The output of an inference pass (no gradient). */
    double[] output() {
        return layer.forward(new ParameterStore(manager, false), new NDList(input), false)
                .singletonOrThrow()
                .toType(DataType.FLOAT64, false)
                .toDoubleArray();
    }

    /** The loss of an inference pass. */
    double loss() {
        return layer.forward(new ParameterStore(manager, false), new NDList(input), false)
                .singletonOrThrow()
                .mul(weights)
                .sum()
                .toType(DataType.FLOAT64, false)
                .getDouble();
    }

    /** A training pass and backward: the output; the parameters' gradients are left in them. */
    double[] backward() {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = layer.forward(new ParameterStore(manager, false), new NDList(input), true)
                    .singletonOrThrow();
            gc.backward(out.mul(weights).sum());
            return out.toType(DataType.FLOAT64, false).toDoubleArray();
        }
    }

    /** The gradient the last {@link #backward} left in {@code p}, flattened. */
    static double[] gradient(Parameter p) {
        return p.getArray().getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** (loss(p[index] + eps) − loss(p[index] − eps)) / 2eps, p restored afterwards. */
    double finiteDifference(Parameter p, int index, double eps) {
        return (lossWith(p, index, eps) - lossWith(p, index, -eps)) / (2 * eps);
    }

    private double lossWith(Parameter p, int index, double delta) {
        NDArray array = p.getArray();
        double[] values = array.toDoubleArray();
        double original = values[index];
        values[index] = original + delta;
        array.set(values);
        double loss = loss();
        values[index] = original;
        array.set(values);
        return loss;
    }
}
