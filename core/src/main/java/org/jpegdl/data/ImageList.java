package org.jpegdl.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Image files on disk with their labels: the paths, one class index per path in [0, numClasses), and the class
 * names. Nothing is decoded until {@link Batches} asks; every image is batched as 3 channels (grey photos are
 * repeated, alpha dropped) at the size its {@link PhotoTransform} says. A list read with skip-bad on carries the
 * entries it left out ({@link #skipped()}), and {@link #skipBad()} tells the batches to leave out files that fail to
 * decode too. Immutable.
 */
public final class ImageList implements LabelledImages {

    private final String name;
    private final String source;
    private final List<Path> paths;
    private final int[] labels;
    private final List<String> classNames;
    private final boolean skipBad;
    private final List<SkippedImage> skipped;

    /**
     * A list over the given files.
     *
     * @param name short name, as in {@link DatasetZoo}
     * @param source where the list came from (the data directory)
     * @param paths the image files
     * @param labels one class index per file
     * @param classNames one name per class; their number is the number of classes
     * @param skipBad whether files that fail to decode are left out (and listed) rather than fatal
     * @param skipped entries already left out while reading
     * @throws IllegalArgumentException when the sizes disagree or a label is out of range
     */
    public ImageList(
            String name,
            String source,
            List<Path> paths,
            int[] labels,
            List<String> classNames,
            boolean skipBad,
            List<SkippedImage> skipped) {
        this.name = Objects.requireNonNull(name, "name");
        this.source = Objects.requireNonNull(source, "source");
        this.paths = List.copyOf(paths);
        this.labels = labels.clone();
        this.classNames = List.copyOf(classNames);
        this.skipBad = skipBad;
        this.skipped = List.copyOf(skipped);
        if (this.classNames.isEmpty()) {
            throw new IllegalArgumentException(name + ": no classes");
        }
        if (this.paths.size() != this.labels.length) {
            throw new IllegalArgumentException(
                    name + ": " + this.paths.size() + " files but " + this.labels.length + " labels");
        }
        for (int i = 0; i < this.labels.length; i++) {
            if (this.labels[i] < 0 || this.labels[i] >= this.classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + this.labels[i] + " of " + this.paths.get(i)
                        + " is outside 0.." + (this.classNames.size() - 1));
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int numClasses() {
        return classNames.size();
    }

    /** Always 3: every image is batched as RGB. */
    @Override
    public int channels() {
        return 3;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** The file of image {@code index}. */
    public Path path(int index) {
        return paths.get(index);
    }

    /** All files, index = image. */
    public List<Path> paths() {
        return paths;
    }

    /** Whether files that fail to decode are left out (and listed) rather than fatal. */
    public boolean skipBad() {
        return skipBad;
    }

    @Override
    public List<SkippedImage> skipped() {
        return skipped;
    }

    @Override
    public String describeShape() {
        return classNames.size() + " classes, 3×H×W photos";
    }

    /** The files at {@code indices}, in that order; the skipped entries stay with the subset. */
    @Override
    public ImageList subset(int[] indices) {
        List<Path> subsetPaths = new ArrayList<>(indices.length);
        int[] subsetLabels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = Objects.checkIndex(indices[i], labels.length);
            subsetPaths.add(paths.get(index));
            subsetLabels[i] = labels[index];
        }
        return new ImageList(name, source, subsetPaths, subsetLabels, classNames, skipBad, skipped);
    }

    /** One line for the user. */
    @Override
    public String toString() {
        return name + " (" + size() + " image files, " + describeShape() + ", from " + source
                + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped") + ")";
    }

    @Override
    public DataKind kind() {
        return DataKind.PHOTO_FILES;
    }

    /** ImageNet's statistics, as the reference code normalises every photo set. */
    @Override
    public float[][] normalization() {
        return new float[][] {PhotoTransform.IMAGENET_MEAN.clone(), PhotoTransform.IMAGENET_STD.clone()};
    }

    /** Decoding as {@code decoding} says, then random-resized crops ({@link PhotoTransform#training}) or centre. */
    @Override
    public Batches.Builder withTransform(Batches.Builder batches, boolean augment, int padTo, DatasetOptions decoding) {
        int size = decoding.imageSize();
        return batches.optPhotoTransform(augment ? PhotoTransform.training(size) : PhotoTransform.evaluation(size))
                .optDecoding(decoding);
    }
}
