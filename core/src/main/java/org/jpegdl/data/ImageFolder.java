package org.jpegdl.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Reads a tree of photos laid out as torchvision's {@code ImageFolder} expects: one folder per class, named by the
 * class, holding its images (at any depth; jpg, jpeg, png, bmp, gif, tif, tiff, any case); classes are the folders
 * sorted by name. The tree has {@code train/} and {@code val/} (or {@code test/}) sub-trees with the same class
 * folders, or is one tree that {@link DatasetOptions#testFraction()} splits: that share of every class, drawn with
 * the split seed, becomes the test split.
 */
public final class ImageFolder {

    /** The training sub-tree. */
    public static final String TRAIN = "train";
    /** The held-out sub-tree names, in the order they are looked for. */
    public static final List<String> TEST_NAMES = List.of("val", "test");

    private ImageFolder() {}

    /** Reads the tree at {@code root} as data set {@code name}. */
    public static DatasetSplits<ImageList> read(Path root, String name, DatasetOptions options) {
        DatasetFiles.directory(root, "a folder of class folders, or train/ and val/ folders of them");
        Path train = root.resolve(TRAIN);
        Path test = TEST_NAMES.stream()
                .map(root::resolve)
                .filter(Files::isDirectory)
                .findFirst()
                .orElse(null);
        if (Files.isDirectory(train)) {
            if (options.testFraction() > 0) {
                throw new DatasetException(root + ": has its own " + TRAIN + "/ split; --test-fraction is for a "
                        + "single tree of class folders");
            }
            if (test == null) {
                throw new DatasetException(root + ": has " + TRAIN + "/ but no val/ or test/ folder (or point --data "
                        + "at " + train + " and hold out a share with --test-fraction)");
            }
            return readSplitTrees(train, test, name, options.skipBad());
        }
        if (options.testFraction() <= 0) {
            throw new DatasetException(root + ": no " + TRAIN + "/ and val/ folders; to split this tree of class "
                    + "folders, give the share to hold out (--test-fraction, e.g. 0.2)");
        }
        BadImages bad = new BadImages(options.skipBad());
        ImageList all = readTree(root, name, null, bad);
        return split(all, options.testFraction(), options.splitSeed());
    }

    /** Reads {@code train} and {@code test} trees; the classes are the training tree's. */
    static DatasetSplits<ImageList> readSplitTrees(Path train, Path test, String name, boolean skipBad) {
        BadImages trainBad = new BadImages(skipBad);
        ImageList trainList = readTree(train, name, null, trainBad);
        BadImages testBad = new BadImages(skipBad);
        ImageList testList = readTree(test, name, trainList.classNames(), testBad);
        return new DatasetSplits<>(trainList, testList);
    }

    /**
     * Reads one tree of class folders. With {@code classes} given, every folder must be one of them (a folder may be
     * missing); otherwise the classes are the folders found.
     */
    static ImageList readTree(Path tree, String name, List<String> classes, BadImages bad) {
        List<Path> folders = DatasetFiles.subdirectories(tree);
        if (folders.isEmpty()) {
            throw new DatasetException(tree + ": no class folders (expected " + tree + "/<class>/<image>)");
        }
        if (classes == null && folders.size() < 2) {
            throw new DatasetException(
                    tree + ": one class folder (" + folders.get(0).getFileName() + "); a classifier "
                            + "needs at least two classes, each a folder of its images");
        }
        List<String> classNames = classes != null
                ? classes
                : folders.stream().map(f -> f.getFileName().toString()).toList();
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classNames.size(); k++) {
            index.put(classNames.get(k), k);
        }
        List<Path> paths = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path folder : folders) {
            String className = folder.getFileName().toString();
            Integer label = index.get(className);
            if (label == null) {
                bad.report(
                        folder,
                        "class folder that the training split lacks (its classes: " + summary(classNames) + ")");
                continue;
            }
            List<Path> images = DatasetFiles.imagesUnder(folder);
            if (images.isEmpty()) {
                bad.report(
                        folder,
                        "class folder holds no images ("
                                + String.join(
                                        ", ",
                                        DatasetFiles.IMAGE_EXTENSIONS.stream()
                                                .sorted()
                                                .toList()) + ")");
                continue;
            }
            for (Path image : images) {
                paths.add(image);
                labels.add(label);
            }
        }
        return new ImageList(
                name,
                tree.toString(),
                paths,
                labels.stream().mapToInt(Integer::intValue).toArray(),
                classNames,
                bad.skipBad(),
                bad.skipped());
    }

    /** Holds out round(fraction × n) images of every class (seeded), keeping the list's order within each part. */
    static DatasetSplits<ImageList> split(ImageList all, double fraction, long seed) {
        Random random = new Random(seed);
        boolean[] held = new boolean[all.size()];
        List<List<Integer>> byClass = new ArrayList<>();
        for (int k = 0; k < all.numClasses(); k++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            byClass.get(all.label(i)).add(i);
        }
        for (List<Integer> members : byClass) {
            int count = (int) Math.round(fraction * members.size());
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(members.size() - i);
                int swap = members.get(i);
                members.set(i, members.get(j));
                members.set(j, swap);
                held[members.get(i)] = true;
            }
        }
        int[] train = new int[all.size()];
        int[] test = new int[all.size()];
        int trainCount = 0;
        int testCount = 0;
        for (int i = 0; i < all.size(); i++) {
            if (held[i]) {
                test[testCount++] = i;
            } else {
                train[trainCount++] = i;
            }
        }
        ImageList trainList = all.subset(Arrays.copyOf(train, trainCount));
        ImageList testList = all.subset(Arrays.copyOf(test, testCount));
        testList = new ImageList(
                testList.name(),
                testList.source() + " (held out " + fraction + ", seed " + seed + ")",
                testList.paths(),
                labels(testList),
                testList.classNames(),
                testList.skipBad(),
                List.of());
        return new DatasetSplits<>(trainList, testList);
    }

    private static int[] labels(ImageList list) {
        int[] labels = new int[list.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = list.label(i);
        }
        return labels;
    }

    private static String summary(List<String> names) {
        return names.size() <= 6
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + ", … (" + names.size() + ")";
    }
}
