package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.jpegdl.nd.Scalars;

/**
 * The fixed halves of a {@link JpegLayer} around its quantiser: pixels to DCT coefficients of 8×8 blocks and back,
 * with the colour conversion, padding, cropping and output normalisation, and the check of the layer's input.
 */
final class PixelBlocks {

    private PixelBlocks() {}

    /**
     * Pixels (N, C, H, W) in [0,255] → −128 → YCbCr (colour input) → zero-pad to multiples of 8 → DCT coefficients
     * (N, C, blocks, 64), natural order per block.
     */
    static NDArray toCoefficients(NDArray pixels, int channels) {
        Shape s = pixels.getShape();
        long h = s.get(2);
        long w = s.get(3);
        long paddedH = padded(h);
        long paddedW = padded(w);
        NDArray shifted = pixels.sub(128);
        NDArray ycc = channels == 3 ? ColorSpace.rgbToYcbcr(shifted) : shifted;
        if (paddedH != h || paddedW != w) {
            ycc = ycc.pad(new Shape(0, paddedW - w, 0, paddedH - h), 0);
        }
        return BlockDct.forward(ycc);
    }

    /**
     * Coefficients (N, C, blocks, 64) → inverse DCT → crop to {@code height} × {@code width} → RGB (colour) → +128 →
     * /255 → (x − mean)/std per channel.
     */
    static NDArray toPixels(NDArray coefficients, long height, long width, float[] mean, float[] std) {
        long paddedH = padded(height);
        long paddedW = padded(width);
        NDArray pixels = BlockDct.inverse(coefficients, paddedH, paddedW);
        if (paddedH != height || paddedW != width) {
            pixels = pixels.get(":, :, 0:" + height + ", 0:" + width);
        }
        if (mean.length == 3) {
            return ColorSpace.ycbcrToNormalisedRgb(pixels, mean, std);
        }
        // grayscale: (y + 128)/255 normalised, folded into one multiply (by an array: see Scalars) and one add
        double scale = 1 / (255.0 * std[0]);
        return pixels.mul(Scalars.like(pixels, scale)).add(128 * scale - mean[0] / (double) std[0]);
    }

    /** The shape of {@link #toCoefficients} for pixels of {@code pixels}' shape: (N, C, blocks, 64). */
    static Shape coefficientShape(Shape pixels) {
        return new Shape(pixels.get(0), pixels.get(1), padded(pixels.get(2)) / 8 * (padded(pixels.get(3)) / 8), 64);
    }

    private static long padded(long size) {
        return (size + 7) / 8 * 8;
    }

    /**
     * Checks a layer's input: 4-D, {@code channels} channels, non-empty, float, finite, and of the size of
     * {@code spatial}'s regions when the layer has spatial tables ({@code spatial} null otherwise).
     */
    static void checkInput(NDArray x, int channels, SpatialRegions spatial) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException(
                    "JPEG layer expects a 4-D batch (N, C, H, W) of pixels in [0,255], got shape " + s);
        }
        if (s.get(1) != channels) {
            throw new IllegalArgumentException("JPEG layer was built for " + channels + " channel(s) but the input has "
                    + s.get(1) + " (shape " + s + ")");
        }
        if (s.get(2) < 1 || s.get(3) < 1) {
            throw new IllegalArgumentException("JPEG layer input has an empty image: shape " + s);
        }
        if (spatial != null && (s.get(2) != spatial.height() || s.get(3) != spatial.width())) {
            throw new IllegalArgumentException("this JPEG layer's spatial tables are for " + spatial.height() + "×"
                    + spatial.width() + " images, got " + s.get(2) + "×" + s.get(3));
        }
        DataType t = x.getDataType();
        if (t != DataType.FLOAT32 && t != DataType.FLOAT64) {
            throw new IllegalArgumentException("JPEG layer expects float32 or float64 pixels, got " + t);
        }
        // one reduction: a NaN or infinite pixel makes the sum non-finite (finite pixels cannot overflow it)
        try (NDArray sum = x.sum()) {
            if (!Double.isFinite(sum.toType(DataType.FLOAT64, false).getDouble())) {
                throw new IllegalArgumentException("JPEG layer input contains NaN or infinite values");
            }
        }
    }
}
