package org.jpegdl.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Data sets by name. {@link #load} returns the training and test splits; {@link #names()} says, one line each,
 * what every name expects on disk. The default, {@value #DEFAULT}, is bundled in the jar and needs nothing.
 */
public final class DatasetZoo {

    /** The data set used when none is named: bundled, so it always works. */
    public static final String DEFAULT = "fashion-mnist-mini";
    /** Where Debian's {@code dataset-fashion-mnist} package puts Fashion-MNIST. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Classpath folder of the bundled Fashion-MNIST subset (see {@link MiniFashionMnist}). */
    public static final String MINI_RESOURCE_DIR = "/org/jpegdl/data/fashion-mnist-mini";
    /** Fashion-MNIST's class names, index = label. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Images of the {@code synthetic} entry: training and test counts and the seed. */
    public static final int SYNTHETIC_TRAIN = 5000;
    /** Test images of the {@code synthetic} entry. */
    public static final int SYNTHETIC_TEST = 1000;
    /** Seed of the {@code synthetic} entry. */
    public static final long SYNTHETIC_SEED = 0;

    private static final String IDX_FILES = Idx.TRAIN_IMAGES + ", " + Idx.TRAIN_LABELS + ", " + Idx.TEST_IMAGES
            + ", " + Idx.TEST_LABELS;

    private record Entry(String description, boolean takesDataDirectory, Function<Path, DatasetSplits> loader) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        ENTRIES.put(DEFAULT, new Entry("bundled: 4,000 train / 1,000 test Fashion-MNIST images (class-balanced), "
                + "28×28 grey, 10 classes; needs nothing on disk", false,
                directory -> Idx.readSplitsFromClasspath(MINI_RESOURCE_DIR, DEFAULT, 10, FASHION_MNIST_CLASSES)));
        ENTRIES.put("fashion-mnist", new Entry("Fashion-MNIST, 60,000 / 10,000, 28×28 grey, 10 classes: the IDX "
                + "files (" + IDX_FILES + ") in --data DIR, default " + FASHION_MNIST_DIR
                + " (Debian package dataset-fashion-mnist)", true,
                directory -> Idx.readSplits(directory == null ? FASHION_MNIST_DIR : directory, "fashion-mnist", 10,
                        FASHION_MNIST_CLASSES)));
        ENTRIES.put("mnist", new Entry("MNIST digits, 60,000 / 10,000, 28×28 grey, 10 classes: the IDX files ("
                + IDX_FILES + ") in --data DIR", true,
                directory -> Idx.readSplits(required(directory, "mnist", "a folder with the four MNIST IDX files ("
                        + IDX_FILES + ")"), "mnist", 10, List.of())));
        ENTRIES.put("cifar10", new Entry("CIFAR-10, 50,000 / 10,000, 32×32 RGB, 10 classes: --data DIR holding "
                + "cifar-10-batches-bin/ (data_batch_1..5.bin, test_batch.bin) or that folder itself", true,
                directory -> CifarBinary.readCifar10(required(directory, "cifar10",
                        "the folder extracted from cifar-10-binary.tar.gz (cifar-10-batches-bin) or its parent"))));
        ENTRIES.put("cifar100", new Entry("CIFAR-100 (fine labels), 50,000 / 10,000, 32×32 RGB, 100 classes: --data "
                + "DIR holding cifar-100-binary/ (train.bin, test.bin) or that folder itself", true,
                directory -> CifarBinary.readCifar100(required(directory, "cifar100",
                        "the folder extracted from cifar-100-binary.tar.gz (cifar-100-binary) or its parent"))));
        ENTRIES.put("synthetic", new Entry("generated: " + SYNTHETIC_TRAIN + " / " + SYNTHETIC_TEST
                + " images, 32×32 RGB, 10 classes (a square per class), seed " + SYNTHETIC_SEED
                + "; needs nothing on disk", false,
                directory -> Synthetic.builder().build().splits(SYNTHETIC_TRAIN, SYNTHETIC_TEST, SYNTHETIC_SEED)));
    }

    private DatasetZoo() {
    }

    /** Every name with a one-line description of what it expects on disk, in display order. */
    public static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        ENTRIES.forEach((name, entry) -> names.put(name, entry.description()));
        return Collections.unmodifiableMap(names);
    }

    /**
     * Loads {@code name}'s training and test splits; {@code dataDirectory} is the {@code --data} folder, or null for
     * the data set's default.
     *
     * @throws DatasetException when the name is unknown or the files are missing or malformed
     */
    public static DatasetSplits load(String name, Path dataDirectory) {
        Entry entry = ENTRIES.get(name);
        if (entry == null) {
            throw new DatasetException("unknown data set '" + name + "'; known: " + String.join(", ",
                    ENTRIES.keySet()));
        }
        if (dataDirectory != null && !entry.takesDataDirectory()) {
            throw new DatasetException(name + " needs no --data (got " + dataDirectory + ")");
        }
        if (dataDirectory != null && !Files.isDirectory(dataDirectory)) {
            throw new DatasetException(dataDirectory + ": directory not found (--data for " + name + ")");
        }
        return entry.loader().apply(dataDirectory);
    }

    private static Path required(Path directory, String name, String what) {
        if (directory == null) {
            throw new DatasetException(name + " needs --data DIR: " + what);
        }
        return directory;
    }
}
