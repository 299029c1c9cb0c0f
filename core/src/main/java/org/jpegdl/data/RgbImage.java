package org.jpegdl.data;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A decoded photo: {@code pixels} holds 3 planes (R, G, B) of {@code height} rows of {@code width} unsigned bytes.
 * The array is shared, not copied: treat it as read-only.
 */
public record RgbImage(int width, int height, byte[] pixels) {

    /** Checks that the pixels fill the size. */
    public RgbImage {
        Objects.requireNonNull(pixels, "pixels");
        if (width < 1 || height < 1 || pixels.length != 3L * width * height) {
            throw new IllegalArgumentException("a " + width + "×" + height + " RGB image needs " + 3L * width * height
                    + " bytes, got " + pixels.length);
        }
    }

    /** Value of channel {@code channel} (0 R, 1 G, 2 B) at column {@code x}, row {@code y}, in 0..255. */
    public int value(int channel, int x, int y) {
        return pixels[(channel * height + y) * width + x] & 0xFF;
    }

    /** Length of the shorter side. */
    public int shorterSide() {
        return Math.min(width, height);
    }

    /**
     * This image scaled (antialiased bilinear, as torchvision's Resize) so that its shorter side is
     * {@code shorterSide}, rounded to bytes; the image itself when it is not larger than that already.
     */
    public RgbImage shrinkToShorterSide(int shorterSide) {
        if (shorterSide() <= shorterSide) {
            return this;
        }
        int newWidth;
        int newHeight;
        if (width <= height) {
            newWidth = shorterSide;
            newHeight = (int) ((long) shorterSide * height / width);
        } else {
            newHeight = shorterSide;
            newWidth = (int) ((long) shorterSide * width / height);
        }
        float[] values = new float[3 * newWidth * newHeight];
        Resampler.resample(this, 0, 0, height, width, newHeight, newWidth, false, values, 0);
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) Math.round(values[i]);
        }
        return new RgbImage(newWidth, newHeight, bytes);
    }

    /** The pixels as an sRGB {@link BufferedImage} ({@code TYPE_INT_RGB}); {@link ImageDecoder#toRgb} reads it back. */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = width * height;
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = y * width + x;
                row[x] = (pixels[at] & 0xFF) << 16 | (pixels[plane + at] & 0xFF) << 8 | pixels[2 * plane + at] & 0xFF;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }
}
