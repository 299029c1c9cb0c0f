package org.jpegdl.data;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;

/** Images held in memory ({@link ImageDataset}), transformed by an {@link Augment} as batches are made. */
final class InMemoryBatchSource implements BatchSource {

    private final ImageDataset images;
    private final Augment augment;

    /** Checks now, not on the first batch, that {@code augment} can take these images. */
    InMemoryBatchSource(ImageDataset images, Augment augment) {
        this.images = images;
        this.augment = augment;
        augment.outputHeight(images.height());
        augment.outputWidth(images.width());
    }

    @Override
    public LabelledImages images() {
        return images;
    }

    @Override
    public int[] imageShape() {
        return new int[] {images.channels(), augment.outputHeight(images.height()), augment.outputWidth(images.width())
        };
    }

    @Override
    public int defaultPrefetchDepth() {
        return 1;
    }

    @Override
    public PreparedBatch prepare(
            int[] order,
            int start,
            int size,
            long batchSeed,
            int batchIndex,
            int batchesPerEpoch,
            ExecutorService decoders) {
        int channels = images.channels();
        int height = images.height();
        int width = images.width();
        int outHeight = augment.outputHeight(height);
        int outWidth = augment.outputWidth(width);
        int inBytes = images.imageBytes();
        int outValues = channels * outHeight * outWidth;
        float[] data = new float[size * outValues];
        float[] labels = new float[size];
        int[] indices = new int[size];
        SplittableRandom random = new SplittableRandom(batchSeed);
        byte[] pixels = images.pixels();
        for (int i = 0; i < size; i++) {
            int index = order[start + i];
            indices[i] = index;
            labels[i] = images.label(index);
            augment.apply(pixels, index * inBytes, channels, height, width, augment.draw(random), data, i * outValues);
        }
        return new PreparedBatch(data, labels, indices, channels, outHeight, outWidth, batchIndex, batchesPerEpoch);
    }

    @Override
    public ExecutorService newDecoderPool() {
        return null;
    }

    @Override
    public List<SkippedImage> failed() {
        return List.of();
    }

    @Override
    public BatchSource forEvaluation(int[] indices) {
        return new InMemoryBatchSource(images.subset(indices), Augment.evaluation(augment.padTo()));
    }

    @Override
    public boolean isRandom() {
        return augment.isRandom();
    }

    @Override
    public InputTransform inputTransform() {
        return new InputTransform(images.channels(), images.height(), images.width(), augment.padTo(), 0);
    }
}
