package org.jpegdl.data;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Per-image transform on C×H×W unsigned-byte images, in this order: optional centre zero-pad to a square size
 * ({@code padTo}, e.g. 28×28 Fashion-MNIST to 32×32 so it runs like CIFAR), then the CIFAR training recipe: zero-pad
 * by {@code cropPadding} pixels on every side and crop a random window of the size back out, then a random horizontal
 * flip (probability ½). {@link #evaluation(int)} does only the pad-to step. Randomness comes from the
 * {@link RandomGenerator} passed in ({@link java.util.SplittableRandom} or {@link java.util.Random}), so equal seeds
 * give equal images. Instances are immutable and thread-safe.
 */
public final class Augment {

    /** Padding of the CIFAR recipe's random crop, in pixels. */
    public static final int CIFAR_CROP_PADDING = 4;

    private final int padTo;
    private final int cropPadding;
    private final boolean horizontalFlip;

    /** Where the crop window sits in the padded image and whether it is mirrored. */
    public record Placement(int cropTop, int cropLeft, boolean flip) {}

    private Augment(int padTo, int cropPadding, boolean horizontalFlip) {
        if (padTo < 0 || cropPadding < 0) {
            throw new IllegalArgumentException("padTo and cropPadding must be ≥ 0: " + padTo + ", " + cropPadding);
        }
        this.padTo = padTo;
        this.cropPadding = cropPadding;
        this.horizontalFlip = horizontalFlip;
    }

    /**
     * The transform: centre zero-pad to {@code padTo}×{@code padTo} (0: keep the size), random crop after padding by
     * {@code cropPadding} (0: none), random horizontal flip when {@code horizontalFlip}.
     */
    public static Augment of(int padTo, int cropPadding, boolean horizontalFlip) {
        return new Augment(padTo, cropPadding, horizontalFlip);
    }

    /** The CIFAR training recipe (pad 4 + random crop, random flip), after padding to {@code padTo} (0: none). */
    public static Augment cifarTraining(int padTo) {
        return new Augment(padTo, CIFAR_CROP_PADDING, true);
    }

    /** Only the centre pad to {@code padTo} (0: the identity): the evaluation transform. */
    public static Augment evaluation(int padTo) {
        return new Augment(padTo, 0, false);
    }

    /** Target size of the centre pad, 0 when none. */
    public int padTo() {
        return padTo;
    }

    /** Padding before the random crop, 0 when no crop. */
    public int cropPadding() {
        return cropPadding;
    }

    /** Whether images are flipped at random. */
    public boolean horizontalFlip() {
        return horizontalFlip;
    }

    /** Whether the transform draws random numbers (crop or flip); if not, it is the same for every call. */
    public boolean isRandom() {
        return cropPadding > 0 || horizontalFlip;
    }

    /** Output height for an input of {@code height} rows. */
    public int outputHeight(int height) {
        return padTo == 0 ? height : checkedPadTo(height, "height");
    }

    /** Output width for an input of {@code width} columns. */
    public int outputWidth(int width) {
        return padTo == 0 ? width : checkedPadTo(width, "width");
    }

    /** Draws one image's placement: crop offsets in [0, 2·cropPadding], then the flip; draws nothing if not random. */
    public Placement draw(RandomGenerator random) {
        int top = cropPadding > 0 ? random.nextInt(2 * cropPadding + 1) : cropPadding;
        int left = cropPadding > 0 ? random.nextInt(2 * cropPadding + 1) : cropPadding;
        boolean flip = horizontalFlip && random.nextBoolean();
        return new Placement(top, left, flip);
    }

    /** Transforms one image, drawing its placement from {@code random}; returns a new C×H'×W' byte array. */
    public byte[] apply(byte[] image, int channels, int height, int width, RandomGenerator random) {
        int outHeight = outputHeight(height);
        int outWidth = outputWidth(width);
        float[] values = new float[channels * outHeight * outWidth];
        apply(image, 0, channels, height, width, draw(random), values, 0);
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) (int) values[i];
        }
        return result;
    }

    /**
     * Transforms the image at {@code pixels[offset..]} (C×H×W bytes) with a given placement and writes it as floats
     * in [0,255] to {@code out[outOffset..]} (C×H'×W'); pixels that come from the padding are 0.
     */
    public void apply(
            byte[] pixels,
            int offset,
            int channels,
            int height,
            int width,
            Placement placement,
            float[] out,
            int outOffset) {
        int outHeight = outputHeight(height);
        int outWidth = outputWidth(width);
        int rowShift = placement.cropTop() - cropPadding - (outHeight - height) / 2;
        int columnShift = placement.cropLeft() - cropPadding - (outWidth - width) / 2;
        boolean flip = placement.flip();
        for (int c = 0; c < channels; c++) {
            int sourcePlane = offset + c * height * width;
            int outPlane = outOffset + c * outHeight * outWidth;
            for (int y = 0; y < outHeight; y++) {
                int sourceRow = y + rowShift;
                int outRow = outPlane + y * outWidth;
                if (sourceRow < 0 || sourceRow >= height) {
                    Arrays.fill(out, outRow, outRow + outWidth, 0f);
                    continue;
                }
                int sourceRowStart = sourcePlane + sourceRow * width;
                for (int x = 0; x < outWidth; x++) {
                    int sourceColumn = (flip ? outWidth - 1 - x : x) + columnShift;
                    out[outRow + x] = sourceColumn >= 0 && sourceColumn < width
                            ? pixels[sourceRowStart + sourceColumn] & 0xFF
                            : 0f;
                }
            }
        }
    }

    /** In words, for logs and run configs. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (padTo > 0) {
            text.append("pad to ").append(padTo).append('×').append(padTo);
        }
        if (cropPadding > 0) {
            text.append(text.length() > 0 ? ", " : "")
                    .append("pad ")
                    .append(cropPadding)
                    .append(" + random crop");
        }
        if (horizontalFlip) {
            text.append(text.length() > 0 ? ", " : "").append("random horizontal flip");
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    private int checkedPadTo(int size, String what) {
        if (size > padTo) {
            throw new IllegalArgumentException("cannot pad an image " + what + " of " + size + " to " + padTo);
        }
        return padTo;
    }
}
