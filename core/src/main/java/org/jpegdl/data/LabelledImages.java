package org.jpegdl.data;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A source of labelled samples that {@link Batches} draws from: either images already in memory
 * ({@link ImageDataset}) or image files on disk decoded on the fly ({@link ImageList}). Labels are class indices in
 * [0, numClasses); the order of the samples is the data set's own (the split file's, or sorted paths).
 */
public interface LabelledImages {

    /** Short name, as in {@link DatasetZoo} ("cub200"). */
    String name();

    /** Where the images came from (a directory, a resource, "generated with seed 7"). */
    String source();

    /** Number of images. */
    int size();

    /** Number of classes. */
    int numClasses();

    /** Channels per image as batched: 1 (grey) or 3 (RGB). */
    int channels();

    /** One name per class, index = label. */
    List<String> classNames();

    /** Label of image {@code index}. */
    int label(int index);

    /** The classes and the image shape in words, for messages ("200 classes, 3×H×W photos"). */
    String describeShape();

    /** How this data set holds its images: in memory or as files decoded while training. */
    DataKind kind();

    /**
     * Per-channel mean and standard deviation in [0,1], {mean[], std[]}, that a network normalises this data set's
     * images with when it is the training split (as {@link DataKind#normalization()} says).
     */
    float[][] normalization();

    /**
     * Training batches: shuffled per epoch from {@code seed}, augmented as this kind of data is when {@code augment}
     * (see {@link DataKind#augmentation}), prefetched.
     *
     * @param batchSize images per batch
     * @param seed seed of the order and the augmentation
     * @param augment whether to augment
     * @param padTo in-memory images: centre-pad smaller images to this size (0: none)
     * @param decoding photo files: size, decoding threads, cache and skip-bad
     */
    default Batches trainingBatches(int batchSize, long seed, boolean augment, int padTo, DatasetOptions decoding) {
        return withTransform(
                        Batches.builder()
                                .setSource(this)
                                .setBatchSize(batchSize)
                                .optShuffle(true)
                                .optSeed(seed)
                                .optPrefetch(true),
                        augment,
                        padTo,
                        decoding)
                .build();
    }

    /** Batches in the data set's order without augmentation (in memory: only the centre pad to {@code padTo}). */
    default Batches evaluationBatches(int batchSize, int padTo, DatasetOptions decoding) {
        return withTransform(
                        Batches.builder()
                                .setSource(this)
                                .setBatchSize(batchSize)
                                .optShuffle(false)
                                .optPrefetch(true),
                        false,
                        padTo,
                        decoding)
                .build();
    }

    /**
     * Gives {@code batches} this kind's per-image transform: random when {@code augment}, else the deterministic
     * one (see {@link #trainingBatches} for the arguments).
     */
    Batches.Builder withTransform(Batches.Builder batches, boolean augment, int padTo, DatasetOptions decoding);

    /** The images at {@code indices}, in that order (repeats allowed), as a new source of the same kind. */
    LabelledImages subset(int[] indices);

    /**
     * Images that were left out because they were unusable (missing, unreadable, label out of range), when the data
     * set was read with skip-bad on; empty otherwise.
     */
    default List<SkippedImage> skipped() {
        return List.of();
    }

    /** How many images each class has, index = label. */
    default int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        return counts;
    }

    /** A seeded permutation of 0..size−1 (Fisher–Yates with {@link Random}, so the same on every JVM). */
    default int[] shuffledIndices(long seed) {
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle(order, order.length, new Random(seed));
        return order;
    }

    /**
     * Indices of a class-balanced seeded sample: {@code perClass} images of every class, drawn without replacement,
     * returned in ascending order (so the sample keeps the data set's own order).
     *
     * @throws IllegalArgumentException when a class has fewer than {@code perClass} images
     */
    default int[] balancedIndices(int perClass, long seed) {
        int numClasses = numClasses();
        int[] counts = classCounts();
        int[][] byClass = new int[numClasses][];
        for (int k = 0; k < numClasses; k++) {
            if (counts[k] < perClass) {
                throw new IllegalArgumentException(
                        name() + ": class " + k + " (" + classNames().get(k) + ") has " + counts[k]
                                + " images, fewer than the " + perClass + " asked for");
            }
            byClass[k] = new int[counts[k]];
        }
        int[] filled = new int[numClasses];
        for (int i = 0; i < size(); i++) {
            int label = label(i);
            byClass[label][filled[label]++] = i;
        }
        Random random = new Random(seed);
        int[] chosen = new int[perClass * numClasses];
        for (int k = 0; k < numClasses; k++) {
            shuffle(byClass[k], perClass, random);
            System.arraycopy(byClass[k], 0, chosen, k * perClass, perClass);
        }
        Arrays.sort(chosen);
        return chosen;
    }

    /** Partial Fisher–Yates: afterwards values[0..count) is a uniform random sample of values, in random order. */
    private static void shuffle(int[] values, int count, Random random) {
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(values.length - i);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
