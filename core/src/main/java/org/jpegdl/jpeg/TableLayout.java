package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Where a {@link JpegLayer}'s table-shaped arrays (steps, alphas: 8×8, or (regions, 8, 8) with spatial tables) go on
 * its coefficients (N, C, blocks, 64): every block takes its region's row, Y the luma table and Cb and Cr the chroma
 * table. Fixed with the image size when the layer is prepared.
 */
final class TableLayout {

    private final int channels;
    private final SpatialRegions regions;
    /** The region of every block; null for one table for the whole image. */
    private final long[] regionOfBlocks;

    /** The layout before the image size is known: one table for the whole image. */
    TableLayout(int channels) {
        this.channels = channels;
        this.regions = null;
        this.regionOfBlocks = null;
    }

    /** The layout of {@code regions}. */
    TableLayout(int channels, SpatialRegions regions) {
        this.channels = channels;
        this.regions = regions;
        this.regionOfBlocks = regions.regionOfBlocks();
    }

    /** The regions (null before the image size is known). */
    SpatialRegions regions() {
        return regions;
    }

    /** Whether the layer has chroma tables (colour input). */
    boolean colour() {
        return channels == 3;
    }

    /** Tables per table-shaped parameter: 1, or the number of regions. */
    int regionCount() {
        return regions == null ? 1 : regions.count();
    }

    /**
     * A luma and a chroma table (null for one channel) as (1, C, 1, 64), or with spatial tables (1, C, blocks, 64),
     * on {@code x}'s manager.
     */
    NDArray perChannel(NDArray luma, NDArray chroma, NDArray x) {
        NDArray lum = perBlock(luma, x);
        if (channels == 1) {
            return lum;
        }
        NDArray chrom = perBlock(chroma, x);
        NDArray stacked = NDArrays.concat(new NDList(lum, chrom, chrom), 1);
        stacked.attach(x.getManager());
        return stacked;
    }

    /**
     * A table-shaped array as (1, 1, 1, 64), or with spatial tables as (1, 1, blocks, 64): every block gets its
     * region's row. Derived arrays belong to the batch: left on the parameters' manager they would pile up every step.
     */
    private NDArray perBlock(NDArray table, NDArray x) {
        NDArray out;
        if (regionCount() == 1) {
            out = table.reshape(1, 1, 1, 64);
        } else {
            NDArray index = x.getManager().create(regionOfBlocks);
            out = table.reshape(regionCount(), 64).get(index).reshape(1, 1, regions.blocks(), 64);
        }
        out.attach(x.getManager());
        return out;
    }

    /**
     * How many DCT coefficients of one image each entry of a luma ({@code luma}) or chroma table multiplies in one
     * pass: the blocks of its region, twice for chroma (Cb and Cr); (regions × 64) values in the parameter's order.
     */
    double[] coefficientsPerStep(boolean luma) {
        if (regions == null) {
            throw new IllegalStateException("the JPEG layer is not initialised: its regions are not known yet");
        }
        double[] blocksInRegion = new double[regionCount()];
        for (long region : regionOfBlocks) {
            blocksInRegion[(int) region]++;
        }
        double[] out = new double[blocksInRegion.length * 64];
        for (int i = 0; i < out.length; i++) {
            out[i] = blocksInRegion[i / 64] * (luma ? 1 : 2);
        }
        return out;
    }
}
