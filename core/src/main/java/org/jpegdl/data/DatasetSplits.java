package org.jpegdl.data;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The training and test parts of a data set; both have the same classes and channels (and, in memory, the same
 * image size). {@code T} is the kind of source: {@link ImageDataset} for the in-memory readers, {@link ImageList}
 * for photo folders, {@link LabelledImages} where either may come ({@link DatasetZoo#load}). The test part may be
 * read only when it is first asked for ({@link #lazy}), so that what never evaluates on it (a sweep's trials) never
 * opens its files.
 */
public final class DatasetSplits<T extends LabelledImages> {

    private final T train;
    private final Supplier<T> testSource;
    private T test;

    /** Both parts, read; checks that they describe images of the same kind. */
    public DatasetSplits(T train, T test) {
        this(train, () -> test);
        test();
    }

    private DatasetSplits(T train, Supplier<T> testSource) {
        this.train = Objects.requireNonNull(train, "train");
        this.testSource = Objects.requireNonNull(testSource, "test");
    }

    /** The training part now, the test part read by {@code test} when {@link #test()} is first called. */
    public static <T extends LabelledImages> DatasetSplits<T> lazy(T train, Supplier<T> test) {
        return new DatasetSplits<>(train, test);
    }

    /** The training part. */
    public T train() {
        return train;
    }

    /** The test part, read on the first call (and checked against the training part then). */
    public synchronized T test() {
        if (test == null) {
            T read = Objects.requireNonNull(testSource.get(), "test");
            boolean sameImageSize = !(train instanceof ImageDataset a && read instanceof ImageDataset b)
                    || a.height() == b.height() && a.width() == b.width();
            if (train.numClasses() != read.numClasses() || train.channels() != read.channels() || !sameImageSize) {
                throw new IllegalArgumentException("train (" + train.describeShape() + ") and test ("
                        + read.describeShape() + ") differ in classes or image shape");
            }
            test = read;
        }
        return test;
    }

    /** These splits with another training part and the same test part, still unread if it was. */
    public <S extends LabelledImages> DatasetSplits<S> withTrain(S newTrain, Function<T, S> testMapping) {
        return lazy(newTrain, () -> testMapping.apply(test()));
    }

    /** The same splits typed as {@code type}, e.g. {@code as(ImageDataset.class)} where pixels in memory are needed. */
    @SuppressWarnings("unchecked")
    public <S extends LabelledImages> DatasetSplits<S> as(Class<S> type) {
        if (!type.isInstance(train) || !type.isInstance(test())) {
            throw new DatasetException(train.name() + " is " + kind(train) + ", not " + kind(type) + " as needed here");
        }
        return (DatasetSplits<S>) this;
    }

    /** The same splits as the general type. */
    public DatasetSplits<LabelledImages> general() {
        return DatasetSplits.<LabelledImages>lazy(train, this::test);
    }

    /** One line for the user: name, sizes and image shape. */
    @Override
    public String toString() {
        return train.name() + ": " + train.size() + " train / " + test().size() + " test, " + train.describeShape();
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
