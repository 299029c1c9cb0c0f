package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.jpegdl.nd.Scalars;

/**
 * A differentiable estimate of the bits baseline JPEG spends on quantised DCT coefficients, built from PyTorch
 * operators (autograd differentiates it; nothing here has a hand-written backward).
 *
 * <p>The model follows what baseline JPEG codes. Every coefficient becomes an index k = x/q (a real number here: the
 * relaxation of round(x/q)); the DC index is coded as its difference from the previous block's DC index of the same
 * component (DPCM, the first block against 0), every AC index as itself. JPEG codes a non-zero value as a Huffman
 * symbol for its <em>category</em> n = ⌊log₂|k|⌋ + 1 followed by n raw magnitude bits, and zeros through run lengths
 * and end-of-block. The estimate charges each coefficient
 * <pre>
 *   bits = Σₙ wₙ(|k|) · (n − log₂ pₙ)
 * </pre>
 * where wₙ(|k|) is a soft assignment of |k| to category n (the category edges 2ⁿ⁻¹ − ½ of the rounded index, each
 * a sigmoid in log|k| of sharpness {@link #sharpness}: wₙ = Sₙ − Sₙ₊₁ with Sₙ = σ(s·(ln|k| − ln eₙ)), S₀ = 1), and
 * pₙ the mean of wₙ over the batch, per frequency and per table (luma; Cb and Cr together, which share one
 * Huffman table in the files): −log₂ pₙ is the length of an ideal code for the category, which a Huffman table
 * optimised for the images approaches, and n its magnitude bits. Zeros (category 0) cost −log₂ p₀ per coefficient:
 * per-frequency statistics stand in for the run lengths and end-of-block, and cost a high frequency that is almost
 * always zero almost nothing, as JPEG's end-of-block does.
 *
 * <p>Why this and not the entropy of soft-assigned integer indices: an index histogram needs a bin per value (up to
 * 2047 for DC differences) and under-counts the magnitude bits of rare large values in small batches, while the
 * category split is exactly JPEG's own (symbol plus raw bits), needs 12 bins, and keeps a gradient between integer
 * levels (the soft edges are in log|k|, so they widen with the category). The log-domain sigmoids keep the
 * estimate smooth in the steps for the float64 finite-difference check. What it leaves out: the run-length pairing of
 * zeros with the next non-zero symbol, the Huffman tables' own bytes and the file headers; {@code
 * RateEstimatorAgreementTest} measures how far it lands from real files written with optimised Huffman tables.
 */
public final class RateEstimator {

    /** JPEG's largest category of a DC difference (8-bit samples): 11. AC values stop at 10. */
    public static final int CATEGORIES = 11;
    /** The default sharpness s of the category edges in ln|k|. */
    public static final double DEFAULT_SHARPNESS = 4;
    /** Added to |k| before its logarithm, so ln stays finite at 0 (where every category above 0 has weight ≈ 0). */
    private static final double TINY = 1e-6;
    /** Added to every category's frequency before its logarithm: a category no coefficient uses costs ~20 bits. */
    private static final double FLOOR = 1e-6;

    private final double sharpness;

    /** An estimator with category edges of sharpness {@value #DEFAULT_SHARPNESS}. */
    public RateEstimator() {
        this(DEFAULT_SHARPNESS);
    }

    /**
     * @param sharpness s of the soft category edges σ(s·(ln|k| − ln eₙ)): larger is closer to JPEG's hard categories
     *     and has less gradient between edges
     */
    public RateEstimator(double sharpness) {
        if (!(sharpness > 0) || !Double.isFinite(sharpness)) {
            throw new IllegalArgumentException(
                    "the sharpness of the category edges must be positive, got " + sharpness);
        }
        this.sharpness = sharpness;
    }

    /** The sharpness s of the soft category edges. */
    public double sharpness() {
        return sharpness;
    }

