package org.jpegdl.data;

import java.util.Objects;

/**
 * The training and test parts of a data set; both have the same classes and channels (and, in memory, the same
 * image size). {@code T} is the kind of source: {@link ImageDataset} for the in-memory readers, {@link ImageList}
 * for photo folders, {@link LabelledImages} where either may come ({@link DatasetZoo#load}).
 */
public record DatasetSplits<T extends LabelledImages>(T train, T test) {

    /** Checks that both parts describe images of the same kind. */
    public DatasetSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        boolean sameImageSize = !(train instanceof ImageDataset a && test instanceof ImageDataset b)
                || a.height() == b.height() && a.width() == b.width();
        if (train.numClasses() != test.numClasses() || train.channels() != test.channels() || !sameImageSize) {
            throw new IllegalArgumentException("train (" + train.describeShape() + ") and test ("
                    + test.describeShape() + ") differ in classes or image shape");
        }
    }

    /** The same splits typed as {@code type}, e.g. {@code as(ImageDataset.class)} where pixels in memory are needed. */
    @SuppressWarnings("unchecked")
    public <S extends LabelledImages> DatasetSplits<S> as(Class<S> type) {
        if (!type.isInstance(train) || !type.isInstance(test)) {
            throw new DatasetException(train.name() + " is " + kind(train) + ", not " + kind(type) + " as needed here");
        }
        return (DatasetSplits<S>) this;
    }

    /** The same splits as the general type. */
    public DatasetSplits<LabelledImages> general() {
        return new DatasetSplits<>(train, test);
    }

    /** One line for the user: name, sizes and image shape. */
    @Override
    public String toString() {
        return train.name() + ": " + train.size() + " train / " + test.size() + " test, " + train.describeShape();
    }

    private static String kind(Object source) {
        return kind(source.getClass());
    }

    private static String kind(Class<?> type) {
        if (ImageDataset.class.isAssignableFrom(type)) {
            return "a set of images held in memory";
        }
        if (ImageList.class.isAssignableFrom(type)) {
            return "a list of image files decoded while training";
        }
        return type.getSimpleName();
    }
}
