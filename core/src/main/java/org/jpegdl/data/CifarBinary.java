package org.jpegdl.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary versions of CIFAR-10 and CIFAR-100 ({@code cifar-10-binary.tar.gz}, {@code cifar-100-binary.tar.gz}):
 * fixed-size records of label byte(s) then 3,072 pixel bytes, the red plane, then green, then blue, each 32×32
 * row-major (already C×H×W). CIFAR-10 records have 1 label byte; CIFAR-100 records have a coarse then a fine label
 * byte, and the fine label (100 classes) is the one used. Class names come from {@code batches.meta.txt} /
 * {@code fine_label_names.txt} when present. Every failure is a {@link DatasetException} naming the file.
 */
public final class CifarBinary {

    /** Image side in pixels. */
    public static final int SIDE = 32;
    /** Pixel bytes per record: 3 × 32 × 32. */
    public static final int IMAGE_BYTES = 3 * SIDE * SIDE;

    /** The two binary layouts and where their files live. */
    public enum Variant {
        /** CIFAR-10: 1 label byte per record, 10 classes, five training batches and a test batch. */
        CIFAR10(
                "cifar10",
                "CIFAR-10",
                "cifar-10-batches-bin",
                1,
                10,
                0,
                List.of(
                        "data_batch_1.bin",
                        "data_batch_2.bin",
                        "data_batch_3.bin",
                        "data_batch_4.bin",
                        "data_batch_5.bin"),
                List.of("test_batch.bin"),
                "batches.meta.txt",
                "cifar-10-binary.tar.gz",
                List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")),
        /** CIFAR-100: coarse label byte (20 superclasses), fine label byte (100 classes, used), one train file. */
        CIFAR100(
                "cifar100",
                "CIFAR-100",
                "cifar-100-binary",
                2,
                100,
                20,
                List.of("train.bin"),
                List.of("test.bin"),
                "fine_label_names.txt",
                "cifar-100-binary.tar.gz",
                List.of());

        private final String datasetName;
        private final String title;
        private final String folder;
        private final int labelBytes;
        private final int numClasses;
        private final int numCoarseClasses;
        private final List<String> trainFiles;
        private final List<String> testFiles;
        private final String classNamesFile;
        private final String archive;
        private final List<String> defaultClassNames;

        Variant(
                String datasetName,
                String title,
                String folder,
                int labelBytes,
                int numClasses,
                int numCoarseClasses,
                List<String> trainFiles,
                List<String> testFiles,
                String classNamesFile,
                String archive,
                List<String> defaultClassNames) {
            this.datasetName = datasetName;
            this.title = title;
            this.folder = folder;
            this.labelBytes = labelBytes;
            this.numClasses = numClasses;
            this.numCoarseClasses = numCoarseClasses;
            this.trainFiles = trainFiles;
            this.testFiles = testFiles;
            this.classNamesFile = classNamesFile;
            this.archive = archive;
            this.defaultClassNames = defaultClassNames;
        }

        /** Bytes per record: label byte(s) + 3,072 pixel bytes. */
        public int recordBytes() {
            return labelBytes + IMAGE_BYTES;
        }

        /** Number of classes of the label that is used. */
        public int numClasses() {
            return numClasses;
        }

        /** Folder the archive extracts to ("cifar-10-batches-bin"). */
        public String folder() {
            return folder;
        }

        /** Training files inside {@link #folder()}. */
        public List<String> trainFiles() {
            return trainFiles;
        }

        /** Test files inside {@link #folder()}. */
        public List<String> testFiles() {
            return testFiles;
        }

        /** Text file with one class name a line, inside {@link #folder()}; optional. */
        public String classNamesFile() {
            return classNamesFile;
        }

        /** Name of the archive that holds the files. */
        public String archive() {
            return archive;
        }
    }

    private CifarBinary() {}

    /** Reads CIFAR-10 from {@code directory}: the extracted {@code cifar-10-batches-bin} folder or its parent. */
    public static DatasetSplits<ImageDataset> readCifar10(Path directory) {
        return readSplits(Variant.CIFAR10, directory);
    }

    /** Reads CIFAR-100 (fine labels) from {@code directory}: the extracted {@code cifar-100-binary} or its parent. */
    public static DatasetSplits<ImageDataset> readCifar100(Path directory) {
        return readSplits(Variant.CIFAR100, directory);
    }

    /** Reads the training and test files of {@code variant} from its folder or the folder's parent. */
    public static DatasetSplits<ImageDataset> readSplits(Variant variant, Path directory) {
        Path folder = locateFolder(variant, directory);
        List<String> missing = new ArrayList<>();
        for (String file : concat(variant.trainFiles, variant.testFiles)) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                missing.add(file);
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetException(folder + ": missing " + String.join(", ", missing) + " (expected "
                    + String.join(", ", concat(variant.trainFiles, variant.testFiles)) + " from "
                    + variant.archive + ")");
        }
        List<String> classNames = readClassNames(variant, folder);
        ImageDataset train = readFiles(variant, resolveAll(folder, variant.trainFiles), classNames);
        ImageDataset test = readFiles(variant, resolveAll(folder, variant.testFiles), classNames);
        return new DatasetSplits<>(train, test);
    }

