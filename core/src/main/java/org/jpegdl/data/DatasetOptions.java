package org.jpegdl.data;

import java.nio.file.Path;

/**
 * How a data set of image files is read and decoded: the target image size, what to do with bad images, how a
 * single folder tree is split, and the decoding pipeline (threads, cache). The in-memory data sets (IDX, CIFAR)
 * ignore all of it. Build with {@link #builder()}; {@link #defaults()} gives the values documented on each option.
 */
public final class DatasetOptions {

    private final int imageSize;
    private final boolean skipBad;
    private final double testFraction;
    private final long splitSeed;
    private final int decodeThreads;
    private final Path cacheDirectory;

    private DatasetOptions(Builder builder) {
        if (builder.imageSize < 8) {
            throw new IllegalArgumentException("image size must be at least 8 pixels, got " + builder.imageSize);
        }
        if (!(builder.testFraction >= 0 && builder.testFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + builder.testFraction);
        }
        if (builder.decodeThreads < 1) {
            throw new IllegalArgumentException("decode threads must be at least 1, got " + builder.decodeThreads);
        }
        this.imageSize = builder.imageSize;
        this.skipBad = builder.skipBad;
        this.testFraction = builder.testFraction;
        this.splitSeed = builder.splitSeed;
        this.decodeThreads = builder.decodeThreads;
        this.cacheDirectory = builder.cacheDirectory;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** All defaults: 224 px, bad images fatal, no split fraction, seed 0, half the cores decoding, no cache. */
    public static DatasetOptions defaults() {
        return builder().build();
    }

    /** Side of the square images batched (height = width), in pixels. */
    public int imageSize() {
        return imageSize;
    }

    /** Whether unusable images are left out and listed instead of stopping with an error. */
    public boolean skipBad() {
        return skipBad;
    }

    /** Share of each class held out for testing when one folder tree is split; 0 when the tree has its own split. */
    public double testFraction() {
        return testFraction;
    }

    /** Seed of the held-out sample of {@link #testFraction()}. */
    public long splitSeed() {
        return splitSeed;
    }

    /** Threads decoding and transforming images in parallel. */
    public int decodeThreads() {
        return decodeThreads;
    }

    /** Directory of the decoded-image cache, or null for none. */
    public Path cacheDirectory() {
        return cacheDirectory;
    }

    /** The cache of decoded images these options describe, or null for none. */
    public ImageCache cache() {
        return cacheDirectory == null ? null : new ImageCache(cacheDirectory);
    }

    /** In words, for logs. */
    @Override
    public String toString() {
        return imageSize + " px, " + (skipBad ? "skip bad images" : "bad images are errors")
                + (testFraction > 0 ? ", " + testFraction + " held out (seed " + splitSeed + ")" : "") + ", "
                + decodeThreads + " decode threads" + (cacheDirectory == null ? "" : ", cache " + cacheDirectory);
    }

    /** Settings of {@link DatasetOptions}; every one is optional. */
    public static final class Builder {
        private int imageSize = 224;
        private boolean skipBad;
        private double testFraction;
        private long splitSeed;
        private int decodeThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private Path cacheDirectory;

        private Builder() {}

        /** Side of the square images batched; default 224 (64–128 on CPU). */
        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /** Leave unusable images out and list them; default false (an error naming the file). */
        public Builder optSkipBad(boolean skipBad) {
            this.skipBad = skipBad;
            return this;
        }

        /** Hold out this share of every class of a single folder tree for testing; default 0 (none). */
        public Builder optTestFraction(double testFraction) {
            this.testFraction = testFraction;
            return this;
        }

        /** Seed of the held-out sample; default 0. */
        public Builder optSplitSeed(long splitSeed) {
            this.splitSeed = splitSeed;
            return this;
        }

        /** Threads decoding images; default half the available cores, at least 1. */
        public Builder optDecodeThreads(int decodeThreads) {
            this.decodeThreads = decodeThreads;
            return this;
        }

        /** Keep resized copies of the decoded images here (null: no cache, the default). */
        public Builder optCacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = cacheDirectory;
            return this;
        }

        /** The options. */
        public DatasetOptions build() {
            return new DatasetOptions(this);
        }
    }
}
