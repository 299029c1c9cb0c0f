package org.jpegdl.run;

import org.jpegdl.jpeg.TableInit;

/**
 * A {@link SensitivityMap} per region of spatial tables: for each region of {@code regionSize} × {@code regionSize}
 * pixels, the mean over images of the squared loss gradient with respect to each coefficient, summed over the
 * region's blocks (the whole-image map is the sum over the regions). Written in the baseline run as
 * {@code sensitivity-regions-S.json}.
 *
 * @param run the run the map was computed from
 * @param images number of training images averaged over
 * @param regionSize side of a region in pixels
 * @param height image height the regions cut, in pixels
 * @param width image width the regions cut, in pixels
 * @param y luma sensitivities per region (64 each)
 * @param cb Cb sensitivities per region, or null for grayscale
 * @param cr Cr sensitivities per region, or null for grayscale
 */
public record RegionSensitivityMap(
        String run, int images, int regionSize, long height, long width, double[][] y, double[][] cb, double[][] cr) {

    /**
     * Tables inversely proportional to each region's sensitivities, each region's largest luma step {@code qMax}
     * (the reference normalises every region of its spatial tables by its own largest step).
     */
    public TableInit toTableInit(double qMax) {
        float[][] luma = new float[y.length][];
        float[][] chroma = new float[y.length][];
        for (int g = 0; g < y.length; g++) {
            TableInit region = TableInit.sensitivity(y[g], cb == null ? null : cb[g], cr == null ? null : cr[g], qMax);
            luma[g] = region.luma(0);
            chroma[g] = region.chroma(0);
        }
        return TableInit.explicitRegions(
                "sensitivity per " + regionSize + "-px region (qMax=" + qMax + ")",
                new float[][][] {luma},
                new float[][][] {chroma});
    }
}
