package org.jpegdl.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Oxford-IIIT Pet data set in its official layout: {@code images/<Image>.jpg} (from
 * {@code images.tar.gz}) and {@code annotations/trainval.txt}, {@code annotations/test.txt} (from
 * {@code annotations.tar.gz}), whose lines read {@code Image CLASS-ID SPECIES BREED-ID} with CLASS-ID 1..37 and
 * comment lines starting with '#'. Training is trainval (3,680 images), test is test (3,669). Classes are named by
 * the breed part of their images' names ("Abyssinian", "american_bulldog").
 */
public final class OxfordPets {

    /** The photo folder. */
    public static final String IMAGE_FOLDER = "images";
    /** The training list. */
    public static final String TRAINVAL = "annotations/trainval.txt";
    /** The test list. */
    public static final String TEST = "annotations/test.txt";
    /** Classes of the data set; CLASS-ID runs from 1 to this. */
    public static final int CLASSES = 37;

    private OxfordPets() {}

    /** Reads {@code directory}, the folder holding {@code images/} and {@code annotations/}. */
    public static DatasetSplits<ImageList> read(Path directory, DatasetOptions options) {
        Path images = DatasetFiles.directory(directory.resolve(IMAGE_FOLDER), "the photos, from images.tar.gz");
        String what = "'Image CLASS-ID SPECIES BREED-ID' lines, from annotations.tar.gz";
        List<DatasetFiles.Line> trainLines = DatasetFiles.lines(directory.resolve(TRAINVAL), what);
        List<DatasetFiles.Line> testLines = DatasetFiles.lines(directory.resolve(TEST), what);
        int numClasses = 0;
        String[] names = new String[CLASSES];
        for (List<DatasetFiles.Line> lines : List.of(trainLines, testLines)) {
            for (DatasetFiles.Line line : lines) {
                String[] fields = line.fields(2, "'Image CLASS-ID SPECIES BREED-ID'");
                int classId = line.integer(fields[1], "CLASS-ID");
                if (classId >= 1 && classId <= CLASSES) {
                    numClasses = Math.max(numClasses, classId);
                    if (names[classId - 1] == null) {
                        names[classId - 1] = breed(fields[0]);
                    }
                }
            }
        }
        if (numClasses == 0) {
            throw DatasetException.inFile(directory.resolve(TRAINVAL), "no image with a CLASS-ID in 1.." + CLASSES);
        }
        List<String> classNames = new ArrayList<>();
        for (int k = 0; k < numClasses; k++) {
            classNames.add(names[k] != null ? names[k] : "class " + (k + 1));
        }
        SplitList train = new SplitList("oxford-pets", directory, options.skipBad());
        SplitList test = new SplitList("oxford-pets", directory, options.skipBad());
        add(train, trainLines, images, numClasses);
        add(test, testLines, images, numClasses);
        return new DatasetSplits<>(train.build(classNames), test.build(classNames));
    }

    /** The breed part of an image name: "american_bulldog_100" → "american_bulldog". */
    static String breed(String image) {
        int underscore = image.lastIndexOf('_');
        return underscore > 0 && image.substring(underscore + 1).matches("\\d+")
                ? image.substring(0, underscore)
                : image;
    }

    private static void add(SplitList split, List<DatasetFiles.Line> lines, Path images, int numClasses) {
        for (DatasetFiles.Line line : lines) {
            String[] fields = line.fields(2, "'Image CLASS-ID SPECIES BREED-ID'");
            int classId = line.integer(fields[1], "CLASS-ID");
            if (classId < 1 || classId > numClasses) {
                split.report(line.where(), "CLASS-ID " + classId + " of " + fields[0] + " is outside 1.." + numClasses);
                continue;
            }
            Path path = images.resolve(fields[0] + ".jpg");
            if (!Files.isRegularFile(path)) {
                split.report(path, "file not found (named by " + line.where() + ")");
                continue;
            }
            split.add(path, classId - 1);
        }
    }
}
