package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.jpegdl.data.Augment;
import org.jpegdl.data.Batches;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.run.MeanMagnitudes;
import org.junit.jupiter.api.Test;

/**
 * Mean coefficient magnitudes against a closed form on hand-made images: level shift, JFIF YCbCr with the layer's
 * chroma offset, zero padding to whole blocks and a textbook scalar 8×8 DCT, all written out here in double
 * precision, |x| averaged per frequency over images and the blocks of each region.
 */
class CoefficientMagnitudesTest {

    private static final int IMAGES = 3;
    private static final int HEIGHT = 12;
    private static final int WIDTH = 16;

    /** Three colour images of 12×16 pixels (padded to 16×16 by the layer: four blocks) from a fixed pattern. */
    private static ImageDataset colourImages() {
        byte[] pixels = new byte[IMAGES * 3 * HEIGHT * WIDTH];
        for (int i = 0; i < IMAGES; i++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < HEIGHT; y++) {
                    for (int x = 0; x < WIDTH; x++) {
                        int v = (37 * i + 11 * x * y + 29 * c * x + 53 * c + 7 * y) % 256;
                        pixels[((i * 3 + c) * HEIGHT + y) * WIDTH + x] = (byte) v;
                    }
                }
            }
        }
        return new ImageDataset(
                "hand-made", "test", pixels, new int[] {0, 1, 0}, 2, 3, HEIGHT, WIDTH, List.of("a", "b"));
    }

    private static MeanMagnitudes compute(ImageDataset data, int regionSize) {
        Batches batches = Batches.builder()
                .setDataset(data)
                .setBatchSize(2)
                .optAugment(Augment.evaluation(0))
                .optShuffle(false)
                .build();
        MeanMagnitudes.Key key = new MeanMagnitudes.Key(
                "hand-made", null, 0, null, data.height(), data.width(), 0, regionSize, false, 0, 0);
        try (NDManager manager = NDManager.newBaseManager()) {
            return CoefficientMagnitudes.compute(batches, key, manager);
        }
    }

    @Test
    void wholeImageAndPerRegionMeansEqualTheClosedForm() {
        ImageDataset data = colourImages();
        // [image][channel Y, Cb, Cr][block row][block column][frequency]: the DCT of the padded YCbCr planes
        double[][][][][] coefficients = new double[IMAGES][][][][];
        for (int i = 0; i < IMAGES; i++) {
            coefficients[i] = referenceCoefficients(data.image(i));
        }
        MeanMagnitudes whole = compute(data, 0);
        assertEquals(IMAGES, whole.images());
        assertEquals(4, whole.blocksPerImage());
        assertEquals(1, whole.luma().length);
        MeanMagnitudes regions = compute(data, 8);
        assertEquals(4, regions.luma().length);
        for (int f = 0; f < 64; f++) {
            double lumaSum = 0;
            double chromaSum = 0;
            for (int by = 0; by < 2; by++) {
                for (int bx = 0; bx < 2; bx++) {
                    double lumaRegion = 0;
                    double chromaRegion = 0;
                    for (double[][][][] image : coefficients) {
                        lumaRegion += Math.abs(image[0][by][bx][f]);
                        chromaRegion += Math.abs(image[1][by][bx][f]) + Math.abs(image[2][by][bx][f]);
                    }
                    int region = by * 2 + bx; // regions of 8 px are the blocks, row by row
                    assertClose(lumaRegion / IMAGES, regions.luma()[region][f], "Y region " + region + " f " + f);
                    assertClose(
                            chromaRegion / (2 * IMAGES),
                            regions.chroma()[region][f],
                            "CbCr region " + region + " f " + f);
                    lumaSum += lumaRegion;
                    chromaSum += chromaRegion;
                }
            }
            assertClose(lumaSum / (4 * IMAGES), whole.luma()[0][f], "Y f " + f);
            assertClose(chromaSum / (2 * 4 * IMAGES), whole.chroma()[0][f], "CbCr f " + f);
        }
    }

    @Test
    void grayscaleHasLumaOnly() {
        byte[] pixels = new byte[2 * 8 * 8];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = (byte) (p * 13 % 256);
        }
        ImageDataset gray = new ImageDataset("gray", "test", pixels, new int[] {0, 1}, 2, 1, 8, 8, List.of("a", "b"));
        MeanMagnitudes m = compute(gray, 0);
        assertNull(m.chroma());
        for (int f = 0; f < 64; f++) {
            double expected = 0;
            for (int i = 0; i < 2; i++) {
                double[][] plane = new double[8][8];
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        plane[y][x] = (pixels[i * 64 + y * 8 + x] & 0xFF) - 128.0;
                    }
                }
                expected += Math.abs(dct(plane, 0, 0)[f]) / 2;
            }
            assertClose(expected, m.luma()[0][f], "f " + f);
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 2e-5 * Math.abs(expected) + 2e-3, what);
    }

    /** YCbCr planes of one CHW image, shifted, padded with zeros to 16×16, and their 8×8 DCT per block. */
    private static double[][][][] referenceCoefficients(byte[] chw) {
        int plane = HEIGHT * WIDTH;
        double[][][] ycc = new double[3][16][16];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                double r = (chw[y * WIDTH + x] & 0xFF) - 128.0;
                double g = (chw[plane + y * WIDTH + x] & 0xFF) - 128.0;
                double b = (chw[2 * plane + y * WIDTH + x] & 0xFF) - 128.0;
                double luma = 0.299 * r + 0.587 * g + 0.114 * b;
                ycc[0][y][x] = luma;
                ycc[1][y][x] = (b - luma) / 1.772 + 0.5;
                ycc[2][y][x] = (r - luma) / 1.402 + 0.5;
            }
        }
        double[][][][] out = new double[3][2][2][];
        for (int c = 0; c < 3; c++) {
            for (int by = 0; by < 2; by++) {
                for (int bx = 0; bx < 2; bx++) {
                    out[c][by][bx] = dct(ycc[c], by * 8, bx * 8);
                }
            }
        }
        return out;
    }

    /** The orthonormal 8×8 DCT-II of the block at (top, left), natural row-major order (row = vertical frequency). */
    private static double[] dct(double[][] plane, int top, int left) {
        double[] out = new double[64];
        for (int u = 0; u < 8; u++) {
            for (int v = 0; v < 8; v++) {
                double s = 0;
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        s += plane[top + y][left + x] * basis(u, y) * basis(v, x);
                    }
                }
                out[u * 8 + v] = s;
            }
        }
        return out;
    }

    private static double basis(int u, int i) {
        return (u == 0 ? Math.sqrt(0.125) : 0.5) * Math.cos((2 * i + 1) * u * Math.PI / 16);
    }
}
