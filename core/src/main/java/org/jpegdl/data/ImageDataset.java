package org.jpegdl.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Images and labels in memory: {@code pixels} holds N images as N×C×H×W unsigned bytes (channel planes, rows
 * top to bottom), {@code labels} holds N class indices in [0, numClasses). The arrays are shared, not copied: treat
 * them as read-only. Shuffled and class-balanced indices come from {@link LabelledImages}.
 */
public final class ImageDataset implements LabelledImages {

    private final String name;
    private final String source;
    private final byte[] pixels;
    private final int[] labels;
    private final int numClasses;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;

    /**
     * A data set over the given arrays (not copied).
     *
     * @param name short name, as in {@link DatasetZoo} ("fashion-mnist")
     * @param source where the images came from (a directory, a resource, "generated with seed 7")
     * @param classNames one name per class; an empty list names the classes "0", "1", ...
     * @throws IllegalArgumentException when the sizes disagree or a label is out of range
     */
    public ImageDataset(
            String name,
            String source,
            byte[] pixels,
            int[] labels,
            int numClasses,
            int channels,
            int height,
            int width,
            List<String> classNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.labels = Objects.requireNonNull(labels, "labels");
        if (numClasses < 1 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("classes, channels, height and width must be positive: " + numClasses
                    + ", " + channels + ", " + height + ", " + width);
        }
        this.numClasses = numClasses;
        this.channels = channels;
        this.height = height;
        this.width = width;
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels need " + expected
                    + " pixel bytes for " + channels + "×" + height + "×" + width + " images, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(
                        name + ": label " + labels[i] + " of image " + i + " is outside 0.." + (numClasses - 1));
            }
        }
        List<String> names = classNames == null ? List.of() : List.copyOf(classNames);
        if (names.isEmpty()) {
            List<String> numbers = new ArrayList<>(numClasses);
            for (int k = 0; k < numClasses; k++) {
                numbers.add(Integer.toString(k));
            }
            names = List.copyOf(numbers);
        } else if (names.size() != numClasses) {
            throw new IllegalArgumentException(
                    name + ": " + names.size() + " class names for " + numClasses + " classes");
        }
        this.classNames = names;
    }

    /** Short name, as in {@link DatasetZoo}. */
    @Override
    public String name() {
        return name;
    }

    /** Where the images came from. */
    @Override
    public String source() {
        return source;
    }

    /** All images, N×C×H×W unsigned bytes; the backing array, not a copy. */
    public byte[] pixels() {
        return pixels;
    }

    /** All labels; the backing array, not a copy. */
    public int[] labels() {
        return labels;
    }

    /** Number of images. */
    @Override
    public int size() {
        return labels.length;
    }

    /** Number of classes. */
    @Override
    public int numClasses() {
        return numClasses;
    }

    /** Channels per image: 1 (grey) or 3 (RGB). */
    @Override
    public int channels() {
        return channels;
    }

    /** Image height in pixels. */
    public int height() {
        return height;
    }

    /** Image width in pixels. */
    public int width() {
        return width;
    }

    /** Bytes per image: channels × height × width. */
    public int imageBytes() {
        return channels * height * width;
    }

    /** One name per class, index = label. */
    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** Label of image {@code index}. */
    @Override
    public int label(int index) {
        return labels[index];
    }

    /** A copy of image {@code index}, C×H×W unsigned bytes. */
    public byte[] image(int index) {
        int n = imageBytes();
        return Arrays.copyOfRange(pixels, index * n, (index + 1) * n);
    }

    /** How many images each class has, index = label. */
    @Override
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The images at {@code indices}, in that order (repeats allowed), as a new data set with copied arrays. */
    @Override
    public ImageDataset subset(int[] indices) {
        int n = imageBytes();
        byte[] subsetPixels = new byte[indices.length * n];
        int[] subsetLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = Objects.checkIndex(indices[i], labels.length);
            System.arraycopy(pixels, index * n, subsetPixels, i * n, n);
            subsetLabels[i] = labels[index];
        }
        return new ImageDataset(
                name, source, subsetPixels, subsetLabels, numClasses, channels, height, width, classNames);
    }

    /** {@code numClasses} classes, C×H×W: the shape in words, for messages. */
    @Override
    public String describeShape() {
        return numClasses + " classes, " + channels + "×" + height + "×" + width;
    }

    /** One line for the user. */
    @Override
    public String toString() {
        return name + " (" + size() + " images, " + describeShape() + ", from " + source + ")";
    }

    @Override
    public DataKind kind() {
        return DataKind.IN_MEMORY;
    }

    /** The per-channel mean and standard deviation of these images' pixels in [0,1]. */
    @Override
    public float[][] normalization() {
        int c = channels;
        int plane = height * width;
        double[] sum = new double[c];
        double[] sumSquares = new double[c];
        for (int i = 0; i < size(); i++) {
            int base = i * c * plane;
            for (int ch = 0; ch < c; ch++) {
                int offset = base + ch * plane;
                for (int p = 0; p < plane; p++) {
                    double v = (pixels[offset + p] & 0xFF) / 255.0;
                    sum[ch] += v;
                    sumSquares[ch] += v * v;
                }
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        double n = (double) size() * plane;
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / n;
            mean[ch] = (float) m;
            std[ch] = (float) Math.sqrt(Math.max(sumSquares[ch] / n - m * m, 1e-12));
        }
        return new float[][] {mean, std};
    }

    /** The CIFAR augmentation ({@link Augment#cifarTraining}) or only the pad, after the centre pad to padTo. */
    @Override
    public Batches.Builder withTransform(Batches.Builder batches, boolean augment, int padTo, DatasetOptions decoding) {
        return batches.optAugment(augment ? Augment.cifarTraining(padTo) : Augment.evaluation(padTo));
    }
}
