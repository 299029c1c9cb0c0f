package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jpegdl.nd.Scalars;

/**
 * The trainable JPEG layer of JPEG-DL as a DJL {@link ai.djl.nn.Block}: RGB in [0,255] → −128 → YCbCr → zero-pad to
 * multiples of 8 → 8×8 DCT → soft quantiser (once per round, each round with its own luma and chroma step tables) →
 * inverse DCT → crop → RGB → +128 → /255 → per-channel (x − mean)/std. One-channel input takes the luma path only
 * (a grayscale JPEG: 64 steps per round). The step tables are the layer's parameters; keep them in
 * [{@link #MIN_STEP}, {@link #MAX_STEP}] after every optimiser update with {@link #clampTables()}.
 *
 * <p>Build with {@link #builder()}; put it in front of any classifier with {@link JpegDlModel#of}.
 */
public final class JpegLayer extends AbstractBlock {

    /** Smallest step a table may hold. */
    public static final float MIN_STEP = 1e-5f;
    /** Largest step a table may hold. */
    public static final float MAX_STEP = 255f;

    /**
     * Coefficients quantised together: the quantiser's intermediates are {@code candidates} times this many floats
     * (5 × 48 Ki × 4 B ≈ 1 MiB, one core's L2 cache here). The soft quantiser alone on 128×3×32×32 coefficients,
     * forward+backward: 29–33 ms as one piece, 20–25 ms in 8 slices of 48 Ki, 25–29 ms in 16, 34–36 ms in 32.
     */
    static final long SLICE_ELEMENTS = 48 * 1024;

    private static final byte VERSION = 1;

    /** How the layer quantises. */
    public enum Quantization {
        /** The differentiable soft quantiser (training). */
        SOFT,
        /** Plain round(x/q)·q, as a real JPEG codec (inference, comparison with real JPEG). */
        HARD,
        /** No quantisation: only the colour and DCT round trip (diagnostics). */
        OFF
    }

    private final int channels;
    private final int rounds;
    private final double alpha;
    private final boolean trainableAlpha;
    private final float[] mean;
    private final float[] std;
    private final TableInit init;
    private final SoftQuantizer quantizer;
    private final List<Parameter> lumaTables = new ArrayList<>();
    private final List<Parameter> chromaTables = new ArrayList<>();
    private final Parameter alphaParameter;
    private volatile Quantization quantization = Quantization.SOFT;

    private JpegLayer(Builder b) {
        super(VERSION);
        this.channels = b.channels;
        this.rounds = b.rounds;
        this.alpha = b.alpha;
        this.trainableAlpha = b.trainableAlpha;
        this.mean = b.mean;
        this.std = b.std;
        this.init = b.init;
        this.quantizer = new SoftQuantizer(b.candidates, b.bits);
        for (int r = 0; r < rounds; r++) {
            float[] lum = init.luma(r);
            lumaTables.add(addParameter(table("luma" + r, lum)));
            if (channels == 3) {
                chromaTables.add(addParameter(table("chroma" + r, init.chroma(r))));
            }
        }
        if (trainableAlpha) {
            double a = alpha;
            alphaParameter = addParameter(Parameter.builder()
                    .setName("alpha")
                    .setType(Parameter.Type.OTHER)
                    .optShape(new Shape(1))
                    .optInitializer((m, shape, type) -> m.full(shape, (float) a, type))
                    .build());
        } else {
            alphaParameter = null;
        }
    }

