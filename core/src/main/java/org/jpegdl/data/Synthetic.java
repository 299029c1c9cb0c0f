package org.jpegdl.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, learnable synthetic image set for tests and smoke runs: every class is a bright square at its own place
 * on a grid (and, with 3 channels, in its own colour) on a dark background, with a random brightness shift and
 * Gaussian noise per image. Classes are balanced; equal settings and seed give equal bytes.
 */
public final class Synthetic {

    private final int numClasses;
    private final int channels;
    private final int height;
    private final int width;
    private final double noiseStd;

    private Synthetic(Builder builder) {
        this.numClasses = builder.numClasses;
        this.channels = builder.channels;
        this.height = builder.height;
        this.width = builder.width;
        this.noiseStd = builder.noiseStd;
    }

    /** A builder with defaults: 10 classes, 3 channels, 32×32, noise standard deviation 24. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code count} images generated from {@code seed}. */
    public ImageDataset generate(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % numClasses;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = labels[i];
            labels[i] = labels[j];
            labels[j] = swap;
        }
        int imageBytes = channels * height * width;
        byte[] pixels = new byte[count * imageBytes];
        for (int i = 0; i < count; i++) {
            draw(labels[i], random, pixels, i * imageBytes);
        }
        return new ImageDataset(
                "synthetic",
                "generated: " + numClasses + " square positions, noise " + noiseStd + ", seed " + seed,
                pixels,
                labels,
                numClasses,
                channels,
                height,
                width,
                List.of());
    }

    /** A training set from {@code seed} and a test set from a seed derived from it (so the two differ). */
    public DatasetSplits<ImageDataset> splits(int trainCount, int testCount, long seed) {
        return new DatasetSplits<>(generate(trainCount, seed), generate(testCount, seed ^ 0x5DEECE66DL));
    }

    /** Side of the square in pixels. */
    int squareSide() {
        return Math.max(2, Math.min(height, width) / 4);
    }

    private void draw(int label, SplittableRandom random, byte[] pixels, int offset) {
        int side = squareSide();
        int grid = (int) Math.ceil(Math.sqrt(numClasses));
        int top = grid == 1 ? (height - side) / 2 : Math.round((float) (label / grid) * (height - side) / (grid - 1));
        int left = grid == 1 ? (width - side) / 2 : Math.round((float) (label % grid) * (width - side) / (grid - 1));
        double shift = random.nextDouble(-20, 20);
        for (int c = 0; c < channels; c++) {
            double squareLevel = channels == 1 || c == label % channels ? 220 : 130;
            int plane = offset + c * height * width;
            for (int y = 0; y < height; y++) {
                boolean rowInSquare = y >= top && y < top + side;
                for (int x = 0; x < width; x++) {
                    double level = rowInSquare && x >= left && x < left + side ? squareLevel : 40;
                    double value = level + shift + noiseStd * gaussian(random);
                    pixels[plane + y * width + x] = (byte) Math.max(0, Math.min(255, Math.round(value)));
                }
            }
        }
    }

    /** Standard normal via Box–Muller (one value per call; simple and deterministic). */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Settings of a {@link Synthetic} set; all optional. */
    public static final class Builder {
        private int numClasses = 10;
        private int channels = 3;
        private int height = 32;
        private int width = 32;
        private double noiseStd = 24;

        private Builder() {}

        /** Number of classes (1..256); default 10. */
        public Builder optNumClasses(int numClasses) {
            if (numClasses < 1 || numClasses > 256) {
                throw new IllegalArgumentException("numClasses must be 1..256: " + numClasses);
            }
            this.numClasses = numClasses;
            return this;
        }

        /** 1 (grey) or 3 (RGB); default 3. */
        public Builder optChannels(int channels) {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3: " + channels);
            }
            this.channels = channels;
            return this;
        }

        /** Image size in pixels (each at least 4); default 32×32. */
        public Builder optImageSize(int height, int width) {
            if (height < 4 || width < 4) {
                throw new IllegalArgumentException("image size must be at least 4×4: " + height + "×" + width);
            }
            this.height = height;
            this.width = width;
            return this;
        }

        /** Standard deviation of the per-pixel Gaussian noise, in pixel values; default 24. */
        public Builder optNoiseStd(double noiseStd) {
            if (!(noiseStd >= 0)) {
                throw new IllegalArgumentException("noiseStd must be ≥ 0: " + noiseStd);
            }
            this.noiseStd = noiseStd;
            return this;
        }

        /** The generator. */
        public Synthetic build() {
            return new Synthetic(this);
        }
    }
}
