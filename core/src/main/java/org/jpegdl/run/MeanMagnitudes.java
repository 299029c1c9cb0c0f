package org.jpegdl.run;

import org.jpegdl.jpeg.TableInit;

/**
 * The mean magnitude |x| of every DCT coefficient of a training split, per frequency and region: what the
 * {@code abs-avg} initialisation makes its tables from. Luma from Y, chroma from Cb and Cr together (null for
 * grayscale), 64 values per region in natural row-major order. Computed once per data set and written as a run's
 * {@code mean-magnitudes.json}; a later run reuses it when its {@link Key} is equal.
 *
 * @param key what the magnitudes were computed from
 * @param images training images averaged over
 * @param blocksPerImage 8×8 blocks per image and channel (of the image padded to multiples of 8)
 * @param luma per region, the 64 mean magnitudes of Y
 * @param chroma per region, the 64 mean magnitudes of Cb and Cr together, or null for grayscale
 */
public record MeanMagnitudes(Key key, long images, long blocksPerImage, double[][] luma, double[][] chroma) {

    /**
     * Every input the magnitudes depend on: the training split as the run reads it and the image the layer sees.
     *
     * @param dataset data set name
     * @param dataDir directory it was read from, or null for the data set's default
     * @param trainLimit the run's training limit (0: all)
     * @param seed the seed that chose the limited subset, or null when the limit keeps every image
     * @param height image height the layer sees, in pixels
     * @param width image width the layer sees, in pixels
     * @param padTo the recipe's padding of in-memory images
     * @param regionSize side of the regions of spatial tables, 0 for the whole image
     * @param skipBad whether unreadable photos were left out
     * @param testFraction the held-out fraction of an ImageFolder tree without a split (0: the reader's default)
     * @param validationFraction the share of the training data held out for validation (0: none); the split is the
     *     seed's, so the seed is part of the key whenever this is not 0
     */
    public record Key(
            String dataset,
            String dataDir,
            int trainLimit,
            Long seed,
            int height,
            int width,
            int padTo,
            int regionSize,
            boolean skipBad,
            double testFraction,
            double validationFraction) {}

    /** The {@code abs-avg} tables of these magnitudes for indices of {@code bits} bits. */
    public TableInit toTableInit(int bits) {
        return TableInit.meanMagnitude(luma, chroma, bits);
    }
}
