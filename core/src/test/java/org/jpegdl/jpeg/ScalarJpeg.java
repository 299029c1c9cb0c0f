package org.jpegdl.jpeg;

/**
 * An independent scalar reference for hard JPEG quantisation, written with plain loops and textbook formulas
 * (JFIF colour conversion, separable DCT-II with exact cosines), to test the layer's array implementation against.
 * Returns pixels in [0,255] units (not normalised).
 */
final class ScalarJpeg {

    private ScalarJpeg() {}

    static double[] hardQuantise(float[] input, int channels, int h, int w, float[] lum, float[] chrom) {
        double[][] planes = new double[channels][h * w];
        for (int p = 0; p < h * w; p++) {
            if (channels == 1) {
                planes[0][p] = input[p] - 128.0;
            } else {
                double r = input[p] - 128.0;
                double g = input[h * w + p] - 128.0;
                double b = input[2 * h * w + p] - 128.0;
                double y = 0.299 * r + 0.587 * g + 0.114 * b;
                planes[0][p] = y;
                planes[1][p] = (b - y) / 1.772 + 0.5;
                planes[2][p] = (r - y) / 1.402 + 0.5;
            }
        }
        for (int c = 0; c < channels; c++) {
            float[] table = c == 0 ? lum : chrom;
            for (int by = 0; by < h; by += 8) {
                for (int bx = 0; bx < w; bx += 8) {
                    double[][] block = new double[8][8];
                    for (int i = 0; i < 8; i++) {
                        for (int j = 0; j < 8; j++) {
                            block[i][j] = planes[c][(by + i) * w + bx + j];
                        }
                    }
                    double[][] coeff = dct(block);
                    for (int u = 0; u < 8; u++) {
                        for (int v = 0; v < 8; v++) {
                            double q = table[u * 8 + v];
                            long k = Math.max(-127, Math.min(127, Math.round(coeff[u][v] / q)));
                            coeff[u][v] = k * q;
                        }
                    }
                    double[][] back = idct(coeff);
                    for (int i = 0; i < 8; i++) {
                        for (int j = 0; j < 8; j++) {
                            planes[c][(by + i) * w + bx + j] = back[i][j];
                        }
                    }
                }
            }
        }
        double[] out = new double[channels * h * w];
        for (int p = 0; p < h * w; p++) {
            if (channels == 1) {
                out[p] = planes[0][p] + 128;
            } else {
                double y = planes[0][p];
                double cb = planes[1][p] - 0.5;
                double cr = planes[2][p] - 0.5;
                double r = y + 1.402 * cr;
                double b = y + 1.772 * cb;
                double g = (y - 0.299 * r - 0.114 * b) / 0.587;
                out[p] = r + 128;
                out[h * w + p] = g + 128;
                out[2 * h * w + p] = b + 128;
            }
        }
        return out;
    }

    private static double c(int u) {
        return u == 0 ? Math.sqrt(0.125) : 0.5;
    }

    private static double[][] dct(double[][] x) {
        double[][] out = new double[8][8];
        for (int u = 0; u < 8; u++) {
            for (int v = 0; v < 8; v++) {
                double s = 0;
                for (int i = 0; i < 8; i++) {
                    for (int j = 0; j < 8; j++) {
                        s += x[i][j]
                                * Math.cos((2 * i + 1) * u * Math.PI / 16)
                                * Math.cos((2 * j + 1) * v * Math.PI / 16);
                    }
                }
                out[u][v] = c(u) * c(v) * s;
            }
        }
        return out;
    }

    private static double[][] idct(double[][] coeff) {
        double[][] out = new double[8][8];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double s = 0;
                for (int u = 0; u < 8; u++) {
                    for (int v = 0; v < 8; v++) {
                        s += c(u)
                                * c(v)
                                * coeff[u][v]
                                * Math.cos((2 * i + 1) * u * Math.PI / 16)
                                * Math.cos((2 * j + 1) * v * Math.PI / 16);
                    }
                }
                out[i][j] = s;
            }
        }
        return out;
    }
}
