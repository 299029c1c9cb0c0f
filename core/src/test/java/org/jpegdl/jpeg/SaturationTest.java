package org.jpegdl.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The saturation counts of the index clamp on blocks built so that the clamp's decisions can be counted by hand.
 * Every 8×8 block is a constant colour or a horizontal cosine in gray, so only the DC (and for the cosine the
 * (0,1) coefficient) is non-zero. Steps: luma DC 1e-5 (any non-zero Y clamps), luma (0,1) 1e-3, chroma DC 16, every
 * other step 255 (no coefficient of these blocks reaches an index beyond ±1 there).
 */
class SaturationTest {

    /** The blocks: constant RGB or the cosine pattern, with their DC indices round(8·mean/16) of Cb and Cr. */
    private enum Block {
        /** Y = 0 exactly (128 − 128), Cb = Cr = 0.5: DC 4, index 0. */
        GRAY_128(128, 128, 128, 0, 0),
        /** Y = 32, Cb = Cr = 0.5. */
        GRAY_160(160, 160, 160, 0, 0),
        /** Shifted (0, 0, 100): Y = 11.4, Cb = 88.6/1.772 + 0.5 = 50.5 (DC 404, index 25), Cr = −7.63 (DC −61, −4). */
        BLUE(128, 128, 228, 25, -4),
        /** Shifted (100, 0, 0): Y = 29.9, Cb = −16.37 (DC −131, index −8), Cr = 50.5 (DC 404, 25). */
        RED(228, 128, 128, -8, 25),
        /** Gray 128 ± round(40·cos((2j+1)π/16)) across: Y has mean 0 and a large (0,1) coefficient; Cb = Cr = 0.5. */
        PATTERN(-1, -1, -1, 0, 0);

        final int r;
        final int g;
        final int b;
        final int cbIndex;
        final int crIndex;

        Block(int r, int g, int b, int cbIndex, int crIndex) {
            this.r = r;
            this.g = g;
            this.b = b;
            this.cbIndex = cbIndex;
            this.crIndex = crIndex;
        }

        boolean lumaDcNonZero() {
            return this == GRAY_160 || this == BLUE || this == RED;
        }
    }

    private static final int[] PATTERN_OFFSETS = {39, 33, 22, 8, -8, -22, -33, -39};

    /** Two images of 2 × 4 blocks, row by row: 4 GRAY_128, 3 each of the others. */
    private static final Block[][] LAYOUT = {
        {
            Block.GRAY_128,
            Block.GRAY_160,
            Block.BLUE,
            Block.RED,
            Block.PATTERN,
            Block.GRAY_128,
            Block.BLUE,
            Block.GRAY_160
        },
        {Block.RED, Block.RED, Block.PATTERN, Block.GRAY_128, Block.BLUE, Block.GRAY_160, Block.GRAY_128, Block.PATTERN}
    };

    private static float[] pixels() {
        int h = 16;
        int w = 32;
        float[] out = new float[2 * 3 * h * w];
        for (int img = 0; img < 2; img++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    Block block = LAYOUT[img][y / 8 * 4 + x / 8];
                    int[] rgb = block == Block.PATTERN
                            ? new int[] {
                                128 + PATTERN_OFFSETS[x % 8], 128 + PATTERN_OFFSETS[x % 8], 128 + PATTERN_OFFSETS[x % 8]
                            }
                            : new int[] {block.r, block.g, block.b};
                    for (int c = 0; c < 3; c++) {
                        out[((img * 3 + c) * h + y) * w + x] = rgb[c];
                    }
                }
            }
        }
        return out;
    }

    /**
     * @param bits the index range
     * @param candidates the window
     * @param mode SOFT or HARD
     * @param lowest the smallest index (soft: window centre) the clamp leaves alone, by hand from the quantiser's
     *     rule: soft: lo + ⌊c/2⌋ with lo = −2^(bits−1)+1; hard: lo
     * @param highest the largest: soft: 2^(bits−1) − c + ⌊c/2⌋; hard: 2^(bits−1) − 1
     */
    @ParameterizedTest(name = "{0} bits, {1} candidates, {2}")
    @CsvSource({"4, 5, SOFT, -5, 5", "2, 3, SOFT, 0, 0", "3, 1, SOFT, -3, 3", "4, 5, HARD, -7, 7"})
    void fractionsAreTheBlocksWhoseIndexTheClampMoved(
            int bits, int candidates, JpegLayer.Quantization mode, int lowest, int highest) {
        IntPredicate clamped = k -> k < lowest || k > highest;
        float[] lum = new float[64];
        float[] chrom = new float[64];
        Arrays.fill(lum, 255);
        Arrays.fill(chrom, 255);
        lum[0] = 1e-5f;
        lum[1] = 1e-3f;
        chrom[0] = 16;
        JpegLayer layer = JpegLayer.builder()
                .optBits(bits)
                .optCandidates(candidates)
                .optTableInit(TableInit.explicit(new float[][] {lum}, new float[][] {chrom}))
                .build();
        layer.setQuantization(mode);
        Shape shape = new Shape(2, 3, 16, 32);
        try (NDManager manager = NDManager.newBaseManager()) {
            layer.initialize(manager, DataType.FLOAT64, shape);
            NDArray x = manager.create(pixels(), shape).toType(DataType.FLOAT64, false);
            layer.saturation().setTracking(true);
            pass(layer, manager, x, false); // inference: not counted
            assertEquals(Set.of(), layer.saturation().rounds());
            pass(layer, manager, x, true);
            pass(layer, manager, x, true); // the same blocks again: the same fractions

            double[] expectedLuma = new double[64];
            double[] expectedChroma = new double[64];
            for (Block[] image : LAYOUT) {
                for (Block block : image) {
                    expectedLuma[0] += block.lumaDcNonZero() ? 1 : 0;
                    expectedLuma[1] += block == Block.PATTERN ? 1 : 0;
                    expectedChroma[0] += (clamped.test(block.cbIndex) ? 1 : 0) + (clamped.test(block.crIndex) ? 1 : 0);
                }
            }
            expectedLuma[0] /= 16;
            expectedLuma[1] /= 16;
            expectedChroma[0] /= 32;
            assertEquals(Set.of(0), layer.saturation().rounds());
            assertArrayEquals(expectedLuma, layer.saturation().luma(0), 1e-12);
            assertArrayEquals(expectedChroma, layer.saturation().chroma(0), 1e-12);
            assertTrue(expectedLuma[0] == 9.0 / 16 && expectedLuma[1] == 3.0 / 16 && expectedChroma[0] > 0);

            layer.saturation().reset();
            assertEquals(Set.of(), layer.saturation().rounds());
            assertArrayEquals(new double[64], layer.saturation().luma(0));
            layer.saturation().setTracking(false);
            pass(layer, manager, x, true);
            assertEquals(Set.of(), layer.saturation().rounds(), "not counted while tracking is off");
        }
    }

    private static void pass(JpegLayer layer, NDManager manager, NDArray x, boolean training) {
        layer.forward(new ParameterStore(manager, false), new NDList(x), training)
                .singletonOrThrow();
    }
}
