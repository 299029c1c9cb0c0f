package org.jpegdl.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Data sets by name. {@link #load} returns the training and test splits; {@link #names()} says, one line each,
 * what every name expects on disk. The default, {@value #DEFAULT}, is bundled in the jar and needs nothing. The
 * small sets are read into memory ({@link ImageDataset}); the photo sets (CUB-200-2011, Stanford Dogs, Flowers-102,
 * Oxford-IIIT Pets, ImageNet, any ImageFolder tree) are read as lists of files ({@link ImageList}) that
 * {@link Batches} decodes while training, at the size and with the options of a {@link DatasetOptions}.
 */
public final class DatasetZoo {

    /** The data set used when none is named: bundled, so it always works. */
    public static final String DEFAULT = "fashion-mnist-mini";
    /** Where Debian's {@code dataset-fashion-mnist} package puts Fashion-MNIST. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Classpath folder of the bundled Fashion-MNIST subset (see {@link MiniFashionMnist}). */
    public static final String MINI_RESOURCE_DIR = "/org/jpegdl/data/fashion-mnist-mini";
    /** Fashion-MNIST's class names, index = label. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Images of the {@code synthetic} entry: training and test counts and the seed. */
    public static final int SYNTHETIC_TRAIN = 5000;
    /** Test images of the {@code synthetic} entry. */
    public static final int SYNTHETIC_TEST = 1000;
    /** Seed of the {@code synthetic} entry. */
    public static final long SYNTHETIC_SEED = 0;

    private static final String IDX_FILES =
            Idx.TRAIN_IMAGES + ", " + Idx.TRAIN_LABELS + ", " + Idx.TEST_IMAGES + ", " + Idx.TEST_LABELS;

    private record Entry(
            DataKind kind,
            String description,
            boolean takesDataDirectory,
            BiFunction<Path, DatasetOptions, DatasetSplits<? extends LabelledImages>> loader) {}

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        ENTRIES.put(
                DEFAULT,
                new Entry(
                        DataKind.IN_MEMORY,
                        "bundled: 4,000 train / 1,000 test Fashion-MNIST images (class-balanced), "
                                + "28×28 grey, 10 classes; needs nothing on disk",
                        false,
                        (directory, options) ->
                                Idx.readSplitsFromClasspath(MINI_RESOURCE_DIR, DEFAULT, 10, FASHION_MNIST_CLASSES)));
        ENTRIES.put(
                "fashion-mnist",
                new Entry(
                        DataKind.IN_MEMORY,
                        "Fashion-MNIST, 60,000 / 10,000, 28×28 grey, 10 classes: the IDX "
                                + "files (" + IDX_FILES + ") in --data DIR, default " + FASHION_MNIST_DIR
                                + " (Debian package dataset-fashion-mnist)",
                        true,
                        (directory, options) -> Idx.readSplits(
                                directory == null ? FASHION_MNIST_DIR : directory,
                                "fashion-mnist",
                                10,
                                FASHION_MNIST_CLASSES)));
        ENTRIES.put(
                "mnist",
                new Entry(
                        DataKind.IN_MEMORY,
                        "MNIST digits, 60,000 / 10,000, 28×28 grey, 10 classes: the IDX files (" + IDX_FILES
                                + ") in --data DIR",
                        true,
                        (directory, options) -> Idx.readSplits(
                                required(
                                        directory,
                                        "mnist",
                                        "a folder with the four MNIST IDX files (" + IDX_FILES + ")"),
                                "mnist",
                                10,
                                List.of())));
        ENTRIES.put(
                "cifar10",
                new Entry(
                        DataKind.IN_MEMORY,
                        "CIFAR-10, 50,000 / 10,000, 32×32 RGB, 10 classes: --data DIR holding "
                                + "cifar-10-batches-bin/ (data_batch_1..5.bin, test_batch.bin) or that folder itself",
                        true,
                        (directory, options) -> CifarBinary.readCifar10(
                                required(
                                        directory,
                                        "cifar10",
                                        "the folder extracted from cifar-10-binary.tar.gz (cifar-10-batches-bin) or its parent"))));
        ENTRIES.put(
                "cifar100",
                new Entry(
                        DataKind.IN_MEMORY,
                        "CIFAR-100 (fine labels), 50,000 / 10,000, 32×32 RGB, 100 classes: --data "
                                + "DIR holding cifar-100-binary/ (train.bin, test.bin) or that folder itself",
                        true,
                        (directory, options) -> CifarBinary.readCifar100(
                                required(
                                        directory,
                                        "cifar100",
                                        "the folder extracted from cifar-100-binary.tar.gz (cifar-100-binary) or its parent"))));
        ENTRIES.put(
                "synthetic",
                new Entry(
                        DataKind.IN_MEMORY,
                        "generated: " + SYNTHETIC_TRAIN + " / " + SYNTHETIC_TEST
                                + " images, 32×32 RGB, 10 classes (a square per class), seed " + SYNTHETIC_SEED
                                + "; needs nothing on disk",
                        false,
                        (directory, options) ->
                                Synthetic.builder().build().splits(SYNTHETIC_TRAIN, SYNTHETIC_TEST, SYNTHETIC_SEED)));
        ENTRIES.put(
                "cub200",
                new Entry(
                        DataKind.PHOTO_FILES,
                        "CUB-200-2011 birds, 5,994 / 5,794 photos, 200 classes: --data DIR = "
                                + "CUB_200_2011/ holding classes.txt, images.txt, image_class_labels.txt, train_test_split.txt, "
                                + "images/",
                        true,
                        (directory, options) -> Cub200.read(
                                required(directory, "cub200", "the CUB_200_2011 folder of CUB_200_2011.tgz"),
                                options)));
        ENTRIES.put(
                "stanford-dogs",
                new Entry(
                        DataKind.PHOTO_FILES,
                        "Stanford Dogs, 12,000 / 8,580 photos, 120 classes: --data DIR "
                                + "holding Images/<wnid>-<breed>/ and train_list.mat, test_list.mat (images.tar + lists.tar)",
                        true,
                        (directory, options) -> StanfordDogs.read(
                                required(
                                        directory,
                                        "stanford-dogs",
                                        "a folder holding Images/ (images.tar) and train_list.mat, test_list.mat (lists.tar)"),
                                options)));
        ENTRIES.put(
                "flowers102",
                new Entry(
                        DataKind.PHOTO_FILES,
                        "Oxford Flowers-102, 2,040 (train+val) / 6,149 photos, 102 classes: "
                                + "--data DIR holding jpg/image_NNNNN.jpg, imagelabels.mat, setid.mat",
                        true,
                        (directory, options) -> Flowers102.read(
                                required(
                                        directory,
                                        "flowers102",
                                        "a folder holding jpg/ (102flowers.tgz), imagelabels.mat and setid.mat"),
                                options)));
        ENTRIES.put(
                "oxford-pets",
                new Entry(
                        DataKind.PHOTO_FILES,
                        "Oxford-IIIT Pets, 3,680 / 3,669 photos, 37 classes: --data DIR "
                                + "holding images/ and annotations/trainval.txt, annotations/test.txt",
                        true,
                        (directory, options) -> OxfordPets.read(
                                required(
                                        directory,
                                        "oxford-pets",
                                        "a folder holding images/ (images.tar.gz) and annotations/ (annotations.tar.gz)"),
                                options)));
        ENTRIES.put(
                "imagenet",
                new Entry(
                        DataKind.PHOTO_FILES,
                        "ImageNet-1K (ILSVRC2012), 1,281,167 / 50,000 photos, 1000 classes: "
                                + "--data DIR holding train/<wnid>/ and val/<wnid>/ (validation sorted into class folders)",
                        true,
                        (directory, options) -> ImageNet.read(
                                required(directory, "imagenet", "a folder holding train/<wnid>/ and val/<wnid>/"),
                                options)));
        ENTRIES.put(
                "imagefolder",
                new Entry(
                        DataKind.PHOTO_FILES,
                        "any photos as --data DIR/<class>/<image>: with DIR/train/ and "
                                + "DIR/val/ (or test/) trees, or one tree split by --test-fraction",
                        true,
                        (directory, options) -> ImageFolder.read(
                                required(
                                        directory,
                                        "imagefolder",
                                        "a folder of class folders, or train/ and val/ folders of them"),
                                "imagefolder",
                                options)));
    }

    private DatasetZoo() {}

    /** Every name with a one-line description of what it expects on disk, in display order. */
    public static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        ENTRIES.forEach((name, entry) -> names.put(name, entry.description()));
        return Collections.unmodifiableMap(names);
    }

    /**
     * How the data set {@code name} holds its images, known without reading it.
     *
     * @throws DatasetException when the name is unknown
     */
    public static DataKind kind(String name) {
        return entry(name).kind();
    }

    /**
     * Loads {@code name}'s training and test splits with the default {@link DatasetOptions}; {@code dataDirectory}
     * is the {@code --data} folder, or null for the data set's default.
     *
     * @throws DatasetException when the name is unknown or the files are missing or malformed
     */
    public static DatasetSplits<LabelledImages> load(String name, Path dataDirectory) {
        return load(name, dataDirectory, DatasetOptions.defaults());
    }

    /**
     * Loads {@code name}'s training and test splits: {@link ImageDataset}s for the in-memory sets, {@link ImageList}s
     * for the photo sets (read as {@code options} say; use {@link DatasetSplits#as} for the specific type).
     *
     * @throws DatasetException when the name is unknown or the files are missing or malformed
     */
    public static DatasetSplits<LabelledImages> load(String name, Path dataDirectory, DatasetOptions options) {
        Entry entry = entry(name);
        if (dataDirectory != null && !entry.takesDataDirectory()) {
            throw new DatasetException(name + " needs no --data (got " + dataDirectory + ")");
        }
        if (dataDirectory != null && !Files.isDirectory(dataDirectory)) {
            throw new DatasetException(dataDirectory + ": directory not found (--data for " + name + ")");
        }
        return entry.loader().apply(dataDirectory, options).general();
    }

    private static Entry entry(String name) {
        Entry entry = ENTRIES.get(name);
        if (entry == null) {
            throw new DatasetException(
                    "unknown data set '" + name + "'; known: " + String.join(", ", ENTRIES.keySet()));
        }
        return entry;
    }

    private static Path required(Path directory, String name, String what) {
        if (directory == null) {
            throw new DatasetException(name + " needs --data DIR: " + what);
        }
        return directory;
    }
}
