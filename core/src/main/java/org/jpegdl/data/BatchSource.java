package org.jpegdl.data;

import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Where {@link Batches} takes its images from and how one batch of them becomes arrays: the images themselves, the
 * per-image transform, and what could not be read. {@link InMemoryBatchSource} holds the images in memory
 * ({@link ImageDataset}), {@link ImageFileBatchSource} decodes image files ({@link ImageList}) as batches are made.
 * {@link Batches} decides the order, the batch boundaries and the seeds; a source fills one batch.
 */
interface BatchSource {

    /** The images, their labels and what their reader left out. */
    LabelledImages images();

    /** Shape of one output image: channels, height, width. */
    int[] imageShape();

    /** Finished batches the prefetch queue holds when the builder does not say. */
    int defaultPrefetchDepth();

    /**
     * The images {@code order[start .. start + size)} transformed into one batch.
     *
     * @param order the epoch's visiting order (dataset indices)
     * @param start the batch's first position in {@code order}
     * @param size the batch's positions
     * @param batchSeed the seed of the batch's random transforms
     * @param batchIndex the batch's index in its epoch
     * @param batchesPerEpoch batches in the epoch
     * @param decoders threads to decode with; null: this thread
     * @return the batch (possibly fewer images than {@code size} where some could not be read)
     */
    PreparedBatch prepare(
            int[] order,
            int start,
            int size,
            long batchSeed,
            int batchIndex,
            int batchesPerEpoch,
            ExecutorService decoders);

    /** A pool of threads for one epoch's decoding, or null when this thread does it. */
    ExecutorService newDecoderPool();

    /** The images that failed to be read in the batches made so far, each once. */
    List<SkippedImage> failed();

    /** The images at {@code indices} with the evaluation transform of the same output size, nothing failed yet. */
    BatchSource forEvaluation(int[] indices);

    /** Whether the per-image transform draws random numbers (training batches). */
    boolean isRandom();

    /** The transform that makes an outside image what these batches hold, for a transform that is not random. */
    InputTransform inputTransform();
}
