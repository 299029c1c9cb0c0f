package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * JFIF full-range RGB ↔ YCbCr on NCHW arrays, with the reference layer's constants: it works on values already
 * shifted by −128 and offsets Cb and Cr by 0.5 (not 128), so Cb = (B − Y)/1.772 + 0.5 and Cr = (R − Y)/1.402 + 0.5.
 */
public final class ColorSpace {

    /** Luma weights of R, G and B (ITU-R BT.601, as JFIF). */
    public static final double KR = 0.299;

    public static final double KG = 0.587;
    public static final double KB = 0.114;
    /** The offset the reference adds to Cb and Cr. */
    public static final double CHROMA_OFFSET = 0.5;

    private static final double CB_SCALE = 2 * (1 - KB);
    private static final double CR_SCALE = 2 * (1 - KR);

    private ColorSpace() {}

    /** Forward matrix: rows Y, Cb, Cr; columns R, G, B. */
    static double[] forwardMatrix() {
        return new double[] {
            KR,
            KG,
            KB,
            -KR / CB_SCALE,
            -KG / CB_SCALE,
            (1 - KB) / CB_SCALE,
            (1 - KR) / CR_SCALE,
            -KG / CR_SCALE,
            -KB / CR_SCALE
        };
    }

    /** Inverse matrix: rows R, G, B; columns Y, Cb, Cr (before the chroma offset is removed). */
    static double[] inverseMatrix() {
        return new double[] {1, 0, CR_SCALE, 1, -KB * CB_SCALE / KG, -KR * CR_SCALE / KG, 1, CB_SCALE, 0};
    }

    /** Converts shifted RGB (N,3,H,W) to YCbCr (N,3,H,W). */
    public static NDArray rgbToYcbcr(NDArray rgb) {
        NDArray ycc = mix(rgb, forwardMatrix());
        return ycc.add(offsets(rgb.getManager(), rgb, CHROMA_OFFSET));
    }

    /** Converts YCbCr (N,3,H,W) back to shifted RGB (N,3,H,W); exact inverse of {@link #rgbToYcbcr}. */
    public static NDArray ycbcrToRgb(NDArray ycc) {
        NDArray centred = ycc.sub(offsets(ycc.getManager(), ycc, CHROMA_OFFSET));
        return mix(centred, inverseMatrix());
    }

    /**
     * The inverse transform, +128, /255 and (x − mean)/std folded into one affine map per pixel: out = A·ycc + b,
     * with A = diag(1/(255·std))·M⁻¹ and b = (128 − M⁻¹·offsets)/(255·std) − mean/std. One matrix product and one
     * addition instead of six passes.
     */
    static NDArray ycbcrToNormalisedRgb(NDArray ycc, float[] mean, float[] std) {
        double[] inverse = inverseMatrix();
        double[] a = new double[9];
        double[] b = new double[3];
        for (int c = 0; c < 3; c++) {
            double scale = 1 / (255.0 * std[c]);
            double shift = 128;
            for (int k = 0; k < 3; k++) {
                a[c * 3 + k] = inverse[c * 3 + k] * scale;
                shift -= inverse[c * 3 + k] * (k == 0 ? 0 : CHROMA_OFFSET);
            }
            b[c] = shift * scale - mean[c] / std[c];
        }
        NDArray bias = ycc.getManager().create(b, new Shape(1, 3, 1, 1)).toType(ycc.getDataType(), false);
        return mix(ycc, a).add(bias);
    }

    private static NDArray mix(NDArray x, double[] matrix3x3) {
        // out[n, c] = Σₖ m[c, k]·x[n, k] as one broadcast product (n, 3, 3, pixels) summed over k: a matrix product
        // would broadcast the 3×3 matrix over the batch and run one tiny GEMM per image (2–4× slower here, forward
        // and backward, measured at 128×3×32×32)
        Shape s = x.getShape();
        NDManager m = x.getManager();
        NDArray mat = m.create(matrix3x3, new Shape(1, 3, 3, 1)).toType(x.getDataType(), false);
        NDArray flat = x.reshape(s.get(0), 1, 3, s.get(2) * s.get(3));
        return flat.mul(mat).sum(new int[] {2}).reshape(s);
    }

    private static NDArray offsets(NDManager m, NDArray like, double chroma) {
        return m.create(new double[] {0, chroma, chroma}, new Shape(1, 3, 1, 1)).toType(like.getDataType(), false);
    }
}