    private static Parameter table(String name, float[] values) {
        float[] clamped = values.clone();
        for (int i = 0; i < clamped.length; i++) {
            clamped[i] = Math.max(MIN_STEP, Math.min(MAX_STEP, clamped[i]));
        }
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(8, 8))
                .optInitializer((m, shape, type) -> m.create(clamped, shape).toType(type, false))
                .build();
    }

    /** A builder with the paper's defaults: 3 channels, 1 round, α = 5 fixed, 5 candidates, 8 bits. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkInput(x);
        NDArray coefficients = quantize(parameterStore, toCoefficients(x), training);
        return new NDList(toPixels(coefficients, x.getShape().get(2), x.getShape().get(3)));
    }

    /**
     * The middle of the layer, between {@link #toCoefficients} and {@link #toPixels}: every round of the current
     * {@link Quantization} on coefficients (N, C, blocks, 64), with this layer's step tables (and alpha) taken from
     * {@code parameterStore}; OFF returns the coefficients as they are. The forward pass is exactly these three
     * calls, so a benchmark can time the quantiser alone on the layer's own code.
     */
    public NDArray quantize(ParameterStore parameterStore, NDArray coefficients, boolean training) {
        if (quantization == Quantization.OFF) {
            return coefficients;
        }
        NDArray a = alphaParameter == null ? null
                : parameterStore.getValue(alphaParameter, coefficients.getDevice(), training);
        List<NDArray> steps = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            steps.add(steps(parameterStore, coefficients, r, training));
        }
        return quantize(coefficients, steps, a);
    }

    /**
     * Images of a batch the quantiser takes at once when each image has {@code coefficientsPerImage} coefficients
     * (channels × blocks × 64): as many as fit in {@link #SLICE_ELEMENTS}, at least one.
     */
    public static long sliceImages(long coefficientsPerImage) {
        return Math.max(1, SLICE_ELEMENTS / Math.max(1, coefficientsPerImage));
    }

    /**
     * Runs every round on slices of the batch of at most {@link #SLICE_ELEMENTS} coefficients each and joins them.
     * The quantiser is element-wise, so the values are exactly those of one pass over the whole batch; the slices
     * only keep its window-sized intermediates (candidates × slice) in the processor's cache.
     */
    private NDArray quantize(NDArray coefficients, List<NDArray> steps, NDArray a) {
        long images = coefficients.getShape().get(0);
        long slice = sliceImages(coefficients.getShape().size() / Math.max(1, images));
        NDList pieces = slice >= images ? new NDList(coefficients) : coefficients.split(sliceStarts(images, slice), 0);
        NDList out = new NDList(pieces.size());
        SoftQuantizer.Window window =
                quantization == Quantization.SOFT ? quantizer.window(coefficients, a, alpha) : null;
        for (NDArray piece : pieces) {
            NDArray c = piece;
            for (NDArray q : steps) {
                c = window != null ? quantizer.soft(c, q, window) : quantizer.hard(c, q);
            }
            out.add(c);
        }
        return out.size() == 1 ? out.singletonOrThrow() : NDArrays.concat(out, 0);
    }

    private static long[] sliceStarts(long images, long slice) {
        long[] starts = new long[(int) ((images - 1) / slice)];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = (i + 1) * slice;
        }
        return starts;
    }

    /**
     * The first half of the layer: pixels (N, C, H, W) in [0,255] → −128 → YCbCr (colour input) → zero-pad to
     * multiples of 8 → DCT coefficients (N, C, blocks, 64), natural order per block.
     */
    public NDArray toCoefficients(NDArray pixels) {
        Shape s = pixels.getShape();
        long h = s.get(2);
        long w = s.get(3);
        long paddedH = padded(h);
        long paddedW = padded(w);
        NDArray shifted = pixels.sub(128);
        NDArray ycc = channels == 3 ? ColorSpace.rgbToYcbcr(shifted) : shifted;
        if (paddedH != h || paddedW != w) {
            ycc = ycc.pad(new Shape(0, paddedW - w, 0, paddedH - h), 0);
        }
        return BlockDct.forward(ycc);
    }

    /**
     * The second half of the layer: coefficients (N, C, blocks, 64) → inverse DCT → crop to {@code height} ×
     * {@code width} → RGB → +128 → /255 → (x − mean)/std.
     */
    public NDArray toPixels(NDArray coefficients, long height, long width) {
        long paddedH = padded(height);
        long paddedW = padded(width);
        NDArray pixels = BlockDct.inverse(coefficients, paddedH, paddedW);
        if (paddedH != height || paddedW != width) {
            pixels = pixels.get(":, :, 0:" + height + ", 0:" + width);
        }
        if (channels == 3) {
            return ColorSpace.ycbcrToNormalisedRgb(pixels, mean, std);
        }
        // grayscale: (y + 128)/255 normalised, folded into one multiply (by an array: see Scalars) and one add
        double scale = 1 / (255.0 * std[0]);
        return pixels.mul(Scalars.like(pixels, scale)).add(128 * scale - mean[0] / (double) std[0]);
    }

    private static long padded(long size) {
        return (size + 7) / 8 * 8;
    }

    /** The step tables of round r stacked per channel as (1, C, 1, 64), on {@code x}'s device and manager. */
    private NDArray steps(ParameterStore store, NDArray x, int round, boolean training) {
        // derived arrays belong to the batch: left on the parameters' manager they would pile up every step
        NDArray lum = store.getValue(lumaTables.get(round), x.getDevice(), training).reshape(1, 1, 1, 64);
        lum.attach(x.getManager());
        if (channels == 1) {
            return lum;
        }
        NDArray chrom = store.getValue(chromaTables.get(round), x.getDevice(), training).reshape(1, 1, 1, 64);
        chrom.attach(x.getManager());
        NDArray stacked = NDArrays.concat(new NDList(lum, chrom, chrom), 1);
        stacked.attach(x.getManager());
        return stacked;
    }

    private void checkInput(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException(
                    "JPEG layer expects a 4-D batch (N, C, H, W) of pixels in [0,255], got shape " + s);
        }
        if (s.get(1) != channels) {
            throw new IllegalArgumentException("JPEG layer was built for " + channels + " channel(s) but the input has "
                    + s.get(1) + " (shape " + s + ")");
        }
        if (s.get(2) < 1 || s.get(3) < 1) {
            throw new IllegalArgumentException("JPEG layer input has an empty image: shape " + s);
        }
        DataType t = x.getDataType();
        if (t != DataType.FLOAT32 && t != DataType.FLOAT64) {
            throw new IllegalArgumentException("JPEG layer expects float32 or float64 pixels, got " + t);
        }
        // one reduction: a NaN or infinite pixel makes the sum non-finite (finite pixels cannot overflow it)
        try (NDArray sum = x.sum()) {
            if (!Double.isFinite(sum.toType(DataType.FLOAT64, false).getDouble())) {
                throw new IllegalArgumentException("JPEG layer input contains NaN or infinite values");
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Clamps every step table (and a trainable alpha, to be positive) in place; call after each update. */
    public void clampTables() {
        for (Parameter p : tableParameters()) {
            clampInPlace(p.getArray(), MIN_STEP, MAX_STEP);
        }
        if (alphaParameter != null && alphaParameter.isInitialized()) {
            clampInPlace(alphaParameter.getArray(), 1e-6, Double.MAX_VALUE);
        }
    }

    private static void clampInPlace(NDArray array, double lo, double hi) {
        try (NDArray below = array.lt(lo);
                NDArray above = array.gt(hi)) {
            array.set(below, lo);
            array.set(above, hi);
        }
    }

    /** The layer's trainable parameters: the step tables, and alpha when trainable. */
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>(tableParameters());
        if (alphaParameter() != null) {
            out.add(alphaParameter());
        }
        return Collections.unmodifiableList(out);
    }

    /** The step-table parameters, luma then chroma per round. */
    public List<Parameter> tableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            out.add(lumaTables.get(r));
            if (channels == 3) {
                out.add(chromaTables.get(r));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The luma table parameter of round r. */
    public Parameter lumaTable(int round) {
        return lumaTables.get(round);
    }

    /** The chroma table parameter of round r; throws for a one-channel layer. */
    public Parameter chromaTable(int round) {
        if (channels != 3) {
            throw new IllegalStateException("a one-channel JPEG layer has no chroma tables");
        }
        return chromaTables.get(round);
    }

    /** Current luma steps of round r, natural order (64 floats). */
    public float[] lumaSteps(int round) {
        return lumaTables.get(round).getArray().toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** Current chroma steps of round r, natural order (64 floats). */
    public float[] chromaSteps(int round) {
        return chromaTable(round).getArray().toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** The trainable alpha parameter, or null when alpha is fixed. */
    public Parameter alphaParameter() {
        return alphaParameter;
    }

    /** Sets how the layer quantises from now on. */
    public void setQuantization(Quantization quantization) {
        this.quantization = quantization;
    }

    public Quantization getQuantization() {
        return quantization;
    }

    public int channels() {
        return channels;
    }

    public int rounds() {
        return rounds;
    }

    /** The fixed alpha, or the starting value of a trainable one. */
    public double alpha() {
        return alpha;
    }

    public boolean trainableAlpha() {
        return trainableAlpha;
    }

    public int candidates() {
        return quantizer.candidates();
    }

    public int bits() {
        return quantizer.bits();
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    public TableInit tableInit() {
        return init;
    }

    @Override
    public String toString() {
        return "JpegLayer(channels=" + channels + ", rounds=" + rounds + ", alpha=" + alpha
                + (trainableAlpha ? " trainable" : "") + ", candidates=" + candidates() + ", bits=" + bits()
                + ", init=" + init + ", " + quantization + ")";
    }

    /** Builder of {@link JpegLayer}: every setting is optional and defaults to the paper's. */
    public static final class Builder {
        private int channels = 3;
        private int rounds = 1;
        private double alpha = 5;
        private boolean trainableAlpha;
        private int candidates = 5;
        private int bits = 8;
        private float[] mean;
        private float[] std;
        private TableInit init = TableInit.quality(50);

        private Builder() {}

        /** 3 for RGB (luma and chroma tables), 1 for grayscale (luma only). */
        public Builder optChannels(int channels) {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("JPEG layer channels must be 1 or 3, got " + channels);
            }
            this.channels = channels;
            return this;
        }

        /** Soft quantiser applications in sequence, each with its own tables (≥ 1). */
        public Builder optRounds(int rounds) {
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
            }
            this.rounds = rounds;
            return this;
        }

        /** Hardness of the soft quantiser (default 5). */
        public Builder optAlpha(double alpha) {
            if (!(alpha > 0) || !Double.isFinite(alpha)) {
                throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
            }
            this.alpha = alpha;
            return this;
        }

        /** Whether alpha is a trainable parameter (default fixed). */
        public Builder optTrainableAlpha(boolean trainable) {
            this.trainableAlpha = trainable;
            return this;
        }

        /** Reconstruction levels in the window (default 5). */
        public Builder optCandidates(int candidates) {
            this.candidates = candidates;
            return this;
        }

        /** Index clamp range in bits (default 8). */
        public Builder optBits(int bits) {
            this.bits = bits;
            return this;
        }

        /** Output normalisation: (x/255 − mean)/std per channel (default mean 0, std 1). */
        public Builder optNormalization(float[] mean, float[] std) {
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /** Where the step tables start (default standard quality 50). */
        public Builder optTableInit(TableInit init) {
            this.init = init;
            return this;
        }

        /** Builds the layer, checking that the settings agree with each other. */
        public JpegLayer build() {
            new SoftQuantizer(candidates, bits); // validates candidates and bits
            if (mean == null) {
                mean = new float[channels];
                std = new float[channels];
                Arrays.fill(std, 1f);
            }
            if (mean.length != channels || std.length != channels) {
                throw new IllegalArgumentException("normalisation needs " + channels + " mean and std values, got "
                        + mean.length + " and " + std.length);
            }
            for (float s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("normalisation std must be positive, got " + s);
                }
            }
            if (init.rounds() > 1 && init.rounds() != rounds) {
                throw new IllegalArgumentException("initial tables cover " + init.rounds() + " rounds but the layer has "
                        + rounds);
            }
            for (int r = 0; r < rounds; r++) {
                TableInit.checkTable(init.luma(r), "luma table of round " + r);
                TableInit.checkTable(init.chroma(r), "chroma table of round " + r);
            }
            return new JpegLayer(this);
        }
    }
}
