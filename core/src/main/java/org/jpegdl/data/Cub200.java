package org.jpegdl.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Caltech-UCSD Birds-200-2011 in its official layout (the folder {@code CUB_200_2011} of
 * {@code CUB_200_2011.tgz}): {@code classes.txt} ("id name", ids 1..200), {@code images.txt} ("id path" under
 * {@code images/}), {@code image_class_labels.txt} ("id class", 1-based) and {@code train_test_split.txt}
 * ("id 1" for training, "id 0" for test). Images keep the order of {@code images.txt}; class names drop the "001."
 * prefix. The official split gives 5,994 training and 5,794 test images.
 */
public final class Cub200 {

    /** Class ids and names. */
    public static final String CLASSES = "classes.txt";
    /** Image ids and paths. */
    public static final String IMAGES = "images.txt";
    /** Image ids and class ids. */
    public static final String LABELS = "image_class_labels.txt";
    /** Image ids and 1 (train) / 0 (test). */
    public static final String SPLIT = "train_test_split.txt";
    /** The folder the image paths are relative to. */
    public static final String IMAGE_FOLDER = "images";
    /** The folder the archive extracts to. */
    public static final String ARCHIVE_FOLDER = "CUB_200_2011";

    private Cub200() {}

    /** Reads {@code directory} (the {@code CUB_200_2011} folder, or the folder holding it). */
    public static DatasetSplits<ImageList> read(Path directory, DatasetOptions options) {
        Path root =
                Files.isRegularFile(directory.resolve(IMAGES)) || !Files.isDirectory(directory.resolve(ARCHIVE_FOLDER))
                        ? directory
                        : directory.resolve(ARCHIVE_FOLDER);
        List<String> classNames = new ArrayList<>();
        for (DatasetFiles.Line line : DatasetFiles.lines(root.resolve(CLASSES), "'class_id class_name' lines")) {
            String[] fields = line.fields(2, "'class_id class_name'");
            int id = line.integer(fields[0], "class id");
            if (id != classNames.size() + 1) {
                throw new DatasetException(line.where() + ": class id " + id + " where " + (classNames.size() + 1)
                        + " was expected (ids count up from 1)");
            }
            String name = fields[1];
            classNames.add(name.matches("\\d+\\..+") ? name.substring(name.indexOf('.') + 1) : name);
        }
        if (classNames.isEmpty()) {
            throw DatasetException.inFile(root.resolve(CLASSES), "no classes");
        }
        Map<Integer, DatasetFiles.Line> labelLines = byImageId(root.resolve(LABELS), "'image_id class_id' lines");
        Map<Integer, DatasetFiles.Line> splitLines =
                byImageId(root.resolve(SPLIT), "'image_id is_training_image' lines");
        Path imageFolder = DatasetFiles.directory(root.resolve(IMAGE_FOLDER), "the photos, one folder per class");
        SplitList train = new SplitList("cub200", root, options.skipBad());
        SplitList test = new SplitList("cub200", root, options.skipBad());
        for (DatasetFiles.Line line : DatasetFiles.lines(root.resolve(IMAGES), "'image_id path' lines")) {
            String[] fields = line.fields(2, "'image_id path'");
            int id = line.integer(fields[0], "image id");
            Path path = imageFolder.resolve(fields[1]);
            DatasetFiles.Line splitLine = splitLines.get(id);
            if (splitLine == null) {
                train.report(root.resolve(SPLIT), "no line for image " + id + " (" + fields[1] + ")");
                continue;
            }
            String[] splitFields = splitLine.fields(2, "'image_id is_training_image'");
            int isTraining = splitLine.integer(splitFields[1], "is_training_image");
            if (isTraining != 0 && isTraining != 1) {
                throw new DatasetException(splitLine.where() + ": is_training_image must be 1 or 0, got " + isTraining);
            }
            SplitList split = isTraining == 1 ? train : test;
            DatasetFiles.Line labelLine = labelLines.get(id);
            if (labelLine == null) {
                split.report(root.resolve(LABELS), "no line for image " + id + " (" + fields[1] + ")");
                continue;
            }
            int label = labelLine.integer(labelLine.fields(2, "'image_id class_id'")[1], "class id");
            if (label < 1 || label > classNames.size()) {
                split.report(
                        labelLine.where(),
                        "class " + label + " of image " + id + " is outside 1.." + classNames.size() + " (" + CLASSES
                                + ")");
                continue;
            }
            if (!Files.isRegularFile(path)) {
                split.report(path, "file not found (named by " + line.where() + ")");
                continue;
            }
            split.add(path, label - 1);
        }
        return new DatasetSplits<>(train.build(classNames), test.build(classNames));
    }

    private static Map<Integer, DatasetFiles.Line> byImageId(Path file, String whatItHolds) {
        Map<Integer, DatasetFiles.Line> lines = new HashMap<>();
        for (DatasetFiles.Line line : DatasetFiles.lines(file, whatItHolds)) {
            int id = line.integer(line.fields(2, whatItHolds)[0], "image id");
            if (lines.putIfAbsent(id, line) != null) {
                throw new DatasetException(line.where() + ": image " + id + " appears twice");
            }
        }
        return lines;
    }
}
