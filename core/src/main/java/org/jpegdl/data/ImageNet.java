package org.jpegdl.data;

import java.nio.file.Path;

/**
 * Reads ImageNet-1K (ILSVRC2012) as torchvision's references expect it on disk: {@code train/<wnid>/*.JPEG} and
 * {@code val/<wnid>/*.JPEG}, the validation images sorted into class folders (the official archive has them in one
 * folder; sort them with the usual {@code valprep.sh}). Classes are the training folders' WordNet ids, sorted, so
 * labels match torchvision's. The validation split is the test split, as in the paper.
 */
public final class ImageNet {

    /** The training folder. */
    public static final String TRAIN = "train";
    /** The validation folder. */
    public static final String VAL = "val";

    private ImageNet() {}

    /** Reads {@code root}/train and {@code root}/val. */
    public static DatasetSplits<ImageList> read(Path root, DatasetOptions options) {
        DatasetFiles.directory(root, "train/<wnid>/ and val/<wnid>/ folders of ImageNet");
        Path train = DatasetFiles.directory(root.resolve(TRAIN), "one folder of images per WordNet id");
        Path val = DatasetFiles.directory(
                root.resolve(VAL),
                "the 50,000 validation images in one folder per " + "WordNet id (sort them with valprep.sh)");
        if (DatasetFiles.subdirectories(val).isEmpty()
                && !DatasetFiles.imagesUnder(val).isEmpty()) {
            throw new DatasetException(val + ": holds the images directly, not in class folders; sort them into "
                    + "val/<wnid>/ (e.g. with valprep.sh)");
        }
        return ImageFolder.readSplitTrees(train, val, "imagenet", options.skipBad());
    }
}
