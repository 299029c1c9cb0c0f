package org.jpegdl.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * The zero-DC ablation against an independent reference in plain loops: the input less 128, in YCbCr (the
 * reference's offsets of 0.5 on Cb and Cr), zero-padded to multiples of 8, each 8×8 block's mean removed per channel
 * (the DC of an orthonormal DCT is 8 × the block mean), cropped, back to RGB, +128, /255, normalised.
 */
class ZeroDcTest {

    private static final double KR = 0.299;
    private static final double KG = 0.587;
    private static final double KB = 0.114;

    @Test
    void colourOutputIsTheInputWithEveryBlockMeanRemovedInYcbcr() {
        float[] mean = {0.5f, 0.45f, 0.4f};
        float[] std = {0.25f, 0.2f, 0.3f};
        int n = 2;
        int h = 12;
        int w = 20; // padded to 16 × 24: the edge blocks' means include the padding zeros
        try (NDManager manager = NDManager.newBaseManager()) {
            JpegLayer layer = JpegLayer.builder()
                    .optZeroDc(true)
                    .optNormalization(mean, std)
                    .build();
            LayerPasses passes = new LayerPasses(layer, manager, new Shape(n, 3, h, w), DataType.FLOAT64, 4);
            assertTrue(layer.tableParameters().isEmpty() && layer.rounds() == 0, "no tables");
            double[] out = passes.output();
            float[] rgb = passes.input().toType(DataType.FLOAT32, false).toFloatArray();
            double[] expected = colourReference(rgb, n, h, w, mean, std);
            double max = maxAbsDiff(out, expected);
            layer.setQuantization(JpegLayer.Quantization.OFF);
            double roundTrip = maxAbsDiff(passes.output(), normalised(rgb, n, 3, h, w, mean, std));
            System.out.printf(
                    "zero DC: %.2e from the reference; OFF round trip: %.2e from the input%n", max, roundTrip);
            // the reference's float32 DCT basis is orthonormal to about 1e-6: the round trip alone is off by as much
            assertTrue(max < 1e-5, "max difference " + max);
            assertTrue(
                    maxAbsDiff(expected, normalised(rgb, n, 3, h, w, mean, std)) > 0.1,
                    "removing the block means changes the image");
        }
    }

    @Test
    void grayscaleOutputIsTheInputWithEveryBlockMeanRemoved() {
        float[] mean = {0.45f};
        float[] std = {0.22f};
        try (NDManager manager = NDManager.newBaseManager()) {
            JpegLayer layer = JpegLayer.builder()
                    .optChannels(1)
                    .optZeroDc(true)
                    .optNormalization(mean, std)
                    .build();
            LayerPasses passes = new LayerPasses(layer, manager, new Shape(1, 1, 9, 17), DataType.FLOAT64, 6);
            float[] gray = passes.input().toType(DataType.FLOAT32, false).toFloatArray();
            double[][] plane = new double[16][24]; // zero padding
            for (int y = 0; y < 9; y++) {
                for (int x = 0; x < 17; x++) {
                    plane[y][x] = gray[y * 17 + x] - 128.0;
                }
            }
            removeBlockMeans(plane);
            double[] expected = new double[gray.length];
            for (int y = 0; y < 9; y++) {
                for (int x = 0; x < 17; x++) {
                    expected[y * 17 + x] = ((plane[y][x] + 128) / 255 - mean[0]) / std[0];
                }
            }
            double max = maxAbsDiff(passes.output(), expected);
            assertTrue(max < 1e-5, "max difference " + max);
        }
    }

    private static double[] colourReference(float[] rgb, int n, int h, int w, float[] mean, float[] std) {
        double[] out = new double[rgb.length];
        int plane = h * w;
        for (int img = 0; img < n; img++) {
            int base = img * 3 * plane;
            double[][][] ycc = new double[3][(h + 7) / 8 * 8][(w + 7) / 8 * 8]; // zero padding
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double r = rgb[base + y * w + x] - 128.0;
                    double g = rgb[base + plane + y * w + x] - 128.0;
                    double b = rgb[base + 2 * plane + y * w + x] - 128.0;
                    double luma = KR * r + KG * g + KB * b;
                    ycc[0][y][x] = luma;
                    ycc[1][y][x] = (b - luma) / (2 * (1 - KB)) + 0.5;
                    ycc[2][y][x] = (r - luma) / (2 * (1 - KR)) + 0.5;
                }
            }
            for (double[][] channel : ycc) {
                removeBlockMeans(channel);
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double luma = ycc[0][y][x];
                    double cb = ycc[1][y][x] - 0.5;
                    double cr = ycc[2][y][x] - 0.5;
                    double[] back = {
                        luma + 2 * (1 - KR) * cr,
                        luma - 2 * (1 - KR) * KR / KG * cr - 2 * (1 - KB) * KB / KG * cb,
                        luma + 2 * (1 - KB) * cb
                    };
                    for (int c = 0; c < 3; c++) {
                        out[base + c * plane + y * w + x] = ((back[c] + 128) / 255 - mean[c]) / std[c];
                    }
                }
            }
        }
        return out;
    }

    /** Subtracts from every 8×8 block its mean over all 64 entries. */
    private static void removeBlockMeans(double[][] plane) {
        for (int by = 0; by < plane.length; by += 8) {
            for (int bx = 0; bx < plane[0].length; bx += 8) {
                double sum = 0;
                for (int y = by; y < by + 8; y++) {
                    for (int x = bx; x < bx + 8; x++) {
                        sum += plane[y][x];
                    }
                }
                for (int y = by; y < by + 8; y++) {
                    for (int x = bx; x < bx + 8; x++) {
                        plane[y][x] -= sum / 64;
                    }
                }
            }
        }
    }

    private static double[] normalised(float[] pixels, int n, int c, int h, int w, float[] mean, float[] std) {
        double[] out = new double[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            int channel = i / (h * w) % c;
            out[i] = (pixels[i] / 255.0 - mean[channel]) / std[channel];
        }
        assertEquals(n * c * h * w, out.length);
        return out;
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
