package org.jpegdl.jpeg;

/**
 * The regions of spatial tables: an image (padded to multiples of 8) cut into squares of {@code size} × {@code size}
 * pixels, row by row, each with its own table pair; the 8×8 blocks are numbered row by row as {@link BlockDct}
 * numbers them. A region at the right or bottom edge may be cut short by the image. {@code size} 0 is the plain layer:
 * one region, the whole image.
 *
 * @param size side of a region in pixels (a multiple of 8), or 0 for one region
 * @param height image height in pixels
 * @param width image width in pixels
 */
public record SpatialRegions(int size, long height, long width) {

    /** Checks the region size against the image. */
    public SpatialRegions {
        if (size < 0 || size % BlockDct.N != 0) {
            throw new IllegalArgumentException(
                    "spatial table region size must be a positive multiple of 8, got " + size);
        }
        if (size > 0 && (size > padded(height) || size > padded(width))) {
            throw new IllegalArgumentException(
                    "spatial table region size " + size + " is larger than the image (" + height + "×" + width + ")");
        }
    }

    /** Regions across the image. */
    public long columns() {
        return size == 0 ? 1 : ceil(padded(width), size);
    }

    /** Regions down the image. */
    public long rows() {
        return size == 0 ? 1 : ceil(padded(height), size);
    }

    /** Number of regions. */
    public int count() {
        return (int) (rows() * columns());
    }

    /** Number of 8×8 blocks of the padded image. */
    public long blocks() {
        return padded(height) / BlockDct.N * (padded(width) / BlockDct.N);
    }

    /** The region of every block, in block order. */
    public long[] regionOfBlocks() {
        long blockColumns = padded(width) / BlockDct.N;
        long[] out = new long[(int) blocks()];
        for (int b = 0; b < out.length; b++) {
            out[b] = size == 0 ? 0 : regionAt(b / blockColumns * BlockDct.N, b % blockColumns * BlockDct.N);
        }
        return out;
    }

    /**
     * Adds values given per block to their regions: {@code perBlock} is (channels, blocks, 64) flattened, in block
     * order; {@code sums} is [channel][region][64].
     */
    public void addByRegion(double[] perBlock, int channels, double[][][] sums) {
        long[] regionOfBlock = regionOfBlocks();
        int blocks = regionOfBlock.length;
        for (int c = 0; c < channels; c++) {
            for (int b = 0; b < blocks; b++) {
                double[] region = sums[c][(int) regionOfBlock[b]];
                int offset = (c * blocks + b) * 64;
                for (int f = 0; f < 64; f++) {
                    region[f] += perBlock[offset + f];
                }
            }
        }
    }

    /** The region holding the pixel at row {@code y}, column {@code x} (of the padded image). */
    public long regionAt(long y, long x) {
        return size == 0 ? 0 : y / size * columns() + x / size;
    }

    private static long padded(long pixels) {
        return (pixels + BlockDct.N - 1) / BlockDct.N * BlockDct.N;
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
