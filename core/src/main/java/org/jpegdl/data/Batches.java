package org.jpegdl.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * Turns a source of labelled images into DJL batches, epoch by epoch: the images are shuffled per epoch with a seed
 * derived from (seed, epoch), transformed (random parts seeded per (seed, epoch, batch), so the result does not
 * depend on which thread prepares a batch), and handed out as float32 N×C×H×W arrays in [0,255] with float32
 * class-index labels of shape (N), the form {@code SoftmaxCrossEntropyLoss} expects. Build with {@link #builder()},
 * iterate one epoch with {@link #epoch(int)}.
 *
 * <p>The images come from a {@link BatchSource}: an {@link ImageDataset} in memory, transformed by an
 * {@link Augment} ({@link InMemoryBatchSource}), or an {@link ImageList} of files, decoded ({@link ImageDecoder},
 * optionally through an {@link ImageCache}) by {@code decodeThreads} threads and transformed by a
 * {@link PhotoTransform} ({@link ImageFileBatchSource}); with prefetch on, up to {@code prefetchDepth} finished
 * batches wait in a bounded queue. A file that fails to decode stops the epoch with a {@link DatasetException}
 * naming it, or, when the list was read with skip-bad on, is left out of its batch and listed in
 * {@link #skippedImages()} (a batch whose every image is bad takes the epoch's next readable image).
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

    private final BatchSource source;
    private final LabelledImages dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final boolean prefetch;
    private final int prefetchDepth;

    private Batches(Builder builder, BatchSource source) {
        this.source = source;
        this.dataset = source.images();
        this.batchSize = builder.batchSize;
        this.shuffle = builder.shuffle;
        this.seed = builder.seed;
        this.dropLast = builder.dropLast;
        this.prefetch = builder.prefetch;
        this.prefetchDepth = builder.prefetchDepth > 0 ? builder.prefetchDepth : source.defaultPrefetchDepth();
    }

    /** A builder; {@code setDataset} and {@code setBatchSize} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The images batched: an {@link ImageDataset} or an {@link ImageList}. */
    public LabelledImages dataset() {
        return dataset;
    }

    /** Images per batch (the last batch of an epoch may have fewer unless dropLast). */
    public int batchSize() {
        return batchSize;
    }

    /** Whether a background thread prepares the next batches while the current one is used. */
    public boolean prefetch() {
        return prefetch;
    }

    /** Finished batches that may wait in the prefetch queue. */
    public int prefetchDepth() {
        return prefetchDepth;
    }

    /**
     * Every image left out so far: those the reader skipped, then those that failed to decode in the epochs run so
     * far (each once), for a run's {@code summary.json}.
     */
    public List<SkippedImage> skippedImages() {
        List<SkippedImage> all = new ArrayList<>(dataset.skipped());
        all.addAll(source.failed());
        return all;
    }

    /** Images that can be used: the data set's, less those that failed to decode in the epochs run so far. */
    public int usableImages() {
        return dataset.size() - source.failed().size();
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
        return source.imageShape();
    }

    /**
     * The transform that makes an image from outside the data set what these batches hold for one of their own.
     *
     * @return the transform
     * @throws IllegalArgumentException for training batches (their transform is random)
     */
    public InputTransform inputTransform() {
        if (source.isRandom()) {
            throw new IllegalArgumentException("an input transform follows evaluation batches, not training ones");
        }
        return source.inputTransform();
    }

    /** Dataset indices in the order epoch {@code epoch} visits them (all of them, also with dropLast). */
    public int[] order(int epoch) {
        if (!shuffle) {
            return identity(dataset.size());
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

    /**
     * The images at {@code indices} as one batch of this pipeline's evaluation transform (no augmentation; in
     * memory: the same centre pad, photos: the evaluation crop of the same size), decoded on this thread.
     */
    public PreparedBatch evaluationImages(int... indices) {
        // one batch of a pipeline of its own: in order, seed 0
        return source.forEvaluation(indices)
                .prepare(
                        identity(indices.length),
                        0,
                        indices.length,
                        batchSeed(0, 0, 0),
                        0,
                        indices.length > 0 ? 1 : 0,
                        null);
    }

    /** Builds batch {@code batchIndex} of an epoch whose visiting order is {@code order}, decoding on this thread. */
    PreparedBatch prepare(int epoch, int batchIndex, int[] order) {
        return prepare(epoch, batchIndex, order, null);
    }

    /** Builds a batch; image files are decoded by {@code decoders} when given (null: on this thread). */
    PreparedBatch prepare(int epoch, int batchIndex, int[] order, ExecutorService decoders) {
        int start = batchIndex * batchSize;
        int size = Math.min(batchSize, order.length - start);
        return source.prepare(
                order, start, size, batchSeed(seed, epoch, batchIndex), batchIndex, batchesPerEpoch(), decoders);
    }

    /** A pool of decoding threads for one epoch of image files, or null when not needed. */
    ExecutorService newDecoderPool() {
        return source.newDecoderPool();
    }

    /** The seed of batch {@code batchIndex}'s random transforms in epoch {@code epoch} of a pipeline's seed. */
    private static long batchSeed(long seed, int epoch, int batchIndex) {
        return mix(mix(seed ^ AUGMENT_STREAM, epoch), batchIndex);
    }

    /** 0, 1, ..., n − 1. */
    private static int[] identity(int n) {
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        return identity;
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
        private LabelledImages source;
        private int batchSize;
        private Augment augment = Augment.evaluation(0);
        private PhotoTransform photoTransform;
        private boolean shuffle = true;
        private long seed;
        private boolean dropLast;
        private boolean prefetch;
        private int prefetchDepth;
        private int decodeThreads = 1;
        private ImageCache cache;

        private Builder() {}

        /** The in-memory images to batch (this, {@link #setImages} or {@link #setSource} is required). */
        public Builder setDataset(ImageDataset dataset) {
            this.source = dataset;
            return this;
        }

        /** The image files to batch; needs {@link #optPhotoTransform}. */
        public Builder setImages(ImageList images) {
            this.source = images;
            return this;
        }

        /**
         * Either kind of source, as {@link DatasetZoo#load} returns it: an {@link ImageDataset} uses
         * {@link #optAugment}, an {@link ImageList} {@link #optPhotoTransform} and the decoding options.
         */
        public Builder setSource(LabelledImages source) {
            this.source = source;
            return this;
        }

        /** Images per batch (required). */
        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Per-image transform of in-memory images; default none ({@code Augment.evaluation(0)}). */
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

        /** Per-image transform of image files (required for them), e.g. {@code PhotoTransform.training(96)}. */
        public Builder optPhotoTransform(PhotoTransform photoTransform) {
            this.photoTransform = photoTransform;
            return this;
        }

        /** Finished batches the prefetch queue may hold; default 0: 1 for in-memory images, 2 for image files. */
        public Builder optPrefetchDepth(int prefetchDepth) {
            this.prefetchDepth = prefetchDepth;
            return this;
        }

        /** Threads decoding image files in parallel; default 1. */
        public Builder optDecodeThreads(int decodeThreads) {
            this.decodeThreads = decodeThreads;
            return this;
        }

        /** Read image files through this decoded-image cache; default none. */
        public Builder optCache(ImageCache cache) {
            this.cache = cache;
            return this;
        }

        /** Decode threads and cache as {@code options} say. */
        public Builder optDecoding(DatasetOptions options) {
            this.decodeThreads = options.decodeThreads();
            this.cache = options.cache();
            return this;
        }

        /** The batcher. */
        public Batches build() {
            Objects.requireNonNull(source, "setDataset, setImages or setSource is required");
            if (batchSize < 1) {
                throw new IllegalArgumentException("setBatchSize is required and must be positive: " + batchSize);
            }
            if (decodeThreads < 1 || prefetchDepth < 0) {
                throw new IllegalArgumentException(
                        "decode threads must be ≥ 1 and prefetch depth ≥ 0: " + decodeThreads + ", " + prefetchDepth);
            }
            return new Batches(this, batchSource());
        }

        /** The source for the kind of images set: in memory with the augment, files with the decoding settings. */
        private BatchSource batchSource() {
            if (source instanceof ImageDataset images) {
                return new InMemoryBatchSource(images, augment);
            }
            if (source instanceof ImageList files) {
                return new ImageFileBatchSource(files, photoTransform, decodeThreads, cache);
            }
            throw new IllegalArgumentException(
                    "cannot batch a " + source.getClass().getName() + ": only ImageDataset and ImageList");
        }
    }
}
