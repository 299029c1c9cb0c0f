package org.jpegdl.data;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Turns an {@link ImageDataset} into DJL batches, epoch by epoch: the images are shuffled per epoch with a seed
 * derived from (seed, epoch), transformed by an {@link Augment} (random parts seeded per (seed, epoch, batch), so the
 * result does not depend on which thread prepares a batch), and handed out as float32 N×C×H×W arrays in [0,255]
 * with float32 class-index labels of shape (N), the form {@code SoftmaxCrossEntropyLoss} expects. Build with
 * {@link #builder()}, iterate one epoch with {@link #epoch(int)}.
 *
 * <pre>{@code
 * try (EpochIterator it = batches.epoch(epoch)) {
 *     while (it.hasNext()) {
 *         try (Batch batch = it.next(manager)) { // closing the batch closes its own sub-manager and arrays
 *             ...
 *         }
 *     }
 * }
 * }</pre>
 */
public final class Batches {

    private static final long SHUFFLE_STREAM = 0x5348_5546_464CL;
    private static final long AUGMENT_STREAM = 0x4155_474DL;

    private final ImageDataset dataset;
    private final int batchSize;
    private final Augment augment;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final boolean prefetch;

    private Batches(Builder builder) {
        this.dataset = Objects.requireNonNull(builder.dataset, "setDataset is required");
        if (builder.batchSize < 1) {
            throw new IllegalArgumentException("setBatchSize is required and must be positive: " + builder.batchSize);
        }
        this.batchSize = builder.batchSize;
        this.augment = builder.augment;
        this.shuffle = builder.shuffle;
        this.seed = builder.seed;
        this.dropLast = builder.dropLast;
        this.prefetch = builder.prefetch;
        // Fail now, not on the first batch, if the transform cannot take these images.
        augment.outputHeight(dataset.height());
        augment.outputWidth(dataset.width());
    }

    /** A builder; {@code setDataset} and {@code setBatchSize} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The images batched. */
    public ImageDataset dataset() {
        return dataset;
    }

    /** Images per batch (the last batch of an epoch may have fewer unless dropLast). */
    public int batchSize() {
        return batchSize;
    }

    /** The per-image transform. */
    public Augment augment() {
        return augment;
    }

    /** Whether a background thread prepares the next batch while the current one is used. */
    public boolean prefetch() {
        return prefetch;
    }

    /** Batches in every epoch. */
    public int batchesPerEpoch() {
        int full = dataset.size() / batchSize;
        return dropLast || dataset.size() % batchSize == 0 ? full : full + 1;
    }

    /** Images in every epoch (fewer than the data set with dropLast). */
    public int imagesPerEpoch() {
        return dropLast ? batchesPerEpoch() * batchSize : dataset.size();
    }

    /** Shape of one output image: channels, then the transform's height and width. */
    public int[] imageShape() {
        return new int[] {dataset.channels(), augment.outputHeight(dataset.height()),
                augment.outputWidth(dataset.width())};
    }

    /** Dataset indices in the order epoch {@code epoch} visits them (all of them, also with dropLast). */
    public int[] order(int epoch) {
        if (!shuffle) {
            int[] identity = new int[dataset.size()];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
            return identity;
        }
        return dataset.shuffledIndices(mix(seed ^ SHUFFLE_STREAM, epoch));
    }

    /** Iterates epoch {@code epoch}; close it to stop the prefetch thread early. */
    public EpochIterator epoch(int epoch) {
        return new EpochIterator(this, epoch, order(epoch));
    }

    /**
     * Measures how many images per second this pipeline prepares (shuffle, transform, float conversion, and the
     * hand-over when prefetching) without a model and without creating NDArrays, over at most {@code maxBatches}
     * batches of epoch {@code epoch}.
     */
    public Throughput measureThroughput(int epoch, int maxBatches) {
        long images = 0;
        int batches = 0;
        long start = System.nanoTime();
        try (EpochIterator iterator = epoch(epoch)) {
            while (batches < maxBatches && iterator.hasNext()) {
                images += iterator.nextPrepared().size();
                batches++;
            }
        }
        return new Throughput(images, batches, System.nanoTime() - start);
    }

    /** Images and time of a {@link #measureThroughput} run. */
    public record Throughput(long images, int batches, long nanos) {
        /** Images prepared per second. */
        public double imagesPerSecond() {
            return nanos == 0 ? 0 : images * 1e9 / nanos;
        }
    }

    /** Builds batch {@code batchIndex} of an epoch whose visiting order is {@code order}. */
    PreparedBatch prepare(int epoch, int batchIndex, int[] order) {
        int start = batchIndex * batchSize;
        int size = Math.min(batchSize, order.length - start);
        int channels = dataset.channels();
        int height = dataset.height();
        int width = dataset.width();
        int outHeight = augment.outputHeight(height);
        int outWidth = augment.outputWidth(width);
        int inBytes = dataset.imageBytes();
        int outValues = channels * outHeight * outWidth;
        float[] data = new float[size * outValues];
        float[] labels = new float[size];
        int[] indices = new int[size];
        SplittableRandom random = new SplittableRandom(mix(mix(seed ^ AUGMENT_STREAM, epoch), batchIndex));
        byte[] pixels = dataset.pixels();
        for (int i = 0; i < size; i++) {
            int index = order[start + i];
            indices[i] = index;
            labels[i] = dataset.label(index);
            augment.apply(pixels, index * inBytes, channels, height, width, augment.draw(random), data,
                    i * outValues);
        }
        return new PreparedBatch(data, labels, indices, channels, outHeight, outWidth, batchIndex,
                batchesPerEpoch());
    }

    /** Mixes two numbers into a well-spread seed (SplitMix64's finaliser). */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Settings of {@link Batches}. */
    public static final class Builder {
        private ImageDataset dataset;
        private int batchSize;
        private Augment augment = Augment.evaluation(0);
        private boolean shuffle = true;
        private long seed;
        private boolean dropLast;
        private boolean prefetch;

        private Builder() {
        }

        /** The images to batch (required). */
        public Builder setDataset(ImageDataset dataset) {
            this.dataset = dataset;
            return this;
        }

        /** Images per batch (required). */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Per-image transform; default none ({@code Augment.evaluation(0)}). */
        public Builder optAugment(Augment augment) {
            this.augment = Objects.requireNonNull(augment, "augment");
            return this;
        }

        /** Shuffle every epoch (default) or keep the data set's order. */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Seed of the shuffles and the augmentation; default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Leave out the last, smaller batch of every epoch; default false. */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Prepare the next batch's arrays on a background thread; default false. */
        public Builder optPrefetch(boolean prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /** The batcher. */
        public Batches build() {
            return new Batches(this);
        }
    }
}
