package org.jpegdl.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.dataset.Batch;
import org.jpegdl.data.Batches;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.SpatialRegions;
import org.jpegdl.run.MeanMagnitudes;

/**
 * Computes {@link MeanMagnitudes}: every image of a split goes through the first half of the JPEG layer
 * ({@link JpegLayer#toCoefficients}: −128, YCbCr, zero-pad to multiples of 8, 8×8 DCT), and |x| is averaged per
 * frequency over every block of every image, per region of spatial tables; luma over Y, chroma over Cb and Cr
 * together.
 */
public final class CoefficientMagnitudes {

    private CoefficientMagnitudes() {}

    /**
     * @param data the split's batches, in order and without augmentation (as the layer sees the training images)
     * @param key what the batches are, recorded in the result
     * @param manager parent of the per-batch managers
     * @throws IllegalArgumentException when the batches hold no image, or the key's region size does not fit them
     */
    public static MeanMagnitudes compute(Batches data, MeanMagnitudes.Key key, NDManager manager) {
        int[] shape = data.imageShape();
        int channels = shape[0];
        SpatialRegions regions = new SpatialRegions(key.regionSize(), shape[1], shape[2]);
        long[] regionOfBlock = regions.regionOfBlocks();
        int blocks = regionOfBlock.length;
        long[] blocksOfRegion = new long[regions.count()];
        for (long r : regionOfBlock) {
            blocksOfRegion[(int) r]++;
        }
        JpegLayer transform = JpegLayer.builder().optChannels(channels).build();
        double[][][] sums = new double[channels][regions.count()][64];
        long images = 0;
        try (EpochIterator it = data.epoch(0)) {
            while (it.hasNext()) {
                try (Batch batch = it.next(manager)) {
                    NDArray coefficients =
                            transform.toCoefficients(batch.getData().singletonOrThrow());
                    // (N, C, blocks, 64) → (C, blocks, 64), summed in double precision
                    double[] perBlock = coefficients
                            .abs()
                            .toType(DataType.FLOAT64, false)
                            .sum(new int[] {0})
                            .toDoubleArray();
                    regions.addByRegion(perBlock, channels, sums);
                    images += batch.getSize();
                }
            }
        }
        if (images == 0) {
            throw new IllegalArgumentException("abs-avg initialisation: the training split of " + key.dataset()
                    + " has no images to average the coefficients over");
        }
        double[][] luma = new double[regions.count()][64];
        double[][] chroma = channels == 3 ? new double[regions.count()][64] : null;
        for (int g = 0; g < regions.count(); g++) {
            double samples = (double) images * blocksOfRegion[g];
            for (int f = 0; f < 64; f++) {
                luma[g][f] = sums[0][g][f] / samples;
                if (chroma != null) {
                    chroma[g][f] = (sums[1][g][f] + sums[2][g][f]) / (2 * samples);
                }
            }
        }
        return new MeanMagnitudes(key, images, blocks, luma, chroma);
    }
}
