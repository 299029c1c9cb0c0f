package org.jpegdl.attack;

import ai.djl.ndarray.types.Shape;

/** Row (image) bookkeeping on plain arrays: the subsets of a batch that an attack still has to work on. */
final class Rows {

    private Rows() {}

    /** Indices i with flags[i] == value, ascending. */
    static int[] where(boolean[] flags, boolean value) {
        int count = 0;
        for (boolean f : flags) {
            if (f == value) {
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < flags.length; i++) {
            if (flags[i] == value) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** The rows {@code indices} of a row-major array with {@code width} values per row. */
    static float[] select(float[] values, int width, int[] indices) {
        float[] out = new float[indices.length * width];
        for (int j = 0; j < indices.length; j++) {
            System.arraycopy(values, indices[j] * width, out, j * width, width);
        }
        return out;
    }

    /** {@code shape} with its first dimension replaced by {@code rows}. */
    static Shape shape(Shape shape, int rows) {
        long[] dims = shape.getShape().clone();
        dims[0] = rows;
        return new Shape(dims);
    }

    static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (f) {
                n++;
            }
        }
        return n;
    }

    /** Mixes numbers into a well-spread seed (SplitMix64's finaliser, as the data pipeline does). */
    static long mix(long... values) {
        long z = 0x632BE59BD9B4E019L;
        for (long v : values) {
            z = (z ^ v) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
        }
        return z;
    }
}
