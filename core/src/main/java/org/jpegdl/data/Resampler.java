package org.jpegdl.data;

/**
 * Resizes a rectangle of an {@link RgbImage} to a new size with a triangle (bilinear) filter that widens with the
 * reduction, as PIL's bilinear resize and torchvision's antialiased resize do, so downscaled photos do not alias.
 * Separable: one horizontal pass over the rows the output needs, then one vertical pass.
 */
final class Resampler {

    private Resampler() {}

    /** Filter taps of one axis: output position o reads {@code count[o]} inputs from {@code start[o]}. */
    private record Taps(int[] start, int[] count, float[] weights, int stride) {

        /** Taps mapping [origin, origin + extent) of an axis of {@code inSize} pixels onto {@code outSize}. */
        static Taps of(int inSize, double origin, double extent, int outSize) {
            double scale = extent / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;
            int stride = (int) Math.ceil(2 * support) + 2;
            int[] start = new int[outSize];
            int[] count = new int[outSize];
            float[] weights = new float[outSize * stride];
            for (int o = 0; o < outSize; o++) {
                double center = origin + (o + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(center - support));
                int hi = Math.min(inSize, (int) Math.ceil(center + support));
                double sum = 0;
                int n = 0;
                for (int i = lo; i < hi && n < stride; i++, n++) {
                    double w = Math.max(0, 1 - Math.abs((i + 0.5 - center) / filterScale));
                    weights[o * stride + n] = (float) w;
                    sum += w;
                }
                if (sum <= 0) {
                    // centre outside the image: take the nearest edge pixel
                    lo = Math.min(inSize - 1, Math.max(0, (int) Math.floor(center)));
                    n = 1;
                    weights[o * stride] = 1;
                    sum = 1;
                }
                for (int k = 0; k < n; k++) {
                    weights[o * stride + k] /= (float) sum;
                }
                start[o] = lo;
                count[o] = n;
            }
            return new Taps(start, count, weights, stride);
        }
    }

    /**
     * Resamples the rectangle (top, left, height, width) of {@code image}, in source pixels (fractions allowed), to
     * {@code outHeight}×{@code outWidth} and writes it as 3 planes of floats in [0,255] to {@code out[offset..]},
     * mirrored left-right when {@code flip}.
     */
    static void resample(
            RgbImage image,
            double top,
            double left,
            double height,
            double width,
            int outHeight,
            int outWidth,
            boolean flip,
            float[] out,
            int offset) {
        Taps rows = Taps.of(image.height(), top, height, outHeight);
        Taps columns = Taps.of(image.width(), left, width, outWidth);
        int firstRow = rows.start[0];
        int lastRow = firstRow;
        for (int o = 0; o < outHeight; o++) {
            firstRow = Math.min(firstRow, rows.start[o]);
            lastRow = Math.max(lastRow, rows.start[o] + rows.count[o]);
        }
        int rowsNeeded = lastRow - firstRow;
        int inWidth = image.width();
        int inHeight = image.height();
        byte[] pixels = image.pixels();
        float[] horizontal = new float[rowsNeeded * outWidth];
        for (int c = 0; c < 3; c++) {
            int plane = c * inHeight * inWidth;
            for (int r = 0; r < rowsNeeded; r++) {
                int rowStart = plane + (firstRow + r) * inWidth;
                for (int x = 0; x < outWidth; x++) {
                    int s = columns.start[x];
                    int base = x * columns.stride;
                    float sum = 0;
                    for (int k = 0; k < columns.count[x]; k++) {
                        sum += columns.weights[base + k] * (pixels[rowStart + s + k] & 0xFF);
                    }
                    horizontal[r * outWidth + (flip ? outWidth - 1 - x : x)] = sum;
                }
            }
            int outPlane = offset + c * outHeight * outWidth;
            for (int y = 0; y < outHeight; y++) {
                int s = rows.start[y] - firstRow;
                int base = y * rows.stride;
                int outRow = outPlane + y * outWidth;
                for (int x = 0; x < outWidth; x++) {
                    float sum = 0;
                    for (int k = 0; k < rows.count[y]; k++) {
                        sum += rows.weights[base + k] * horizontal[(s + k) * outWidth + x];
                    }
                    out[outRow + x] = Math.min(255f, Math.max(0f, sum));
                }
            }
        }
    }
}
