package org.jpegdl.data;

import ai.djl.ndarray.types.Shape;

/**
 * One batch ready for the model but not yet on the engine: {@code data} holds {@code size} images as float32
 * N×C×H×W values in [0,255] (not normalised), {@code labels} the class indices as floats, {@code indices} the
 * images' positions in the data set. {@code batchIndex} counts from 0 within its epoch of {@code batchesInEpoch}.
 */
public record PreparedBatch(
        float[] data,
        float[] labels,
        int[] indices,
        int channels,
        int height,
        int width,
        int batchIndex,
        int batchesInEpoch) {

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Shape of {@link #data()}: (N, C, H, W). */
    public Shape dataShape() {
        return new Shape(size(), channels, height, width);
    }

    /** Shape of {@link #labels()}: (N). */
    public Shape labelShape() {
        return new Shape(size());
    }
}
