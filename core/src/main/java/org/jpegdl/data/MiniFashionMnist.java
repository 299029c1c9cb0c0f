package org.jpegdl.data;

import java.nio.file.Path;

/**
 * Generates the bundled {@value DatasetZoo#DEFAULT} set: a class-balanced, seeded subset of the real Fashion-MNIST
 * ({@value #TRAIN_PER_CLASS} training and {@value #TEST_PER_CLASS} test images per class), written as the four
 * standard IDX gz files. Regenerate with
 * <pre>
 * mvn -q -B compile &amp;&amp; java -cp target/classes org.jpegdl.data.MiniFashionMnist \
 *     /usr/share/datasets/fashion-mnist src/main/resources/org/jpegdl/data/fashion-mnist-mini
 * </pre>
 */
public final class MiniFashionMnist {

    /** Training images taken per class. */
    public static final int TRAIN_PER_CLASS = 400;
    /** Test images taken per class. */
    public static final int TEST_PER_CLASS = 100;
    /** Seed of the selection. */
    public static final long SEED = 2024;

    private MiniFashionMnist() {}

    /** The subset of {@code full}: per class, a seeded sample in the full set's order. */
    public static DatasetSplits<ImageDataset> select(DatasetSplits<ImageDataset> full) {
        ImageDataset train = full.train().subset(full.train().balancedIndices(TRAIN_PER_CLASS, SEED));
        ImageDataset test = full.test().subset(full.test().balancedIndices(TEST_PER_CLASS, SEED + 1));
        return new DatasetSplits<>(train, test);
    }

    /** Reads Fashion-MNIST from {@code sourceDirectory}, writes the subset as IDX gz to {@code outputDirectory}. */
    public static DatasetSplits<ImageDataset> generate(Path sourceDirectory, Path outputDirectory) {
        DatasetSplits<ImageDataset> full =
                Idx.readSplits(sourceDirectory, "fashion-mnist", 10, DatasetZoo.FASHION_MNIST_CLASSES);
        DatasetSplits<ImageDataset> mini = select(full);
        Idx.writeSplits(outputDirectory, mini);
        return mini;
    }

    /** Arguments: [source directory, default {@code /usr/share/datasets/fashion-mnist}] [output directory]. */
    public static void main(String[] args) {
        Path source = args.length > 0 ? Path.of(args[0]) : DatasetZoo.FASHION_MNIST_DIR;
        Path output =
                args.length > 1 ? Path.of(args[1]) : Path.of("src/main/resources/org/jpegdl/data/fashion-mnist-mini");
        try {
            DatasetSplits<ImageDataset> mini = generate(source, output);
            System.out.println("wrote " + mini + " to " + output);
        } catch (DatasetException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
