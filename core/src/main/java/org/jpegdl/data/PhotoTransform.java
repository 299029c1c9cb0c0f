package org.jpegdl.data;

import java.util.random.RandomGenerator;

/**
 * Turns a decoded photo of any size into a square {@code size}×{@code size} float image in [0,255], as torchvision's
 * classification references do. Training: RandomResizedCrop (a random rectangle of 8–100% of the area with aspect
 * ratio in [3/4, 4/3], drawn log-uniformly; 10 tries, then the centre crop of the closest allowed ratio) resized to
 * the size, then a horizontal flip with probability ½. Evaluation: resize the shorter side to size × 256/224, then
 * crop the centre. Resizing is antialiased bilinear. Randomness comes from the {@link RandomGenerator} passed in, so
 * equal seeds give equal images. Sizes round as Python's round() does (halves to even), as torchvision's. Immutable
 * and thread-safe.
 */
public final class PhotoTransform {

    /** RandomResizedCrop's area range, as a fraction of the image. */
    public static final double MIN_SCALE = 0.08;
    /** Upper end of the area range. */
    public static final double MAX_SCALE = 1.0;
    /** RandomResizedCrop's aspect-ratio range (width / height). */
    public static final double MIN_RATIO = 3.0 / 4.0;
    /** Upper end of the aspect-ratio range. */
    public static final double MAX_RATIO = 4.0 / 3.0;
    /** Random rectangles tried before falling back to the centre crop. */
    public static final int CROP_TRIES = 10;
    /** Evaluation resizes the shorter side to size × {@value #RESIZE_NUMERATOR} / {@value #RESIZE_DENOMINATOR}. */
    public static final int RESIZE_NUMERATOR = 256;
    /** See {@link #RESIZE_NUMERATOR}. */
    public static final int RESIZE_DENOMINATOR = 224;
    /** torchvision's ImageNet channel means (of pixels in [0,1]), the normalisation of the fine-grained code too. */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    /** torchvision's ImageNet channel standard deviations. */
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private final int size;
    private final boolean training;

    /**
     * A rectangle of the source image, in source pixels, and whether it is mirrored. {@code top}/{@code left} may be
     * fractional (evaluation's resize-then-crop).
     */
    public record Crop(double top, double left, double height, double width, boolean flip) {}

    private PhotoTransform(int size, boolean training) {
        if (size < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + size);
        }
        this.size = size;
        this.training = training;
    }

    /** RandomResizedCrop to {@code size} and random horizontal flip. */
    public static PhotoTransform training(int size) {
        return new PhotoTransform(size, true);
    }

    /** Resize the shorter side to {@code size} × 256/224, crop the centre {@code size}×{@code size}. */
    public static PhotoTransform evaluation(int size) {
        return new PhotoTransform(size, false);
    }

    /** Side of the output images. */
    public int size() {
        return size;
    }

    /** Whether this is the random training transform. */
    public boolean isRandom() {
        return training;
    }

    /** Shorter side that evaluation resizes to before cropping: size × 256/224 rounded (224 → 256, 96 → 110). */
    public int resizeSize() {
        return (int) Math.rint(size * (double) RESIZE_NUMERATOR / RESIZE_DENOMINATOR);
    }

    /** Draws the crop of a {@code width}×{@code height} image; evaluation draws nothing. */
    public Crop draw(int width, int height, RandomGenerator random) {
        if (!training) {
            return centreCrop(width, height);
        }
        double area = (double) width * height;
        double logMin = Math.log(MIN_RATIO);
        double logMax = Math.log(MAX_RATIO);
        for (int attempt = 0; attempt < CROP_TRIES; attempt++) {
            double targetArea = area * (MIN_SCALE + (MAX_SCALE - MIN_SCALE) * random.nextDouble());
            double ratio = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
            int w = (int) Math.rint(Math.sqrt(targetArea * ratio));
            int h = (int) Math.rint(Math.sqrt(targetArea / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = random.nextInt(height - h + 1);
                int left = random.nextInt(width - w + 1);
                return new Crop(top, left, h, w, random.nextBoolean());
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < MIN_RATIO) {
            w = width;
            h = (int) Math.rint(w / MIN_RATIO);
        } else if (inRatio > MAX_RATIO) {
            h = height;
            w = (int) Math.rint(h * MAX_RATIO);
        } else {
            w = width;
            h = height;
        }
        return new Crop((height - h) / 2, (width - w) / 2, h, w, random.nextBoolean());
    }

    /** Writes the crop of {@code image}, resized to size×size, as 3 float planes in [0,255] to out[offset..]. */
    public void apply(RgbImage image, Crop crop, float[] out, int offset) {
        Resampler.resample(
                image, crop.top(), crop.left(), crop.height(), crop.width(), size, size, crop.flip(), out, offset);
    }

    /** Draws a crop and applies it; returns 3×size×size floats in [0,255]. */
    public float[] apply(RgbImage image, RandomGenerator random) {
        float[] out = new float[3 * size * size];
        apply(image, draw(image.width(), image.height(), random), out, 0);
        return out;
    }

    /** In words, for logs and run configs. */
    @Override
    public String toString() {
        return training
                ? "random resized crop to " + size + "×" + size + " + random horizontal flip"
                : "resize to " + resizeSize() + " + centre crop " + size + "×" + size;
    }

    /**
     * Evaluation: the part of the source that ends up in the centre size×size crop after the shorter side is resized
     * to {@link #resizeSize()} (the longer side to ⌊resize × long / short⌋, as torchvision).
     */
    private Crop centreCrop(int width, int height) {
        int resize = resizeSize();
        int resizedWidth;
        int resizedHeight;
        if (width <= height) {
            resizedWidth = resize;
            resizedHeight = (int) ((long) resize * height / width);
        } else {
            resizedHeight = resize;
            resizedWidth = (int) ((long) resize * width / height);
        }
        double scaleY = (double) height / resizedHeight;
        double scaleX = (double) width / resizedWidth;
        // Python's round(), as torchvision's CenterCrop: halves go to the even neighbour
        int top = (int) Math.rint((resizedHeight - size) / 2.0);
        int left = (int) Math.rint((resizedWidth - size) / 2.0);
        return new Crop(top * scaleY, left * scaleX, size * scaleY, size * scaleX, false);
    }
}
