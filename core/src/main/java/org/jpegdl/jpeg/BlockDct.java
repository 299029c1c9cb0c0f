package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The 8×8 orthonormal DCT-II of JPEG, applied to every block of NCHW planes whose height and width are multiples of
 * 8. Coefficients come out as (N, C, blocks, 64), the 64 in natural row-major order (row = vertical frequency), so a
 * quantisation table of 64 entries broadcasts over the last axis. The 2-D transform is one 64×64 matrix (the
 * reference layer's float32 basis, see {@link #dct2dMatrix}), which turns the whole image into a single matrix
 * product.
 */
public final class BlockDct {

    /** Block edge in pixels. */
    public static final int N = 8;

    private static final double[] MATRIX = computeDct2dMatrix();

    private BlockDct() {}

    /**
     * The reference layer's cosines h[u][i] = cos((2i+1)·uπ/16) (8×8, row u), as it builds them: float32 angles
     * (float32 {@code arange}·π/16, times 2i+1) and PyTorch's float32 cos. That cos returns the correctly rounded
     * float32 value at every angle but π/16, where it returns the next float up (0.9807853 rather than 0.98078525,
     * the true value 0.980785279 lying nearly halfway): the reference's basis holds that value, and only with it
     * does this layer run in float64 agree with the reference run in float64 to 1e-7.
     */
    public static float[] cosines() {
        float[] h = new float[N * N];
        for (int u = 0; u < N; u++) {
            float spectral = (float) u * (float) Math.PI / (2 * N);
            for (int i = 0; i < N; i++) {
                float angle = (float) (2 * i + 1) * spectral;
                h[u * N + i] = (float) Math.cos(angle);
            }
        }
        h[N] = Math.nextUp(h[N]); // u = 1, i = 0: the angle π/16
        return h;
    }

    /**
     * The reference's normalisation n[u][v] = n(u)·n(v) with n(0) = 1/√2 and n(u) = 1 otherwise, each and their
     * product rounded to float32 (n[0][0] = 0.49999997, not 0.5), row-major 8×8.
     */
    public static float[] normalisation() {
        float invSqrt2 = (float) (1 / Math.sqrt(2));
        float[] n = new float[N * N];
        for (int u = 0; u < N; u++) {
            for (int v = 0; v < N; v++) {
                n[u * N + v] = (u == 0 ? invSqrt2 : 1f) * (v == 0 ? invSqrt2 : 1f);
            }
        }
        return n;
    }

    /**
     * The 2-D transform as a 64×64 matrix K with K[(u,v),(i,j)] = ¼·n[u][v]·h[u][i]·h[v][j] ({@link #cosines},
     * {@link #normalisation}): the reference's ¼·n ⊙ (hᵀ·block·h) as one matrix, orthonormal to float32 precision
     * (about 1e-7). With a hard soft quantiser (large α·q²) a coefficient near a decision boundary amplifies any
     * basis difference a thousandfold, so the layer uses the reference's own float32 basis, not an exact one.
     */
    public static double[] dct2dMatrix() {
        return MATRIX.clone();
    }

    private static double[] computeDct2dMatrix() {
        float[] h = cosines();
        float[] n = normalisation();
        double[] k = new double[64 * 64];
        for (int u = 0; u < N; u++) {
            for (int v = 0; v < N; v++) {
                for (int i = 0; i < N; i++) {
                    for (int j = 0; j < N; j++) {
                        k[(u * N + v) * 64 + i * N + j] = 0.25 * n[u * N + v] * h[u * N + i] * h[v * N + j];
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
