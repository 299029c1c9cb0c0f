package org.jpegdl.data;

/**
 * How a data set holds its images, which decides how they are batched, augmented and normalised: images held in
 * memory ({@link ImageDataset}) or photo files decoded while training ({@link ImageList}).
 */
public enum DataKind {

    /** Small sets read into memory (IDX, CIFAR binaries, generated images). */
    IN_MEMORY("pad 4 + random crop + horizontal flip (CIFAR)", "per-channel mean and std of the training split"),

    /** Photo sets decoded from their files while training. */
    PHOTO_FILES(
            "random-resized crop (scale 0.08-1, ratio 3/4-4/3) + horizontal flip (ImageNet)", "ImageNet mean and std");

    private final String augmentation;
    private final String normalization;

    DataKind(String augmentation, String normalization) {
        this.augmentation = augmentation;
        this.normalization = normalization;
    }

    /** The training augmentation this kind of data gets, in words ({@code augment} off: "none"). */
    public String augmentation(boolean augment) {
        return augment ? augmentation : "none";
    }

    /** The normalisation this kind of data gets, in words. */
    public String normalization() {
        return normalization;
    }
}
