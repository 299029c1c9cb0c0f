package org.jpegdl.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a source of labelled images into DJL batches, epoch by epoch: the images are shuffled per epoch with a seed
 * derived from (seed, epoch), transformed (random parts seeded per (seed, epoch, batch), so the result does not
 * depend on which thread prepares a batch), and handed out as float32 N×C×H×W arrays in [0,255] with float32
 * class-index labels of shape (N), the form {@code SoftmaxCrossEntropyLoss} expects. Build with {@link #builder()},
 * iterate one epoch with {@link #epoch(int)}.
 *
 * <p>The source is either an {@link ImageDataset} in memory, transformed by an {@link Augment}, or an
 * {@link ImageList} of files, decoded ({@link ImageDecoder}, optionally through an {@link ImageCache}) by
 * {@code decodeThreads} threads and transformed by a {@link PhotoTransform}; with prefetch on, up to
 * {@code prefetchDepth} finished batches wait in a bounded queue. A file that fails to decode stops the epoch with a
 * {@link DatasetException} naming it, or, when the list was read with skip-bad on, is left out of its batch and
 * listed in {@link #skippedImages()} (a batch whose every image is bad takes the epoch's next readable image).
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

    private final LabelledImages dataset;
    private final ImageDataset inMemory;
    private final ImageList files;
    private final int batchSize;
    private final Augment augment;
    private final PhotoTransform photoTransform;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final boolean prefetch;
    private final int prefetchDepth;
    private final int decodeThreads;
    private final ImageCache cache;
    private final Map<Integer, DatasetException> badFiles = new LinkedHashMap<>();

    private Batches(Builder builder) {
        this.dataset = Objects.requireNonNull(builder.source, "setDataset, setImages or setSource is required");
        this.inMemory = builder.source instanceof ImageDataset d ? d : null;
        this.files = builder.source instanceof ImageList l ? l : null;
        if (inMemory == null && files == null) {
            throw new IllegalArgumentException("cannot batch a " + dataset.getClass().getName()
                    + ": only ImageDataset and ImageList");
        }
        if (builder.batchSize < 1) {
            throw new IllegalArgumentException("setBatchSize is required and must be positive: " + builder.batchSize);
        }
        if (files != null && builder.photoTransform == null) {
            throw new IllegalArgumentException(dataset.name() + " is a list of image files: optPhotoTransform("
                    + "PhotoTransform.training(size) or .evaluation(size)) is required");
        }
        if (builder.decodeThreads < 1 || builder.prefetchDepth < 0) {
            throw new IllegalArgumentException("decode threads must be ≥ 1 and prefetch depth ≥ 0: "
                    + builder.decodeThreads + ", " + builder.prefetchDepth);
        }
        this.batchSize = builder.batchSize;
        this.augment = builder.augment;
        this.photoTransform = files == null ? null : builder.photoTransform;
        this.shuffle = builder.shuffle;
        this.seed = builder.seed;
        this.dropLast = builder.dropLast;
        this.prefetch = builder.prefetch;
        this.prefetchDepth = builder.prefetchDepth > 0 ? builder.prefetchDepth : files == null ? 1 : 2;
        this.decodeThreads = builder.decodeThreads;
        this.cache = files == null ? null : builder.cache;
        if (inMemory != null) {
            // Fail now, not on the first batch, if the transform cannot take these images.
            augment.outputHeight(inMemory.height());
            augment.outputWidth(inMemory.width());
        }
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

    /** The per-image transform of an in-memory source (unused for image files). */
    public Augment augment() {
        return augment;
    }

    /** The per-image transform of image files, or null for an in-memory source. */
    public PhotoTransform photoTransform() {
        return photoTransform;
    }

    /** Whether a background thread prepares the next batches while the current one is used. */
    public boolean prefetch() {
        return prefetch;
    }

    /** Finished batches that may wait in the prefetch queue. */
    public int prefetchDepth() {
        return prefetchDepth;
    }

    /** Threads decoding image files (1: the thread preparing the batch does it). */
    public int decodeThreads() {
        return decodeThreads;
    }

    /** The decoded-image cache, or null. */
    public ImageCache cache() {
        return cache;
    }

    /**
     * Every image left out so far: those the reader skipped, then those that failed to decode in the epochs run so
     * far (each once), for a run's {@code summary.json}.
     */
    public List<SkippedImage> skippedImages() {
        List<SkippedImage> all = new ArrayList<>(dataset.skipped());
        synchronized (badFiles) {
            for (Map.Entry<Integer, DatasetException> bad : badFiles.entrySet()) {
                all.add(new SkippedImage(files.path(bad.getKey()).toString(), problemOf(bad.getValue(),
                        files.path(bad.getKey()))));
            }
        }
        return all;
    }

    /** Images that can be used: the data set's, less those that failed to decode in the epochs run so far. */
    public int usableImages() {
        synchronized (badFiles) {
            return dataset.size() - badFiles.size();
        }
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
        if (files != null) {
            return new int[] {3, photoTransform.size(), photoTransform.size()};
        }
        return new int[] {inMemory.channels(), augment.outputHeight(inMemory.height()),
                augment.outputWidth(inMemory.width())};
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

    /**
     * The images at {@code indices} as one batch of this pipeline's evaluation transform (no augmentation; in
     * memory: the same centre pad, photos: the evaluation crop of the same size), decoded on this thread.
     */
    public PreparedBatch evaluationImages(int... indices) {
        Builder one = builder().setSource(dataset.subset(indices)).setBatchSize(Math.max(1, indices.length))
                .optShuffle(false).optCache(cache);
        if (files != null) {
            one.optPhotoTransform(PhotoTransform.evaluation(photoTransform.size()));
        } else {
            one.optAugment(Augment.evaluation(augment.padTo()));
        }
        Batches batches = one.build();
        return batches.prepare(0, 0, batches.order(0));
    }

    /** Builds batch {@code batchIndex} of an epoch whose visiting order is {@code order}, decoding on this thread. */
    PreparedBatch prepare(int epoch, int batchIndex, int[] order) {
        return prepare(epoch, batchIndex, order, null);
    }

    /** Builds a batch; image files are decoded by {@code decoders} when given (null: on this thread). */
    PreparedBatch prepare(int epoch, int batchIndex, int[] order, ExecutorService decoders) {
        return files != null ? prepareFiles(epoch, batchIndex, order, decoders)
                : prepareInMemory(epoch, batchIndex, order);
    }

    /** A pool of {@link #decodeThreads()} daemon threads for one epoch of image files, or null when not needed. */
    ExecutorService newDecoderPool() {
        if (files == null || decodeThreads < 2) {
            return null;
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "jpegdl-decode-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(decodeThreads, factory);
    }

    private PreparedBatch prepareInMemory(int epoch, int batchIndex, int[] order) {
        int start = batchIndex * batchSize;
        int size = Math.min(batchSize, order.length - start);
        int channels = dataset.channels();
        int height = inMemory.height();
        int width = inMemory.width();
        int outHeight = augment.outputHeight(height);
        int outWidth = augment.outputWidth(width);
        int inBytes = inMemory.imageBytes();
        int outValues = channels * outHeight * outWidth;
        float[] data = new float[size * outValues];
        float[] labels = new float[size];
        int[] indices = new int[size];
        SplittableRandom random = new SplittableRandom(mix(mix(seed ^ AUGMENT_STREAM, epoch), batchIndex));
        byte[] pixels = inMemory.pixels();
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

    private PreparedBatch prepareFiles(int epoch, int batchIndex, int[] order, ExecutorService decoders) {
        int start = batchIndex * batchSize;
        int size = Math.min(batchSize, order.length - start);
        int side = photoTransform.size();
        int outValues = 3 * side * side;
        float[] decoded = new float[size * outValues];
        long batchSeed = mix(mix(seed ^ AUGMENT_STREAM, epoch), batchIndex);
        DatasetException[] errors = new DatasetException[size];
        if (decoders == null) {
            for (int i = 0; i < size; i++) {
                errors[i] = decodeInto(order[start + i], batchSeed, i, decoded, i * outValues);
            }
        } else {
            List<Future<DatasetException>> pending = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int position = i;
                pending.add(decoders.submit(() -> decodeInto(order[start + position], batchSeed, position, decoded,
                        position * outValues)));
            }
            for (int i = 0; i < size; i++) {
                errors[i] = await(pending.get(i), pending);
            }
        }
        int[] indices = new int[size];
        float[] labels = new float[size];
        int kept = 0;
        for (int i = 0; i < size; i++) {
            int index = order[start + i];
            if (errors[i] != null) {
                if (!files.skipBad()) {
                    throw errors[i];
                }
                remember(index, errors[i]);
                continue;
            }
            if (kept != i) {
                System.arraycopy(decoded, i * outValues, decoded, kept * outValues, outValues);
            }
            indices[kept] = index;
            labels[kept] = files.label(index);
            kept++;
        }
        if (kept == 0 && size > 0) {
            // every image of the batch is bad: take the epoch's next readable one so no batch is empty
            for (int k = 0; k < order.length && kept == 0; k++) {
                int index = order[(start + size + k) % order.length];
                DatasetException error = decodeInto(index, batchSeed, size + k, decoded, 0);
                if (error == null) {
                    indices[0] = index;
                    labels[0] = files.label(index);
                    kept = 1;
                } else {
                    remember(index, error);
                }
            }
            if (kept == 0) {
                throw new DatasetException(files.source() + ": none of the " + files.size() + " images of "
                        + files.name() + " can be decoded (first: " + errors[0].getMessage() + ")");
            }
        }
        float[] data = decoded;
        if (kept < size) {
            data = Arrays.copyOf(decoded, kept * outValues);
            indices = Arrays.copyOf(indices, kept);
            labels = Arrays.copyOf(labels, kept);
        }
        return new PreparedBatch(data, labels, indices, 3, side, side, batchIndex, batchesPerEpoch());
    }

    /** Decodes and transforms file {@code index} into out[offset..]; returns the problem instead of throwing it. */
    private DatasetException decodeInto(int index, long batchSeed, int position, float[] out, int offset) {
        DatasetException known;
        synchronized (badFiles) {
            known = badFiles.get(index);
        }
        if (known != null) {
            return known;
        }
        Path path = files.path(index);
        try {
            RgbImage image = cache == null ? ImageDecoder.decode(path) : cache.load(path);
            SplittableRandom random = new SplittableRandom(mix(batchSeed, position));
            photoTransform.apply(image, photoTransform.draw(image.width(), image.height(), random), out, offset);
            return null;
        } catch (DatasetException e) {
            return e;
        }
    }

    private void remember(int index, DatasetException error) {
        synchronized (badFiles) {
            badFiles.putIfAbsent(index, error);
        }
    }

    private static DatasetException await(Future<DatasetException> future, List<Future<DatasetException>> all) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            all.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding images", e);
        } catch (ExecutionException e) {
            all.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The message of a decode error without the leading "file: ". */
    private static String problemOf(DatasetException error, Path file) {
        String message = error.getMessage();
        String prefix = file + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
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

        private Builder() {
        }

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
            return new Batches(this);
        }
    }
}
