package org.jpegdl.data;

import java.util.Objects;

/** The training and test parts of a data set; both have the same classes, channels and image size. */
public record DatasetSplits(ImageDataset train, ImageDataset test) {

    /** Checks that both parts describe images of the same kind. */
    public DatasetSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.numClasses() != test.numClasses() || train.channels() != test.channels()
                || train.height() != test.height() || train.width() != test.width()) {
            throw new IllegalArgumentException("train (" + train.describeShape() + ") and test ("
                    + test.describeShape() + ") differ in classes or image shape");
        }
    }

    /** One line for the user: name, sizes and image shape. */
    @Override
    public String toString() {
        return train.name() + ": " + train.size() + " train / " + test.size() + " test, " + train.describeShape();
    }
}
