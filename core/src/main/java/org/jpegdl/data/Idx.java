package org.jpegdl.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The IDX file format of MNIST and Fashion-MNIST, gzipped or plain: a big-endian magic number (0x00000803 for
 * unsigned-byte images with 3 dimensions, 0x00000801 for unsigned-byte labels with 1), one big-endian int per
 * dimension, then the bytes. Reads a directory holding the four standard files, or the same files as classpath
 * resources; writes them too (tests, the bundled mini set). Every failure is a {@link DatasetException} naming the
 * file.
 */
public final class Idx {

    /** Magic number of an image file: unsigned bytes, 3 dimensions (count, rows, columns). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of a label file: unsigned bytes, 1 dimension (count). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Standard name of the training images. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    /** Standard name of the training labels. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    /** Standard name of the test images. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    /** Standard name of the test labels. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    private static final int GZIP_MAGIC = 0x1f8b;

    private Idx() {}

    /** Images read from an IDX file: {@code count} images of {@code rows}×{@code columns}, row-major. */
    public record Images(int count, int rows, int columns, byte[] pixels) {}

    /**
     * Reads the four standard files from {@code directory}; each may also be present without its ".gz" suffix
     * (uncompressed).
     */
    public static DatasetSplits<ImageDataset> readSplits(
            Path directory, String name, int numClasses, List<String> classNames) {
        if (!Files.isDirectory(directory)) {
            throw new DatasetException(directory + ": directory not found (expected the IDX files " + TRAIN_IMAGES
                    + ", " + TRAIN_LABELS + ", " + TEST_IMAGES + ", " + TEST_LABELS + ")");
        }
        ImageDataset train =
                read(locate(directory, TRAIN_IMAGES), locate(directory, TRAIN_LABELS), name, numClasses, classNames);
        // the test files must be there, but are read only when the test split is first asked for
        Path testImages = locate(directory, TEST_IMAGES);
        Path testLabels = locate(directory, TEST_LABELS);
        return DatasetSplits.lazy(train, () -> read(testImages, testLabels, name, numClasses, classNames));
    }

    /**
     * Reads the four standard files as classpath resources under {@code resourceDirectory} (e.g.
     * "/org/jpegdl/data/fashion-mnist-mini"); works from a packaged jar.
     */
    public static DatasetSplits<ImageDataset> readSplitsFromClasspath(
            String resourceDirectory, String name, int numClasses, List<String> classNames) {
        ImageDataset train =
                readFromClasspath(resourceDirectory, TRAIN_IMAGES, TRAIN_LABELS, name, numClasses, classNames);
        ImageDataset test =
                readFromClasspath(resourceDirectory, TEST_IMAGES, TEST_LABELS, name, numClasses, classNames);
        return new DatasetSplits<>(train, test);
    }

    /** Reads one image file and its label file into a one-channel data set. */
    public static ImageDataset read(
            Path imagesFile, Path labelsFile, String name, int numClasses, List<String> classNames) {
        Images images;
        try (InputStream in = open(imagesFile, "IDX images")) {
            images = readImages(in, imagesFile.toString());
        } catch (IOException e) {
            throw new DatasetException(imagesFile + ": cannot read: " + e.getMessage(), e);
        }
        int[] labels;
        try (InputStream in = open(labelsFile, "IDX labels")) {
            labels = readLabels(in, labelsFile.toString());
        } catch (IOException e) {
            throw new DatasetException(labelsFile + ": cannot read: " + e.getMessage(), e);
        }
        return combine(
                images,
                imagesFile.toString(),
                labels,
                labelsFile.toString(),
                name,
                imagesFile.getParent() == null
                        ? imagesFile.toString()
                        : imagesFile.getParent().toString(),
                numClasses,
                classNames);
    }

    /**
     * Reads an IDX image file from {@code in} (gzipped or plain, detected from the first bytes); {@code source} names
     * the file in error messages. Does not close {@code in}.
     */
    public static Images readImages(InputStream in, String source) {
        try {
            InputStream data = decompressIfGzipped(in);
            int magic = readHeaderInt(data, source, "magic number");
            checkMagic(magic, IMAGES_MAGIC, source, "images");
            int count = readHeaderInt(data, source, "image count");
            int rows = readHeaderInt(data, source, "row count");
            int columns = readHeaderInt(data, source, "column count");
            if (count <= 0 || rows <= 0 || columns <= 0) {
                throw DatasetException.inFile(
                        source,
                        "header declares " + count + " images of " + rows + "×" + columns
                                + "; all three must be positive");
            }
            long bytes = (long) count * rows * columns;
            if (bytes > Integer.MAX_VALUE - 8) {
                throw DatasetException.inFile(
                        source,
                        "header declares " + count + " images of " + rows + "×" + columns + " (" + bytes
                                + " bytes), too many to hold in memory");
            }
            byte[] pixels = readBody(data, (int) bytes, source, count + " images of " + rows + "×" + columns);
            return new Images(count, rows, columns, pixels);
        } catch (IOException e) {
            throw readFailure(source, e);
        }
    }

