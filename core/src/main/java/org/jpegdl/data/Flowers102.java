package org.jpegdl.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Oxford Flowers-102 in its official layout: {@code jpg/image_00001.jpg}… (from {@code 102flowers.tgz}),
 * {@code imagelabels.mat} ({@code labels}: 1×8189, the 1-based class of image i) and {@code setid.mat}
 * ({@code trnid}, {@code valid}, {@code tstid}: image numbers). As in the paper's code, training is {@code trnid}
 * followed by {@code valid} (2,040 images) and test is {@code tstid} (6,149). The data set has no class names: class
 * k is named by its number in the files ("1".."102"); there are as many classes as the largest label (102 in the
 * real files; fewer in a miniature copy).
 */
public final class Flowers102 {

    /** The photo folder. */
    public static final String IMAGE_FOLDER = "jpg";
    /** Labels of all images. */
    public static final String LABELS = "imagelabels.mat";
    /** The split's image numbers. */
    public static final String SPLITS = "setid.mat";
    /** Classes of the data set; labels run from 1 to this. */
    public static final int CLASSES = 102;

    private Flowers102() {}

    /** The file of image number {@code id} (1-based): {@code jpg/image_%05d.jpg}. */
    public static String fileName(int id) {
        return String.format(Locale.ROOT, "image_%05d.jpg", id);
    }

    /** Reads {@code directory}, the folder holding {@code jpg/} and the two .mat files. */
    public static DatasetSplits<ImageList> read(Path directory, DatasetOptions options) {
        Path images = DatasetFiles.directory(directory.resolve(IMAGE_FOLDER), "image_00001.jpg … from 102flowers.tgz");
        Path labelsFile = directory.resolve(LABELS);
        Path splitsFile = directory.resolve(SPLITS);
        double[] labels =
                MatFiles.numbers(labelsFile, "labels", "the variable labels: the class (1..102) of every " + "image");
        String splitWhat = "the variables trnid, valid and tstid: the image numbers of each split";
        double[] trainIds = MatFiles.numbers(splitsFile, "trnid", splitWhat);
        double[] validIds = MatFiles.numbers(splitsFile, "valid", splitWhat);
        double[] testIds = MatFiles.numbers(splitsFile, "tstid", splitWhat);
        int numClasses = 0;
        for (double label : labels) {
            if (DatasetFiles.wholeIn(label, 1, CLASSES)) {
                numClasses = Math.max(numClasses, (int) label);
            }
        }
        if (numClasses == 0) {
            throw DatasetException.inFile(labelsFile, "no valid label (labels are classes 1.." + CLASSES + ")");
        }
        SplitList train = new SplitList("flowers102", directory, options.skipBad());
        SplitList test = new SplitList("flowers102", directory, options.skipBad());
        add(train, trainIds, "trnid", labels, numClasses, images, splitsFile, labelsFile);
        add(train, validIds, "valid", labels, numClasses, images, splitsFile, labelsFile);
        add(test, testIds, "tstid", labels, numClasses, images, splitsFile, labelsFile);
        List<String> classNames = new ArrayList<>();
        for (int k = 1; k <= numClasses; k++) {
            classNames.add(Integer.toString(k));
        }
        return new DatasetSplits<>(train.build(classNames), test.build(classNames));
    }

    private static void add(
            SplitList split,
            double[] ids,
            String variable,
            double[] labels,
            int numClasses,
            Path images,
            Path splitsFile,
            Path labelsFile) {
        for (int i = 0; i < ids.length; i++) {
            if (!DatasetFiles.wholeIn(ids[i], 1, labels.length)) {
                split.report(
                        splitsFile + " " + variable + " entry " + (i + 1),
                        "image number "
                                + DatasetFiles.number(ids[i]) + " is outside 1.." + labels.length + " (the images "
                                + LABELS + " labels)");
                continue;
            }
            int id = (int) ids[i];
            double label = labels[id - 1];
            if (!DatasetFiles.wholeIn(label, 1, numClasses)) {
                split.report(
                        labelsFile + " labels entry " + id,
                        "label " + DatasetFiles.number(label) + " of image " + id + " is outside 1.." + numClasses);
                continue;
            }
            Path path = images.resolve(fileName(id));
            if (!Files.isRegularFile(path)) {
                split.report(path, "file not found (image " + id + " of " + SPLITS + " " + variable + ")");
                continue;
            }
            split.add(path, (int) label - 1);
        }
    }
}
