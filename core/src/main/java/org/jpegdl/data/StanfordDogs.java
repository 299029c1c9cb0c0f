package org.jpegdl.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Stanford Dogs data set in its official layout: {@code Images/<wnid>-<breed>/} (from {@code images.tar})
 * and the split files {@code train_list.mat} and {@code test_list.mat} (from {@code lists.tar}, beside
 * {@code Images/} or in {@code lists/}), MATLAB v5 files holding {@code file_list} (a cell of paths under
 * {@code Images/}), {@code labels} (1-based class numbers) and {@code annotation_list}. The classes are the breed
 * folders sorted by name (label k is folder k), named by the breed ("Chihuahua"). The official split gives 12,000
 * training and 8,580 test images.
 */
public final class StanfordDogs {

    /** The photo folders. */
    public static final String IMAGE_FOLDER = "Images";
    /** The training split. */
    public static final String TRAIN_LIST = "train_list.mat";
    /** The test split. */
    public static final String TEST_LIST = "test_list.mat";
    /** Where {@code lists.tar} may have been extracted to instead. */
    public static final String LISTS_FOLDER = "lists";

    private StanfordDogs() {}

    /** Reads {@code directory}, the folder holding {@code Images/} and the two list files. */
    public static DatasetSplits<ImageList> read(Path directory, DatasetOptions options) {
        Path images = DatasetFiles.directory(
                directory.resolve(IMAGE_FOLDER), "one folder of photos per breed, from images.tar");
        Path lists = Files.isRegularFile(directory.resolve(TRAIN_LIST))
                        || !Files.isDirectory(directory.resolve(LISTS_FOLDER))
                ? directory
                : directory.resolve(LISTS_FOLDER);
        List<Path> folders = DatasetFiles.subdirectories(images);
        if (folders.isEmpty()) {
            throw new DatasetException(images + ": no breed folders (expected " + IMAGE_FOLDER + "/<wnid>-<breed>/)");
        }
        SplitList train = new SplitList("stanford-dogs", directory, options.skipBad());
        SplitList test = new SplitList("stanford-dogs", directory, options.skipBad());
        List<String> classNames = new ArrayList<>();
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            classNames.add(name.matches("n\\d+-.+") ? name.substring(name.indexOf('-') + 1) : name);
            if (DatasetFiles.imagesUnder(folder).isEmpty()) {
                train.report(folder, "class folder holds no images");
            }
        }
        readList(lists.resolve(TRAIN_LIST), images, classNames.size(), train);
        readList(lists.resolve(TEST_LIST), images, classNames.size(), test);
        return new DatasetSplits<>(train.build(classNames), test.build(classNames));
    }

    private static void readList(Path file, Path images, int numClasses, SplitList split) {
        String what = "the split as MATLAB variables file_list, labels and annotation_list (from lists.tar)";
        List<String> names = MatFiles.strings(file, "file_list", what);
        double[] labels = MatFiles.numbers(file, "labels", what);
        if (names.size() != labels.length) {
            throw DatasetException.inFile(
                    file, names.size() + " entries in file_list but " + labels.length + " in labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (!DatasetFiles.wholeIn(labels[i], 1, numClasses)) {
                split.report(
                        file + " entry " + (i + 1),
                        "label " + DatasetFiles.number(labels[i]) + " of " + names.get(i) + " is outside 1.."
                                + numClasses + " (the breed folders in " + images + ")");
                continue;
            }
            Path path = images.resolve(names.get(i));
            if (!Files.isRegularFile(path)) {
                split.report(path, "file not found (named by " + file.getFileName() + " entry " + (i + 1) + ")");
                continue;
            }
            split.add(path, (int) labels[i] - 1);
        }
    }
}