    /**
     * Estimated bits of each image's entropy-coded data.
     *
     * @param coefficients DCT coefficients (N, C, blocks, 64) as {@link JpegLayer#toCoefficients} gives them (blocks
     *     in raster order, natural order within a block); C = 1 (gray) or 3 (Y, Cb, Cr)
     * @param steps the quantisation steps, broadcastable to the coefficients: (1 or N, C, 1 or blocks, 64)
     * @return bits per image, shape (N), differentiable in the steps (and the coefficients)
     */
    public NDArray bitsPerImage(NDArray coefficients, NDArray steps) {
        Shape s = coefficients.getShape();
        if (s.dimension() != 4 || s.get(3) != 64 || (s.get(1) != 1 && s.get(1) != 3)) {
            throw new IllegalArgumentException(
                    "the rate estimate needs coefficients (N, 1 or 3, blocks, 64), got " + s);
        }
        NDArray index = coefficients.div(steps);
        NDArray symbols = dcDifferences(index);
        NDArray weights = categoryWeights(symbols.abs()); // (N, C, blocks, 64, categories + 1)
        NDArray bits = groupBits(weights.get(":, 0:1"));
        if (s.get(1) == 3) {
            bits = bits.add(groupBits(weights.get(":, 1:3")));
        }
        return bits;
    }

    /**
     * Estimated bits per pixel of the batch: the mean over its images of {@link #bitsPerImage} divided by
     * {@code pixelsPerImage} (height × width of the images the coefficients come from).
     */
    public NDArray bitsPerPixel(NDArray coefficients, NDArray steps, long pixelsPerImage) {
        NDArray bits = bitsPerImage(coefficients, steps);
        return bits.mean().mul(Scalars.like(bits, 1.0 / pixelsPerImage));
    }

    /** The indices with the DC of every block replaced by its difference from the previous block's (0 first). */
    private static NDArray dcDifferences(NDArray index) {
        NDArray dc = index.get(":, :, :, 0:1"); // (N, C, blocks, 1)
        long blocks = dc.getShape().get(2);
        NDArray previous = blocks == 1
                ? dc.zerosLike()
                : NDArrays.concat(new NDList(dc.get(":, :, 0:1").zerosLike(), dc.get(":, :, 0:" + (blocks - 1))), 2);
        return NDArrays.concat(new NDList(dc.sub(previous), index.get(":, :, :, 1:")), 3);
    }

    /** Soft category weights w₀ … w_K of |k|, summing to 1, on a new last axis. */
    private NDArray categoryWeights(NDArray magnitude) {
        NDManager m = magnitude.getManager();
        double[] logEdges = new double[CATEGORIES];
        for (int n = 1; n <= CATEGORIES; n++) {
            logEdges[n - 1] = Math.log(Math.pow(2, n - 1) - 0.5);
        }
        NDArray edges =
                m.create(logEdges).toType(magnitude.getDataType(), false).toDevice(magnitude.getDevice(), false);
        NDArray above = Activation.sigmoid(magnitude
                .add(TINY)
                .log()
                .expandDims(-1)
                .sub(edges)
                .mul(Scalars.like(magnitude, sharpness))); // S₁ … S_K
        Shape one = above.getShape().slice(0, above.getShape().dimension() - 1).add(1);
        NDArray upper = NDArrays.concat(
                new NDList(m.ones(one, magnitude.getDataType()).toDevice(magnitude.getDevice(), false), above),
                -1); // S₀ … S_K
        NDArray lower = NDArrays.concat(
                new NDList(above, m.zeros(one, magnitude.getDataType()).toDevice(magnitude.getDevice(), false)),
                -1); // S₁ … S_K, 0
        return upper.sub(lower);
    }

    /** Bits per image of one table's components: weights (N, c, blocks, 64, K+1) → (N). */
    private static NDArray groupBits(NDArray weights) {
        NDManager m = weights.getManager();
        // category frequencies per frequency position over every image, component and block of the batch
        Shape s = weights.getShape();
        double count = (double) s.get(0) * s.get(1) * s.get(2);
        NDArray p = weights.sum(new int[] {0, 1, 2})
                .mul(Scalars.like(weights, 1 / count))
                .add(FLOOR); // (64, K+1)
        NDArray costOfLog = p.log().mul(Scalars.like(p, -1 / Math.log(2)));
        double[] raw = new double[CATEGORIES + 1];
        for (int n = 0; n <= CATEGORIES; n++) {
            raw[n] = n;
        }
        NDArray magnitudeBits =
                m.create(raw).toType(weights.getDataType(), false).toDevice(weights.getDevice(), false);
        NDArray cost = costOfLog.add(magnitudeBits); // (64, K+1)
        return weights.mul(cost).sum(new int[] {1, 2, 3, 4});
    }
}