    /** The error for a failed read of {@code source}: not gzip, cut short, or unreadable. */
    private static DatasetException readFailure(String source, IOException e) {
        if (e instanceof ZipException) {
            return DatasetException.inFile(source, "not a valid gzip file (" + e.getMessage() + ")");
        }
        if (e instanceof EOFException) {
            return DatasetException.inFile(source, "truncated: the gzip data ends early");
        }
        return new DatasetException(source + ": cannot read: " + e.getMessage(), e);
    }

    /**
     * Reads an IDX label file from {@code in} (gzipped or plain) as values 0..255; {@code source} names the file in
     * error messages. Does not close {@code in}.
     */
    public static int[] readLabels(InputStream in, String source) {
        try {
            InputStream data = decompressIfGzipped(in);
            int magic = readHeaderInt(data, source, "magic number");
            checkMagic(magic, LABELS_MAGIC, source, "labels");
            int count = readHeaderInt(data, source, "label count");
            if (count <= 0) {
                throw DatasetException.inFile(source, "header declares " + count + " labels; must be positive");
            }
            byte[] bytes = readBody(data, count, source, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        } catch (IOException e) {
            throw readFailure(source, e);
        }
    }

    /** Writes the four standard files of {@code splits} (one-channel images) into {@code directory}, gzipped. */
    public static void writeSplits(Path directory, DatasetSplits<ImageDataset> splits) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new DatasetException(directory + ": cannot create directory: " + e.getMessage(), e);
        }
        writeImages(directory.resolve(TRAIN_IMAGES), splits.train());
        writeLabels(directory.resolve(TRAIN_LABELS), splits.train().labels());
        writeImages(directory.resolve(TEST_IMAGES), splits.test());
        writeLabels(directory.resolve(TEST_LABELS), splits.test().labels());
    }

    /** Writes the images of a one-channel data set; gzipped (reproducibly, best compression) if the name ends ".gz". */
    public static void writeImages(Path file, ImageDataset dataset) {
        if (dataset.channels() != 1) {
            throw new IllegalArgumentException(
                    "IDX holds one-channel images; " + dataset.name() + " has " + dataset.channels());
        }
        writeImages(file, dataset.pixels(), dataset.size(), dataset.height(), dataset.width());
    }

    /** Writes {@code count} images of {@code rows}×{@code columns}; gzipped if the file name ends ".gz". */
    public static void writeImages(Path file, byte[] pixels, int count, int rows, int columns) {
        if (pixels.length != (long) count * rows * columns) {
            throw new IllegalArgumentException(
                    pixels.length + " bytes are not " + count + " images of " + rows + "×" + columns);
        }
        try (DataOutputStream out = create(file)) {
            out.writeInt(IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(columns);
            out.write(pixels);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Writes labels (each 0..255); gzipped if the file name ends ".gz". */
    public static void writeLabels(Path file, int[] labels) {
        try (DataOutputStream out = create(file)) {
            out.writeInt(LABELS_MAGIC);
            out.writeInt(labels.length);
            for (int label : labels) {
                if (label < 0 || label > 255) {
                    throw new IllegalArgumentException("label " + label + " does not fit in an unsigned byte");
                }
                out.writeByte(label);
            }
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static ImageDataset readFromClasspath(
            String resourceDirectory,
            String imagesName,
            String labelsName,
            String name,
            int numClasses,
            List<String> classNames) {
        String imagesResource = resourceDirectory + "/" + imagesName;
        String labelsResource = resourceDirectory + "/" + labelsName;
        Images images;
        try (InputStream in = openResource(imagesResource)) {
            images = readImages(in, "classpath:" + imagesResource);
        } catch (IOException e) {
            throw new DatasetException("classpath:" + imagesResource + ": cannot read: " + e.getMessage(), e);
        }
        int[] labels;
        try (InputStream in = openResource(labelsResource)) {
            labels = readLabels(in, "classpath:" + labelsResource);
        } catch (IOException e) {
            throw new DatasetException("classpath:" + labelsResource + ": cannot read: " + e.getMessage(), e);
        }
        return combine(
                images,
                "classpath:" + imagesResource,
                labels,
                "classpath:" + labelsResource,
                name,
                "classpath:" + resourceDirectory,
                numClasses,
                classNames);
    }

    private static InputStream openResource(String resource) {
        InputStream in = Idx.class.getResourceAsStream(resource);
        if (in == null) {
            throw new DatasetException(
                    "classpath:" + resource + ": resource not found (was the jar built without the bundled data?)");
        }
        return in;
    }

    private static ImageDataset combine(
            Images images,
            String imagesSource,
            int[] labels,
            String labelsSource,
            String name,
            String source,
            int numClasses,
            List<String> classNames) {
        if (images.count() != labels.length) {
            throw new DatasetException(imagesSource + " holds " + images.count() + " images but " + labelsSource
                    + " holds " + labels.length + " labels; the counts must match (mixed-up files?)");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= numClasses) {
                throw DatasetException.inFile(
                        labelsSource,
                        "label " + labels[i] + " of item " + i
                                + " is out of range: " + name + " has " + numClasses + " classes (0.."
                                + (numClasses - 1)
                                + ")");
            }
        }
        return new ImageDataset(
                name, source, images.pixels(), labels, numClasses, 1, images.rows(), images.columns(), classNames);
    }

    /** The standard file, or the same name without ".gz" if only that exists. */
    private static Path locate(Path directory, String standardName) {
        Path gzipped = directory.resolve(standardName);
        if (Files.isRegularFile(gzipped)) {
            return gzipped;
        }
        Path plain = directory.resolve(standardName.substring(0, standardName.length() - ".gz".length()));
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new DatasetException(gzipped + ": file not found (nor " + plain.getFileName()
                + "); expected the four IDX files " + TRAIN_IMAGES + ", " + TRAIN_LABELS + ", " + TEST_IMAGES
                + ", " + TEST_LABELS + " in " + directory);
    }

    private static InputStream open(Path file, String whatItHolds) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw DatasetException.missing(file, whatItHolds);
        }
    }

    private static InputStream decompressIfGzipped(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first >= 0 && second >= 0 && ((first << 8) | second) == GZIP_MAGIC) {
            return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
        }
        return buffered;
    }

    private static int readHeaderInt(InputStream in, String source, String field) throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b;
            try {
                b = in.read();
            } catch (EOFException e) {
                b = -1;
            }
            if (b < 0) {
                throw DatasetException.inFile(
                        source, "truncated: file ends inside the header (while reading the " + field + ")");
            }
            value = (value << 8) | b;
        }
        return value;
    }

    private static void checkMagic(int magic, int expected, String source, String kind) {
        if (magic == expected) {
            return;
        }
        String hint = "";
        if (magic == LABELS_MAGIC) {
            hint = "; this looks like a label file";
        } else if (magic == IMAGES_MAGIC) {
            hint = "; this looks like an image file";
        }
        throw DatasetException.inFile(
                source,
                String.format("bad magic number 0x%08X, expected 0x%08X (IDX %s)%s", magic, expected, kind, hint));
    }

    /** Bytes read at a time from an IDX body. */
    private static final int READ_PIECE = 8192;

    private static byte[] readBody(InputStream in, int length, String source, String declared) throws IOException {
        byte[] body = new byte[length];
        int read = 0;
        try {
            // in pieces: a gzip stream cut short throws from inside a read, and what that read had already
            // inflated would not be counted
            while (read < length) {
                int n = in.read(body, read, Math.min(READ_PIECE, length - read));
                if (n < 0) {
                    break;
                }
                read += n;
            }
        } catch (EOFException e) {
            throw DatasetException.inFile(
                    source,
                    "truncated: the compressed data ends after " + read + " of the " + length
                            + " bytes the header declares (" + declared + ")");
        }
        if (read < length) {
            throw DatasetException.inFile(
                    source,
                    "truncated: the header declares " + declared + " (" + length + " bytes) but the file holds only "
                            + read + " of them");
        }
        if (in.read() >= 0) {
            throw DatasetException.inFile(source, "has bytes after the " + declared + " its header declares");
        }
        return body;
    }

    private static DataOutputStream create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream out = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            out = new ReproducibleGzipOutputStream(out);
        }
        return new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
    }

    /** Gzip with best compression; Java writes a zero modification time, so equal input gives equal bytes. */
    private static final class ReproducibleGzipOutputStream extends GZIPOutputStream {
        ReproducibleGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
