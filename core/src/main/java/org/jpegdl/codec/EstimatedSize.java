package org.jpegdl.codec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.QuantTables;
import org.jpegdl.jpeg.RateEstimator;

/**
 * The {@link RateEstimator}'s bits for images written with given integer tables: what the training loss sees,
 * computed for the files the codec writes, so the two can be compared ({@code RateEstimatorAgreementTest}, and the
 * {@code estimatedBitsPerPixel} of every point {@code rate} measures). The whole set is one batch: the category
 * statistics are those of the set.
 */
public final class EstimatedSize {

    /** Images per pass of the DCT (the statistics are still those of the whole set). */
    private static final int CHUNK = 512;

    private EstimatedSize() {}

    /**
     * Estimated bits of each image's entropy-coded data.
     *
     * @param images uint8 images, gray or RGB
     * @param tables the tables the files are written with (chroma used for colour images)
     * @param estimator the estimate
     * @param manager where the temporary arrays live (closed sub-manager inside)
     * @return bits per image, in the set's order
     */
    public static double[] bitsPerImage(
            ImageDataset images, CodecTables tables, RateEstimator estimator, NDManager manager) {
        int c = images.channels();
        try (NDManager m = manager.newSubManager()) {
            JpegLayer transform = JpegLayer.builder().optChannels(c).build();
            NDArray coefficients = coefficients(images, transform, m);
            float[] steps = new float[c * QuantTables.SIZE];
            for (int ch = 0; ch < c; ch++) {
                int[] table = ch == 0 ? tables.luma() : tables.chroma();
                for (int i = 0; i < QuantTables.SIZE; i++) {
                    steps[ch * QuantTables.SIZE + i] = table[i];
                }
            }
            NDArray q = m.create(steps, new Shape(1, c, 1, QuantTables.SIZE));
            return estimator
                    .bitsPerImage(coefficients, q)
                    .toType(DataType.FLOAT64, false)
                    .toDoubleArray();
        }
    }

    /** Estimated bits per pixel of the whole set: total estimated bits / (images × height × width). */
    public static double bitsPerPixel(
            ImageDataset images, CodecTables tables, RateEstimator estimator, NDManager manager) {
        double total = 0;
        for (double b : bitsPerImage(images, tables, estimator, manager)) {
            total += b;
        }
        return total / ((double) images.size() * images.height() * images.width());
    }

    private static NDArray coefficients(ImageDataset images, JpegLayer transform, NDManager m) {
        int n = images.size();
        int per = images.imageBytes();
        byte[] all = images.pixels();
        NDArray out = null;
        for (int start = 0; start < n; start += CHUNK) {
            int count = Math.min(CHUNK, n - start);
            float[] floats = new float[count * per];
            for (int k = 0; k < floats.length; k++) {
                floats[k] = all[start * per + k] & 0xFF;
            }
            NDArray chunk = transform.toCoefficients(
                    m.create(floats, new Shape(count, images.channels(), images.height(), images.width())));
            out = out == null ? chunk : out.concat(chunk, 0);
        }
        return out;
    }
}
