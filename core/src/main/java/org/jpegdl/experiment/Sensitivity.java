package org.jpegdl.experiment;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import org.jpegdl.data.Batches;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.SpatialRegions;
import org.jpegdl.nd.Scalars;
import org.jpegdl.run.RegionSensitivityMap;
import org.jpegdl.run.SensitivityMap;

/**
 * Computes a {@link SensitivityMap} of a trained classifier: each image goes through the JPEG layer's transform
 * without quantisation (pixels → DCT coefficients → pixels, normalised as the classifier was trained), the
 * cross-entropy's gradient with respect to every coefficient is taken, squared, summed over the image's blocks and
 * averaged over images, per frequency and channel. The classifier runs in inference mode (batch-norm running
 * statistics), the loss is summed over the batch so that each image contributes its own gradient. For spatial
 * tables the same per region: each region's sums cover its own blocks only.
 */
public final class Sensitivity {

    private Sensitivity() {}

    /**
     * @param classifier the trained classifier (input: normalised pixels)
     * @param mean normalisation mean per channel the classifier was trained with
     * @param std normalisation std per channel
     * @param data images to average over (training split, no augmentation)
     * @param maxImages stop after this many images
     * @param runName recorded in the map
     */
    public static SensitivityMap compute(
            Block classifier,
            float[] mean,
            float[] std,
            Batches data,
            int maxImages,
            String runName,
            NDManager manager) {
        Sums s = sums(classifier, mean, std, data, maxImages, 0, manager);
        boolean colour = s.perRegion.length == 3;
        return new SensitivityMap(
                runName,
                s.images,
                s.perRegion[0][0],
                colour ? s.perRegion[1][0] : null,
                colour ? s.perRegion[2][0] : null);
    }

    /**
     * The same per region of spatial tables of {@code regionSize} pixels: each region's sensitivities are summed
     * over its own blocks only, so the regions add up to the whole-image map.
     */
    public static RegionSensitivityMap computePerRegion(
            Block classifier,
            float[] mean,
            float[] std,
            Batches data,
            int maxImages,
            int regionSize,
            String runName,
            NDManager manager) {
        if (regionSize <= 0) {
            throw new IllegalArgumentException(
                    "a sensitivity map per region needs a positive region size, got " + regionSize);
        }
        Sums s = sums(classifier, mean, std, data, maxImages, regionSize, manager);
        boolean colour = s.perRegion.length == 3;
        int[] shape = data.imageShape();
        return new RegionSensitivityMap(
                runName,
                s.images,
                regionSize,
                shape[1],
                shape[2],
                s.perRegion[0],
                colour ? s.perRegion[1] : null,
                colour ? s.perRegion[2] : null);
    }

    /** Mean squared gradients per channel, region and frequency: [channel][region][64]. */
    private record Sums(int images, double[][][] perRegion) {}

    private static Sums sums(
            Block classifier,
            float[] mean,
            float[] std,
            Batches data,
            int maxImages,
            int regionSize,
            NDManager manager) {
        int channels = mean.length;
        int[] shape = data.imageShape();
        SpatialRegions regions = new SpatialRegions(regionSize, shape[1], shape[2]);
        JpegLayer transform = JpegLayer.builder()
                .optChannels(channels)
                .optNormalization(mean, std)
                .build();
        transform.setQuantization(JpegLayer.Quantization.OFF);
        ParameterStore store = new ParameterStore(manager, false);
        SoftmaxCrossEntropyLoss loss = new SoftmaxCrossEntropyLoss("ce", 1, -1, true, true);
        double[][][] sums = new double[channels][regions.count()][64];
        int images = 0;
        try (EpochIterator it = data.epoch(0)) {
            while (it.hasNext() && images < maxImages) {
                try (Batch batch = it.next(manager)) {
                    // exactly maxImages: the last batch is cut to what is left
                    int take = Math.min(batch.getSize(), maxImages - images);
                    NDArray x = batch.getData().singletonOrThrow();
                    NDArray labels = batch.getLabels().singletonOrThrow();
                    if (take < batch.getSize()) {
                        x = x.get(new NDIndex("0:" + take));
                        labels = labels.get(new NDIndex("0:" + take));
                    }
                    long h = x.getShape().get(2);
                    long w = x.getShape().get(3);
                    NDArray coefficients = transform.toCoefficients(x);
                    coefficients.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray pixels = transform.toPixels(coefficients, h, w);
                        NDArray logits = classifier
                                .forward(store, new NDList(pixels), false)
                                .singletonOrThrow();
                        NDArray batchMean = loss.evaluate(new NDList(labels), new NDList(logits));
                        NDArray total = batchMean.mul(Scalars.like(batchMean, take));
                        collector.backward(total);
                    }
                    NDArray squared = coefficients.getGradient().square();
                    if (regions.count() == 1) {
                        // (N, C, blocks, 64) → (C, 64)
                        double[] perFrequency = squared.sum(new int[] {0, 2})
                                .toType(DataType.FLOAT64, false)
                                .toDoubleArray();
                        for (int c = 0; c < channels; c++) {
                            for (int f = 0; f < 64; f++) {
                                sums[c][0][f] += perFrequency[c * 64 + f];
                            }
                        }
                    } else {
                        // (N, C, blocks, 64) → (C, blocks, 64), each block added to its region
                        double[] perBlock = squared.sum(new int[] {0})
                                .toType(DataType.FLOAT64, false)
                                .toDoubleArray();
                        regions.addByRegion(perBlock, channels, sums);
                    }
                    images += take;
                }
            }
        }
        if (images == 0) {
            throw new IllegalArgumentException("no images to compute the sensitivity from");
        }
        for (double[][] channel : sums) {
            for (double[] region : channel) {
                double max = 0;
                for (int f = 0; f < 64; f++) {
                    region[f] /= images;
                    max = Math.max(max, region[f]);
                }
                // a frequency no image responds to gets a tiny positive sensitivity (the largest step) instead of 1/0
                for (int f = 0; f < 64; f++) {
                    region[f] = Math.max(region[f], max * 1e-12 + Double.MIN_NORMAL);
                }
            }
        }
        return new Sums(images, sums);
    }

    /** The shape (1, C, H, W) of one image of a batch source, for initialisation. */
    static Shape imageShape(Batches data) {
        int[] s = data.imageShape();
        return new Shape(1, s[0], s[1], s[2]);
    }
}