    /** Reads and concatenates the records of {@code files}, in order. */
    public static ImageDataset readFiles(Variant variant, List<Path> files, List<String> classNames) {
        int record = variant.recordBytes();
        long totalRecords = 0;
        for (Path file : files) {
            totalRecords += checkedRecordCount(variant, file);
        }
        if (totalRecords * IMAGE_BYTES > Integer.MAX_VALUE - 8) {
            throw new DatasetException(files + ": " + totalRecords + " records are too many to hold in memory");
        }
        byte[] pixels = new byte[(int) totalRecords * IMAGE_BYTES];
        int[] labels = new int[(int) totalRecords];
        byte[] buffer = new byte[record];
        int index = 0;
        for (Path file : files) {
            long records = checkedRecordCount(variant, file);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                for (long r = 0; r < records; r++, index++) {
                    if (in.readNBytes(buffer, 0, record) != record) {
                        throw DatasetException.inFile(
                                file, "truncated while reading record " + r + " (the file changed while it was read?)");
                    }
                    labels[index] = checkedLabel(variant, buffer, file, r);
                    System.arraycopy(buffer, variant.labelBytes, pixels, index * IMAGE_BYTES, IMAGE_BYTES);
                }
            } catch (IOException e) {
                throw new DatasetException(file + ": cannot read: " + e.getMessage(), e);
            }
        }
        String source = files.size() == 1
                ? files.get(0).toString()
                : files.get(0).getParent() + "/{"
                        + String.join(
                                ",",
                                files.stream()
                                        .map(f -> f.getFileName().toString())
                                        .toList()) + "}";
        return new ImageDataset(
                variant.datasetName, source, pixels, labels, variant.numClasses, 3, SIDE, SIDE, classNames);
    }

    /**
     * Class names from the variant's names file in {@code folder}, or the built-in names (CIFAR-10) or numbers
     * (CIFAR-100) when the file is absent.
     */
    public static List<String> readClassNames(Variant variant, Path folder) {
        Path file = folder.resolve(variant.classNamesFile);
        if (!Files.isRegularFile(file)) {
            return variant.defaultClassNames;
        }
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (names.size() != variant.numClasses) {
            throw DatasetException.inFile(
                    file, "holds " + names.size() + " class names, expected " + variant.numClasses + " (one a line)");
        }
        return names;
    }

    private static Path locateFolder(Variant variant, Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new DatasetException(directory + ": directory not found (expected the " + variant.title
                    + " binary files, extracted from " + variant.archive + ")");
        }
        Path inside = directory.resolve(variant.folder);
        if (Files.isDirectory(inside)) {
            return inside;
        }
        for (String file : concat(variant.trainFiles, variant.testFiles)) {
            if (Files.isRegularFile(directory.resolve(file))) {
                return directory;
            }
        }
        throw new DatasetException(directory + ": holds neither " + variant.folder + "/ nor the " + variant.title
                + " binary files (" + String.join(", ", concat(variant.trainFiles, variant.testFiles))
                + "); extract " + variant.archive + " there");
    }

    private static long checkedRecordCount(Variant variant, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw DatasetException.missing(file, variant.title + " binary records");
            }
            throw new DatasetException(file + ": cannot read: " + e.getMessage(), e);
        }
        int record = variant.recordBytes();
        if (size == 0) {
            throw DatasetException.inFile(
                    file, "is empty (expected " + variant.title + " records of " + record + " bytes)");
        }
        if (size % record != 0) {
            String hint = variant == Variant.CIFAR10 && size % Variant.CIFAR100.recordBytes() == 0
                    ? "; its size fits CIFAR-100's " + Variant.CIFAR100.recordBytes() + "-byte records"
                    : variant == Variant.CIFAR100 && size % Variant.CIFAR10.recordBytes() == 0
                            ? "; its size fits CIFAR-10's " + Variant.CIFAR10.recordBytes() + "-byte records"
                            : "";
            throw DatasetException.inFile(
                    file,
                    "size " + size + " bytes is not a multiple of the " + record
                            + "-byte " + variant.title + " record (" + variant.labelBytes + " label byte"
                            + (variant.labelBytes > 1 ? "s" : "") + " + " + IMAGE_BYTES
                            + " pixel bytes): truncated or not a " + variant.title + " binary file" + hint);
        }
        return size / record;
    }

    private static int checkedLabel(Variant variant, byte[] record, Path file, long recordIndex) {
        if (variant.numCoarseClasses > 0) {
            int coarse = record[0] & 0xFF;
            if (coarse >= variant.numCoarseClasses) {
                throw DatasetException.inFile(
                        file,
                        "record " + recordIndex + ": coarse label " + coarse + " is out of range 0.."
                                + (variant.numCoarseClasses - 1));
            }
        }
        int label = record[variant.labelBytes - 1] & 0xFF;
        if (label >= variant.numClasses) {
            throw DatasetException.inFile(
                    file,
                    "record " + recordIndex + ": label " + label
                            + " is out of range 0.." + (variant.numClasses - 1) + " (" + variant.title + " has "
                            + variant.numClasses + " classes)");
        }
        return label;
    }

    private static List<Path> resolveAll(Path folder, List<String> names) {
        return names.stream().map(folder::resolve).toList();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
