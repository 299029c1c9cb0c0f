package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The 8×8 orthonormal DCT-II of JPEG, applied to every block of NCHW planes whose height and width are multiples of
 * 8. Coefficients come out as (N, C, blocks, 64), the 64 in natural row-major order (row = vertical frequency), so a
 * quantisation table of 64 entries broadcasts over the last axis. The 2-D transform is one 64×64 matrix (the
 * Kronecker product of the 1-D DCT with itself), which turns the whole image into a single matrix product.
 */
public final class BlockDct {

    /** Block edge in pixels. */
    public static final int N = 8;

    private static final double[] MATRIX = computeDct2dMatrix();

    private BlockDct() {}

    /**
     * The 1-D orthonormal DCT-II matrix D (8×8): D[u][i] = c(u)·cos((2i+1)uπ/16), c(0) = √(1/8), c(u) = √(2/8).
     *
     * <p>The cosines are evaluated at angles rounded to float32, exactly as the reference layer builds its basis
     * (float32 {@code arange}·π/16, then float32 cos). The basis is thereby orthonormal to float32 precision only
     * (about 1e-6), but identical to the reference's: with a hard soft-quantiser (large α·q²) a coefficient near a
     * decision boundary amplifies any basis difference a thousandfold, so matching the reference's rounding is what
     * makes the layer reproduce it to float32 precision.
     */
    public static double[] dct1d() {
        double[] d = new double[N * N];
        float invSqrt2 = (float) (1 / Math.sqrt(2));
        for (int u = 0; u < N; u++) {
            float spectral = (float) u * (float) Math.PI / (2 * N);
            double c = u == 0 ? 0.5 * invSqrt2 : 0.5;
            for (int i = 0; i < N; i++) {
                float angle = (float) (2 * i + 1) * spectral;
                d[u * N + i] = c * (float) Math.cos(angle);
            }
        }
        return d;
    }

    /** The 2-D transform as a 64×64 matrix K with K[(u,v),(i,j)] = D[u][i]·D[v][j]. */
    public static double[] dct2dMatrix() {
        return MATRIX.clone();
    }

    private static double[] computeDct2dMatrix() {
        double[] d = dct1d();
        double[] k = new double[64 * 64];
        for (int u = 0; u < N; u++) {
            for (int v = 0; v < N; v++) {
                for (int i = 0; i < N; i++) {
                    for (int j = 0; j < N; j++) {
                        k[(u * N + v) * 64 + i * N + j] = d[u * N + i] * d[v * N + j];
                    }
                }
            }
        }
        return k;
    }

    private static NDArray matrix(NDManager m, DataType type) {
        return m.create(MATRIX, new Shape(64, 64)).toType(type, false);
    }

    /** Pixels (N,C,H,W), H and W multiples of 8, to coefficients (N,C,H/8·W/8,64). */
    public static NDArray forward(NDArray pixels) {
        Shape s = pixels.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        checkMultiple(h, w);
        NDArray blocks = pixels.reshape(n, c, h / N, N, w / N, N)
                .transpose(0, 1, 2, 4, 3, 5)
                .reshape(n, c, (h / N) * (w / N), 64);
        return blocks.matMul(matrix(pixels.getManager(), pixels.getDataType()).transpose());
    }

    /** Coefficients (N,C,H/8·W/8,64) back to pixels (N,C,H,W). */
    public static NDArray inverse(NDArray coefficients, long height, long width) {
        checkMultiple(height, width);
        Shape s = coefficients.getShape();
        long n = s.get(0), c = s.get(1);
        NDArray blocks = coefficients.matMul(matrix(coefficients.getManager(), coefficients.getDataType()));
        return blocks.reshape(n, c, height / N, width / N, N, N)
                .transpose(0, 1, 2, 4, 3, 5)
                .reshape(n, c, height, width);
    }

    private static void checkMultiple(long h, long w) {
        if (h % N != 0 || w % N != 0) {
            throw new IllegalArgumentException("block DCT needs height and width multiples of 8, got " + h + "×" + w);
        }
    }
}
