package org.jpegdl.data;

import java.util.SplittableRandom;

/**
 * How one image from outside a data set (a photo a user hands in) becomes what that data set's evaluation batches
 * hold for one of its own images: C×H×W floats in [0,255], with the very functions {@link Batches} uses.
 *
 * <ul>
 *   <li>Photo data ({@code photoSize} &gt; 0): the evaluation {@link PhotoTransform} (shorter side to size × 256/224,
 *       centre crop, antialiased bilinear), 3 channels: exactly what a file of the data set gets.</li>
 *   <li>In-memory data ({@code photoSize} 0): the image is first made one of the data set's own, a
 *       {@code channels}×{@code height}×{@code width} byte image: resized to height×width when its size differs
 *       (antialiased bilinear over the whole image, rounded to bytes), and for 1 channel made grey (the red plane
 *       when the three planes are equal, else BT.601 luma, 0.299 R + 0.587 G + 0.114 B, rounded). Then the
 *       evaluation {@link Augment} (the centre pad to {@code padTo}, 0: none). An image of the data set's own size
 *       and channels is not resampled, so it comes out exactly as its batch holds it.</li>
 * </ul>
 *
 * @param channels channels of the output: 1 or 3
 * @param height in-memory data: the data set's image height (photo data: the crop size)
 * @param width in-memory data: the data set's image width (photo data: the crop size)
 * @param padTo in-memory data: the centre pad of the evaluation batches, 0 for none
 * @param photoSize photo data: the evaluation crop size; 0 for in-memory data
 */
public record InputTransform(int channels, int height, int width, int padTo, int photoSize) {

    /** Checks the sizes. */
    public InputTransform {
        if ((channels != 1 && channels != 3) || height < 1 || width < 1 || padTo < 0 || photoSize < 0) {
            throw new IllegalArgumentException("an input transform needs 1 or 3 channels and positive sizes, got "
                    + channels + "×" + height + "×" + width + ", pad " + padTo + ", photo size " + photoSize);
        }
        if (photoSize > 0 && channels != 3) {
            throw new IllegalArgumentException("photos are batched with 3 channels, not " + channels);
        }
    }

    /** The transform that makes an outside image what {@code evaluation} (batches without augmentation) hold. */
    public static InputTransform of(Batches evaluation) {
        return evaluation.inputTransform();
    }

    /** Shape of the output: channels, height, width (after the pad). */
    public int[] outputShape() {
        if (photoSize > 0) {
            return new int[] {3, photoSize, photoSize};
        }
        Augment augment = Augment.evaluation(padTo);
        return new int[] {channels, augment.outputHeight(height), augment.outputWidth(width)};
    }

    /** {@code image} as the batches would hold it: C×H×W floats in [0,255] (see the class comment). */
    public float[] apply(RgbImage image) {
        if (photoSize > 0) {
            PhotoTransform photo = PhotoTransform.evaluation(photoSize);
            // evaluation draws no random numbers: the generator is never read
            return photo.apply(image, new SplittableRandom(0));
        }
        byte[] own = ownImage(image);
        Augment augment = Augment.evaluation(padTo);
        int[] shape = outputShape();
        float[] out = new float[shape[0] * shape[1] * shape[2]];
        augment.apply(own, 0, channels, height, width, augment.draw(new SplittableRandom(0)), out, 0);
        return out;
    }

    /** The image as one of the in-memory data set's own: channels×height×width bytes. */
    private byte[] ownImage(RgbImage image) {
        byte[] rgb = image.pixels();
        if (image.width() != width || image.height() != height) {
            float[] values = new float[3 * width * height];
            Resampler.resample(image, 0, 0, image.height(), image.width(), height, width, false, values, 0);
            rgb = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                rgb[i] = (byte) Math.max(0, Math.min(255, Math.round(values[i])));
            }
        }
        int plane = width * height;
        if (channels == 3) {
            return rgb;
        }
        byte[] grey = new byte[plane];
        boolean equalPlanes = true;
        for (int i = 0; i < plane && equalPlanes; i++) {
            equalPlanes = rgb[i] == rgb[plane + i] && rgb[i] == rgb[2 * plane + i];
        }
        for (int i = 0; i < plane; i++) {
            if (equalPlanes) {
                grey[i] = rgb[i];
            } else {
                int r = rgb[i] & 0xFF;
                int g = rgb[plane + i] & 0xFF;
                int b = rgb[2 * plane + i] & 0xFF;
                grey[i] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
            }
        }
        return grey;
    }
}
