package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of coefficients cut into slices of whole images that keep the soft quantiser's window-sized intermediates
 * in the processor's cache. The quantiser is element-wise, so the joined slices hold exactly the values of one pass
 * over the whole batch.
 */
public final class BatchSlices {

    /**
     * Coefficients quantised together: the quantiser's intermediates are {@code candidates} times this many floats
     * (5 × 48 Ki × 4 B ≈ 1 MiB, one core's L2 cache here). The soft quantiser alone on 128×3×32×32 coefficients,
     * forward+backward: 29–33 ms as one piece, 20–25 ms in 8 slices of 48 Ki, 25–29 ms in 16, 34–36 ms in 32.
     */
    public static final long SLICE_ELEMENTS = 48 * 1024;

    /** What is done to one slice: images {@code start} to {@code end} of the batch. */
    @FunctionalInterface
    interface SliceFunction {
        /** The result for {@code slice}, images {@code start} (inclusive) to {@code end} of the batch. */
        NDArray apply(NDArray slice, long start, long end);
    }

    private BatchSlices() {}

    /**
     * Images of a batch the quantiser takes at once when each image has {@code coefficientsPerImage} coefficients
     * (channels × blocks × 64): as many as fit in {@link #SLICE_ELEMENTS}, at least one.
     *
     * @param coefficientsPerImage coefficients of one image
     * @return images per slice
     */
    public static long sliceImages(long coefficientsPerImage) {
        return Math.max(1, SLICE_ELEMENTS / Math.max(1, coefficientsPerImage));
    }

    /** {@code function} applied to every slice of {@code batch} (images along axis 0), the results joined. */
    static NDArray map(NDArray batch, SliceFunction function) {
        long images = batch.getShape().get(0);
        long slice = sliceImages(batch.getShape().size() / Math.max(1, images));
        NDList pieces = slice >= images ? new NDList(batch) : batch.split(sliceStarts(images, slice), 0);
        NDList out = new NDList(pieces.size());
        long start = 0;
        for (NDArray piece : pieces) {
            long end = start + piece.getShape().get(0);
            out.add(function.apply(piece, start, end));
            start = end;
        }
        return out.size() == 1 ? out.singletonOrThrow() : NDArrays.concat(out, 0);
    }

    /** Images {@code start} to {@code end} of every array that has one entry per image; shared arrays as they are. */
    static List<NDArray> images(List<NDArray> arrays, long start, long end) {
        List<NDArray> out = new ArrayList<>(arrays.size());
        for (NDArray a : arrays) {
            out.add(a.getShape().dimension() > 0 && a.getShape().get(0) > 1 ? a.get(start + ":" + end) : a);
        }
        return out;
    }

    private static long[] sliceStarts(long images, long slice) {
        long[] starts = new long[(int) ((images - 1) / slice)];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = (i + 1) * slice;
        }
        return starts;
    }
}
