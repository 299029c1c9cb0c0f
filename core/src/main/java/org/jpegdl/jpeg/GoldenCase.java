package org.jpegdl.jpeg;

/**
 * One case of a reference-vector file for the JPEG layer (read by {@link GoldenFile}): the layer's settings, its
 * tables and alpha, the input, and what the reference layer computed from them with how closely a port must agree.
 * Tables, alphas and gradients are 64 values per table and round in natural row-major order.
 *
 * @param name the case's name in the file
 * @param format the file's format: 1 (float32 reference, one tolerance for every gradient) or 2 (float64 reference,
 *     a tolerance per gradient)
 * @param batch images in the input
 * @param channels image channels, 1 or 3 (the length of {@code mean})
 * @param height image height in pixels
 * @param width image width in pixels
 * @param rounds soft quantiser rounds, each with its own tables
 * @param candidates reconstruction levels in the quantiser's window
 * @param bits index range of the quantiser in bits
 * @param mean per-channel normalisation mean
 * @param std per-channel normalisation standard deviation
 * @param lumTables luma steps per round
 * @param chromTables chroma steps per round (the luma tables for one channel)
 * @param alpha how the quantiser's alpha is set
 * @param trainableAlpha whether the alphas are parameters whose gradients the case holds
 * @param input RGB pixels in [0, 255], NCHW, flattened
 * @param outputWeights loss = sum(output × outputWeights)
 * @param reference what the reference layer computed, with tolerances
 */
public record GoldenCase(
        String name,
        int format,
        int batch,
        int channels,
        int height,
        int width,
        int rounds,
        int candidates,
        int bits,
        float[] mean,
        float[] std,
        float[][] lumTables,
        float[][] chromTables,
        Alpha alpha,
        boolean trainableAlpha,
        float[] input,
        float[] outputWeights,
        Reference reference) {

    /** A tolerance of a gradient the case does not compare ({@code null} in the file). */
    public static final double NOT_COMPARED = Double.NaN;

    /** The same case with other reference values (to check that a comparison can fail). */
    public GoldenCase withReference(Reference other) {
        return new GoldenCase(
                name,
                format,
                batch,
                channels,
                height,
                width,
                rounds,
                candidates,
                bits,
                mean,
                std,
                lumTables,
                chromTables,
                alpha,
                trainableAlpha,
                input,
                outputWeights,
                other);
    }

    /** The same case with other step tables. */
    public GoldenCase withTables(float[][] lum, float[][] chrom) {
        return new GoldenCase(
                name,
                format,
                batch,
                channels,
                height,
                width,
                rounds,
                candidates,
                bits,
                mean,
                std,
                lum,
                chrom,
                alpha,
                trainableAlpha,
                input,
                outputWeights,
                reference);
    }

    /** How a case sets the soft quantiser's alpha: exactly one of the three kinds. */
    public sealed interface Alpha {
        /** One alpha for every coefficient ({@code alpha}). */
        record Fixed(double value) implements Alpha {}

        /** 64 alphas per table and round ({@code alphaLum}, {@code alphaChrom}). */
        record PerFrequency(float[][] luma, float[][] chroma) implements Alpha {}

        /** Hardness matching: alpha = hardness / q² from the tables before every pass ({@code hardness}). */
        record Matched(double hardness) implements Alpha {}
    }

    /**
     * One gradient of the reference and the relative tolerance ‖diff‖₂/‖reference‖₂ it is held to.
     *
     * @param values the reference gradient, flattened
     * @param tolerance the largest allowed relative error, or {@link #NOT_COMPARED}
     */
    public record Gradient(double[] values, double tolerance) {
        /** Whether the gradient is compared at all. */
        public boolean compared() {
            return !Double.isNaN(tolerance);
        }
    }

    /**
     * What the reference layer computed on the case.
     *
     * @param output the layer's output, NCHW, flattened
     * @param loss sum(output × outputWeights), NaN when the file has none
     * @param input d loss / d input
     * @param luma d loss / d luma table, per round
     * @param chroma d loss / d chroma table, per round (null for one channel)
     * @param alphaLuma d loss / d luma alpha, per round (null unless alpha is trainable)
     * @param alphaChroma d loss / d chroma alpha, per round (null unless alpha is trainable with chroma)
     * @param outputFloat32Error the reference's own float32 output error (information; NaN when not given)
     */
    public record Reference(
            double[] output,
            double loss,
            Gradient input,
            Gradient[] luma,
            Gradient[] chroma,
            Gradient[] alphaLuma,
            Gradient[] alphaChroma,
            double outputFloat32Error) {}
}
