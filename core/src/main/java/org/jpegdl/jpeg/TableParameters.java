package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * The table-shaped parameters of a {@link JpegLayer} (step tables, trainable alphas): how they are created with their
 * starting values, and how they are kept in their range. A table is 8×8, or (regions, 8, 8) with spatial tables.
 */
public final class TableParameters {

    private TableParameters() {}

    /**
     * A table-shaped parameter whose region g starts at {@code valuesOfRegion(g)} (64 values, natural order), clamped
     * to [{@code lo}, {@code hi}]; the number of regions is asked for when the parameter is initialised.
     */
    static Parameter create(
            String name, IntFunction<float[]> valuesOfRegion, float lo, float hi, IntSupplier regionCount) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(8, 8))
                .optInitializer((m, shape, type) -> {
                    int count = regionCount.getAsInt();
                    float[] all = new float[count * 64];
                    for (int g = 0; g < count; g++) {
                        float[] v = valuesOfRegion.apply(g);
                        for (int i = 0; i < 64; i++) {
                            all[g * 64 + i] = Math.max(lo, Math.min(hi, v[i]));
                        }
                    }
                    return m.create(all, shape).toType(type, false);
                })
                .build();
    }

    /** The values of a table-shaped parameter per region: [region][64], natural order. */
    static float[][] perRegion(Parameter table) {
        float[] all = table.getArray().toType(DataType.FLOAT32, false).toFloatArray();
        float[][] out = new float[all.length / 64][64];
        for (int g = 0; g < out.length; g++) {
            System.arraycopy(all, g * 64, out[g], 0, 64);
        }
        return out;
    }

    /**
     * Sets every value of {@code array} below {@code lo} to {@code lo} and above {@code hi} to {@code hi}, in place.
     *
     * @param array the values to clamp (NaN stays NaN)
     * @param lo the smallest value kept
     * @param hi the largest value kept
     */
    public static void clampInPlace(NDArray array, double lo, double hi) {
        try (NDArray below = array.lt(lo);
                NDArray above = array.gt(hi)) {
            array.set(below, lo);
            array.set(above, hi);
        }
    }

    /**
     * Clamps {@code parameter}'s values to [{@code lo}, {@code hi}] in place without autograd, as {@link
     * #clampInPlace}, but writes nothing when every value is already in range: an in-place write counts as a change
     * for autograd (a graph that holds the table would refuse its backward pass), so a table kept in range by its
     * optimiser is never touched.
     */
    static void clampIfOutside(Parameter parameter, double lo, double hi) {
        NDArray array = parameter.getArray();
        boolean outside;
        try (NDArray below = array.lt(lo);
                NDArray above = array.gt(hi);
                NDArray either = below.logicalOr(above);
                NDArray any = either.any()) {
            outside = any.getBoolean();
        }
        if (outside) {
            // on the detached values (PyTorch's tensor.data): they share the parameter's memory, and autograd
            // refuses an in-place write to a leaf that requires a gradient while it records
            try (NDArray values = array.stopGradient()) {
                clampInPlace(values, lo, hi);
            }
        }
    }
}
