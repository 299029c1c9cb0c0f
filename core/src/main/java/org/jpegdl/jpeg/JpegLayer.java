package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.jpegdl.nd.Scalars;

/**
 * The trainable JPEG layer of JPEG-DL as a DJL {@link Block}: RGB in [0,255] → −128 → YCbCr → zero-pad to multiples
 * of 8 → 8×8 DCT → soft quantiser (once per round, each round with its own luma and chroma step tables) → inverse DCT
 * → crop → RGB → +128 → /255 → per-channel (x − mean)/std. One-channel input takes the luma path only (a grayscale
 * JPEG: 64 steps per round). The step tables are the layer's parameters; keep them in [{@link #MIN_STEP},
 * {@link #MAX_STEP}] after every optimiser update with {@link #clampTables()}.
 *
 * <p>The quantiser's hardness α has the tables' shape, as the reference holds it: 64 values per table (luma; chroma
 * shared by Cb and Cr) per round, fixed (one value for every frequency, explicit tables, or α/q at the initial steps)
 * or trainable, or set before every pass to H/q² from the current steps (hardness matching, no gradient through
 * it). With spatial tables every region of S×S pixels has its own tables (and α). The zero-DC ablation has no tables:
 * it sets every block's DC coefficient to 0 and quantises nothing.
 *
 * <p>Build with {@link #builder()}; put it in front of any classifier with {@link JpegDlModel#of}.
 */
public final class JpegLayer extends AbstractBlock {

    /** Smallest step a table may hold. */
    public static final float MIN_STEP = 1e-5f;
    /** Largest step a table may hold. */
    public static final float MAX_STEP = 255f;
    /** Smallest alpha (the reference's clamp of a trainable or matched alpha). */
    public static final float MIN_ALPHA = 1e-5f;

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
        OFF,
        /**
         * Hard quantisation with the rounding replaced by the identity: clamp(x/q, lo, hi−1)·q ({@link
         * SoftQuantizer#clamped}), so x itself inside the index range and the clamped level outside it. A surrogate
         * for attacks (BPDA): its derivative is 1 where the index range holds a coefficient and 0 where the clamp
         * pins it, as the real function's.
         */
        CLAMPED
    }

    private final int channels;
    private final int rounds;
    private final double alpha;
    private final float[][] alphaLumaInit;
    private final float[][] alphaChromaInit;
    private final boolean alphaScaling;
    private final boolean trainableAlpha;
    private final double hardness;
    private final int regionSize;
    private final boolean zeroDc;
    private final float[] mean;
    private final float[] std;
    private final TableInit init;
    private final SoftQuantizer quantizer;
    private final Adaptation adaptation;
    private final TablePredictor predictor;
    private final List<Parameter> lumaTables = new ArrayList<>();
    private final List<Parameter> chromaTables = new ArrayList<>();
    private final List<Parameter> lumaAlphas = new ArrayList<>();
    private final List<Parameter> chromaAlphas = new ArrayList<>();
    private final Saturation saturation = new Saturation();
    private SpatialRegions regions;
    /** The region of every block, fixed with the image size in {@link #prepare}. */
    private long[] regionOfBlocks;
    /** Fixed alphas per round, luma then chroma, (regions × 64) each: they depend only on the settings. */
    private final Map<Integer, float[]> fixedAlphas = new ConcurrentHashMap<>();
    private volatile Quantization quantization = Quantization.SOFT;

    private JpegLayer(Builder b) {
        super(VERSION);
        this.channels = b.channels;
        this.rounds = b.zeroDc ? 0 : b.rounds;
        this.alpha = b.alpha;
        this.alphaLumaInit = b.alphaLuma;
        this.alphaChromaInit = b.alphaChroma;
        this.alphaScaling = b.alphaScaling;
        this.trainableAlpha = b.trainableAlpha;
        this.hardness = b.hardness;
        this.regionSize = b.regionSize;
        this.zeroDc = b.zeroDc;
        this.mean = b.mean;
        this.std = b.std;
        this.init = b.init;
        this.quantizer = new SoftQuantizer(b.candidates, b.bits);
        this.adaptation = b.zeroDc ? Adaptation.NONE : b.adaptation;
        this.predictor = adaptation == Adaptation.NONE ? null
                : addChildBlock("predictor", new TablePredictor(adaptation, channels));
        for (int r = 0; r < rounds; r++) {
            int round = r;
            lumaTables.add(addParameter(parameter("luma" + r, region -> init.luma(round, region), MIN_STEP,
                    MAX_STEP)));
            if (channels == 3) {
                chromaTables.add(addParameter(parameter("chroma" + r, region -> init.chroma(round, region), MIN_STEP,
                        MAX_STEP)));
            }
            if (trainableAlpha) {
                lumaAlphas.add(addParameter(parameter("alphaLuma" + r, region -> initialAlpha(round, region, true),
                        MIN_ALPHA, Float.MAX_VALUE)));
                if (channels == 3) {
                    chromaAlphas.add(addParameter(parameter("alphaChroma" + r,
                            region -> initialAlpha(round, region, false), MIN_ALPHA, Float.MAX_VALUE)));
                }
            }
        }
    }

    /** A table-shaped parameter: 8×8, or (regions, 8, 8) for spatial tables, each region from {@code values}. */
    private Parameter parameter(String name, IntFunction<float[]> values, float lo, float hi) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(8, 8))
                .optInitializer((m, shape, type) -> {
                    int count = regionCount();
                    float[] all = new float[count * 64];
                    for (int g = 0; g < count; g++) {
                        float[] v = values.apply(g);
                        for (int i = 0; i < 64; i++) {
                            all[g * 64 + i] = Math.max(lo, Math.min(hi, v[i]));
                        }
                    }
                    return m.create(all, shape).toType(type, false);
                })
                .build();
    }

    /** The starting alpha of a table: explicit, α/q at the initial steps (alpha scaling), or α everywhere. */
    private float[] initialAlpha(int round, int region, boolean luma) {
        float[][] explicit = luma ? alphaLumaInit : alphaChromaInit;
        float[] a = new float[64];
        if (explicit != null) {
            a = explicit[Math.min(round, explicit.length - 1)].clone();
        } else {
            Arrays.fill(a, (float) alpha);
        }
        if (alphaScaling) {
            float[] q = luma ? init.luma(round, region) : init.chroma(round, region);
            for (int i = 0; i < 64; i++) {
                a[i] = (float) Math.max(MIN_ALPHA, Math.min(Float.MAX_VALUE, a[i] / (double) q[i]));
            }
        }
        return a;
    }

    /** A builder with the paper's defaults: 3 channels, 1 round, α = 5 fixed, 5 candidates, 8 bits. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        regions = new SpatialRegions(regionSize, s.get(2), s.get(3));
        regionOfBlocks = regions.regionOfBlocks();
        fixedAlphas.clear();
        if (init.regions() > 1 && init.regions() != regions.count()) {
            throw new IllegalArgumentException("initial tables cover " + init.regions() + " regions but "
                    + s.get(2) + "×" + s.get(3) + " images have " + regions.count() + " regions of " + regionSize
                    + " pixels");
        }
        if (regions.count() > 1) {
            for (Parameter p : getDirectParameters().values()) {
                p.setShape(new Shape(regions.count(), 8, 8));
            }
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (predictor != null) {
            predictor.initialize(manager, dataType, coefficientShape(inputShapes[0]));
        }
    }

    /** The shape of {@link #toCoefficients} for pixels of {@code pixels}' shape: (N, C, blocks, 64). */
    private static Shape coefficientShape(Shape pixels) {
        return new Shape(pixels.get(0), pixels.get(1), padded(pixels.get(2)) / 8 * (padded(pixels.get(3)) / 8), 64);
    }

    private int regionCount() {
        return regions == null ? 1 : regions.count();
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
     * {@code parameterStore}; OFF returns the coefficients as they are, the zero-DC ablation sets every DC to 0. The
     * forward pass is exactly these three calls, so a benchmark can time the quantiser alone on the layer's own code.
     */
    public NDArray quantize(ParameterStore parameterStore, NDArray coefficients, boolean training) {
        if (quantization == Quantization.OFF) {
            return coefficients;
        }
        if (zeroDc) {
            float[] keep = new float[64];
            Arrays.fill(keep, 1f);
            keep[0] = 0;
            return coefficients.mul(coefficients.getManager().create(keep).toType(coefficients.getDataType(), false));
        }
        List<NDArray> steps = new ArrayList<>();
        List<NDArray> negativeAlphas = new ArrayList<>();
        NDArray multipliers = predictor == null ? null
                : predictor.forward(parameterStore, new NDList(coefficients), training).singletonOrThrow();
        for (int r = 0; r < rounds; r++) {
            NDArray q = steps(parameterStore, coefficients, r, training);
            if (multipliers != null) {
                // the image's own steps, kept in the tables' range (clip keeps no number operand: see Scalars)
                q = q.mul(multipliers).clip(MIN_STEP, MAX_STEP);
            }
            steps.add(q);
            if (quantization == Quantization.SOFT) {
                negativeAlphas.add(negativeAlpha(parameterStore, coefficients, q, r, training));
            }
        }
        boolean count = training && saturation.tracking;
        return quantize(coefficients, steps, negativeAlphas, count);
    }

    /**
     * The steps a JPEG file of these coefficients would be written with: every round's steps (per image for
     * adaptive tables, clamped as the forward pass clamps them), then the element-wise largest over the rounds, as
     * the codec package writes a layer of several rounds. Shaped (1 or N, C, 1 or blocks, 64); the gradient reaches
     * the tables (and the predictor). Null for the zero-DC ablation, which has no tables.
     *
     * @param parameterStore where the tables are read
     * @param coefficients (N, C, blocks, 64), as {@link #toCoefficients} gives them
     * @param training whether the tables are read for training
     */
    public NDArray codingSteps(ParameterStore parameterStore, NDArray coefficients, boolean training) {
        if (zeroDc) {
            return null;
        }
        NDArray multipliers = predictor == null ? null
                : predictor.forward(parameterStore, new NDList(coefficients), training).singletonOrThrow();
        NDArray largest = null;
        for (int r = 0; r < rounds; r++) {
            NDArray q = steps(parameterStore, coefficients, r, training);
            if (multipliers != null) {
                q = q.mul(multipliers).clip(MIN_STEP, MAX_STEP);
            }
            largest = largest == null ? q : largest.maximum(q);
        }
        return largest;
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
    private NDArray quantize(NDArray coefficients, List<NDArray> steps, List<NDArray> negativeAlphas,
            boolean countSaturation) {
        long images = coefficients.getShape().get(0);
        long slice = sliceImages(coefficients.getShape().size() / Math.max(1, images));
        NDList pieces = slice >= images ? new NDList(coefficients) : coefficients.split(sliceStarts(images, slice), 0);
        NDList out = new NDList(pieces.size());
        // per-image steps (adaptive tables, and alpha matched to them) are sliced with the images; the window
        // constants of shared steps are made once for every slice
        boolean perImage = steps.stream().anyMatch(q -> q.getShape().get(0) > 1);
        List<SoftQuantizer.Window> windows = perImage ? null : windows(coefficients, steps, negativeAlphas);
        long start = 0;
        for (NDArray piece : pieces) {
            long end = start + piece.getShape().get(0);
            List<NDArray> pieceSteps = perImage ? imageSlices(steps, start, end) : steps;
            List<SoftQuantizer.Window> pieceWindows = perImage
                    ? windows(piece, pieceSteps, imageSlices(negativeAlphas, start, end)) : windows;
            start = end;
            NDArray c = piece;
            for (int r = 0; r < pieceSteps.size(); r++) {
                int round = r;
                NDArray q = pieceSteps.get(r);
                if (quantization == Quantization.SOFT) {
                    c = quantizer.soft(c, pieceWindows.get(r),
                            countSaturation ? clamped -> saturation.add(round, clamped, channels) : null);
                } else if (quantization == Quantization.CLAMPED) {
                    c = quantizer.clamped(c, q);
                } else {
                    if (countSaturation) {
                        saturation.add(r, quantizer.clampedWindows(c, q, false), channels);
                    }
                    c = quantizer.hard(c, q);
                }
            }
            out.add(c);
        }
        return out.size() == 1 ? out.singletonOrThrow() : NDArrays.concat(out, 0);
    }

    private List<SoftQuantizer.Window> windows(NDArray like, List<NDArray> steps, List<NDArray> negativeAlphas) {
        List<SoftQuantizer.Window> windows = new ArrayList<>();
        for (int r = 0; r < negativeAlphas.size(); r++) {
            windows.add(quantizer.window(like, steps.get(r), negativeAlphas.get(r), trainableAlpha && hardness <= 0));
        }
        return windows;
    }

    /** Images {@code start} to {@code end} of every array that has one entry per image; shared arrays as they are. */
    private static List<NDArray> imageSlices(List<NDArray> arrays, long start, long end) {
        List<NDArray> out = new ArrayList<>(arrays.size());
        for (NDArray a : arrays) {
            out.add(a.getShape().dimension() > 0 && a.getShape().get(0) > 1 ? a.get(start + ":" + end) : a);
        }
        return out;
    }

    /**
     * The predicted multipliers of the learned steps for each image of {@code pixels} (N, C, H, W) in [0,255]: (N, C,
     * 1, 64) per frequency, or (N, 1, 1, 1) per image; null when the layer does not adapt its tables. An image's step
     * of round r is the learned step times its multiplier, clamped to [{@link #MIN_STEP}, {@link #MAX_STEP}].
     */
    public NDArray multipliers(ParameterStore parameterStore, NDArray pixels) {
        if (predictor == null) {
            return null;
        }
        checkInput(pixels);
        return predictor.forward(parameterStore, new NDList(toCoefficients(pixels)), false).singletonOrThrow();
    }

    /**
     * −α of round r for the soft quantiser, shaped like the steps {@code q}: H/q² from the current steps (hardness
     * matching: no gradient flows through it), the trainable parameters, or the fixed values.
     */
    private NDArray negativeAlpha(ParameterStore store, NDArray x, NDArray q, int round, boolean training) {
        if (hardness > 0) {
            NDArray steps = q.stopGradient();
            NDArray matched = Scalars.like(steps, hardness).div(steps.mul(steps))
                    .clip(MIN_ALPHA, Float.MAX_VALUE);
            return matched.neg();
        }
        if (trainableAlpha) {
            NDArray lum = perBlock(store.getValue(lumaAlphas.get(round), x.getDevice(), training), x);
            if (channels == 1) {
                return lum.neg();
            }
            NDArray chrom = perBlock(store.getValue(chromaAlphas.get(round), x.getDevice(), training), x);
            return channelStack(lum, chrom, x).neg();
        }
        NDArray lum = perBlock(fixedAlpha(x, round, true), x);
        if (channels == 1) {
            return lum.neg();
        }
        return channelStack(lum, perBlock(fixedAlpha(x, round, false), x), x).neg();
    }

    /** The fixed alpha of a table of round r as an array on {@code x}'s manager, (regions, 8, 8) like the table. */
    private NDArray fixedAlpha(NDArray x, int round, boolean luma) {
        int count = regionCount();
        float[] all = fixedAlphas.computeIfAbsent(2 * round + (luma ? 0 : 1), key -> {
            float[] values = new float[count * 64];
            for (int g = 0; g < count; g++) {
                System.arraycopy(initialAlpha(round, g, luma), 0, values, g * 64, 64);
            }
            return values;
        });
        return x.getManager().create(all, count == 1 ? new Shape(8, 8) : new Shape(count, 8, 8))
                .toType(x.getDataType(), false);
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

    /**
     * The step tables of round r per channel and block: (1, C, 1, 64), or (1, C, blocks, 64) with spatial tables,
     * on {@code x}'s device and manager (chroma serves Cb and Cr).
     */
    private NDArray steps(ParameterStore store, NDArray x, int round, boolean training) {
        NDArray lum = perBlock(store.getValue(lumaTables.get(round), x.getDevice(), training), x);
        if (channels == 1) {
            return lum;
        }
        NDArray chrom = perBlock(store.getValue(chromaTables.get(round), x.getDevice(), training), x);
        return channelStack(lum, chrom, x);
    }

    /**
     * A table-shaped array (8×8 or (regions, 8, 8)) as (1, 1, 1, 64), or with spatial tables as (1, 1, blocks, 64):
     * every block gets its region's row. Derived arrays belong to the batch: left on the parameters' manager they
     * would pile up every step.
     */
    private NDArray perBlock(NDArray table, NDArray x) {
        NDArray out;
        if (regionCount() == 1) {
            out = table.reshape(1, 1, 1, 64);
        } else {
            NDArray index = x.getManager().create(regionOfBlocks);
            out = table.reshape(regionCount(), 64).get(index).reshape(1, 1, regions.blocks(), 64);
        }
        out.attach(x.getManager());
        return out;
    }

    /** Luma for Y, chroma for Cb and Cr, along the channel axis. */
    private static NDArray channelStack(NDArray lum, NDArray chrom, NDArray x) {
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
        if (regions != null && regionCount() > 1 && (s.get(2) != regions.height() || s.get(3) != regions.width())) {
            throw new IllegalArgumentException("this JPEG layer's spatial tables are for " + regions.height() + "×"
                    + regions.width() + " images, got " + s.get(2) + "×" + s.get(3));
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

    /** Clamps every step table (and trainable alphas, to be positive) in place; call after each update. */
    public void clampTables() {
        for (Parameter p : tableParameters()) {
            clampInPlace(p.getArray(), MIN_STEP, MAX_STEP);
        }
        for (Parameter p : alphaParameters()) {
            if (p.isInitialized()) {
                clampInPlace(p.getArray(), MIN_ALPHA, Float.MAX_VALUE);
            }
        }
    }

    /** Sets every value of {@code array} below {@code lo} to {@code lo} and above {@code hi} to {@code hi}, in place. */
    public static void clampInPlace(NDArray array, double lo, double hi) {
        try (NDArray below = array.lt(lo);
                NDArray above = array.gt(hi)) {
            array.set(below, lo);
            array.set(above, hi);
        }
    }

    /**
     * The layer's trainable parameters: the step tables, the alphas when trainable, and the table predictor's when
     * the tables adapt to each image (all trained by the tables' optimiser).
     */
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>(tableParameters());
        out.addAll(alphaParameters());
        out.addAll(predictorParameters());
        return Collections.unmodifiableList(out);
    }

    /** The table predictor's parameters; empty when the tables do not adapt to each image. */
    public List<Parameter> predictorParameters() {
        return predictor == null ? List.of() : List.copyOf(predictor.getParameters().values());
    }

    /** How the tables adapt to each image. */
    public Adaptation adaptation() {
        return adaptation;
    }

    /** The table predictor, or null when the tables do not adapt to each image. */
    public TablePredictor predictor() {
        return predictor;
    }

    /** The step-table parameters, luma then chroma per round. */
    public List<Parameter> tableParameters() {
        return interleaved(lumaTables, chromaTables);
    }

    /** The trainable alpha parameters, luma then chroma per round; empty when alpha is fixed or matched. */
    public List<Parameter> alphaParameters() {
        return interleaved(lumaAlphas, chromaAlphas);
    }

    private List<Parameter> interleaved(List<Parameter> luma, List<Parameter> chroma) {
        List<Parameter> out = new ArrayList<>();
        for (int r = 0; r < luma.size(); r++) {
            out.add(luma.get(r));
            if (!chroma.isEmpty()) {
                out.add(chroma.get(r));
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

    /** The trainable luma alpha parameter of round r; throws unless alpha is trainable. */
    public Parameter lumaAlpha(int round) {
        if (lumaAlphas.isEmpty()) {
            throw new IllegalStateException("this JPEG layer's alpha is not trainable: it has no alpha parameters");
        }
        return lumaAlphas.get(round);
    }

    /** The trainable chroma alpha parameter of round r; throws unless alpha is trainable on a colour layer. */
    public Parameter chromaAlpha(int round) {
        if (chromaAlphas.isEmpty()) {
            throw new IllegalStateException("this JPEG layer has no chroma alpha parameters (alpha not trainable, "
                    + "or one channel)");
        }
        return chromaAlphas.get(round);
    }

    /**
     * Current luma steps of round r, natural order (64 floats); with spatial tables the element-wise largest step
     * over the regions (what one JPEG table of the whole image would hold).
     */
    public float[] lumaSteps(int round) {
        return largestOverRegions(regionSteps(lumaTables.get(round)));
    }

    /** Current chroma steps of round r, as {@link #lumaSteps}. */
    public float[] chromaSteps(int round) {
        return largestOverRegions(regionSteps(chromaTable(round)));
    }

    /** Current luma steps of round r per region: [region][64]. */
    public float[][] lumaStepsPerRegion(int round) {
        return regionSteps(lumaTables.get(round));
    }

    /** Current chroma steps of round r per region: [region][64]. */
    public float[][] chromaStepsPerRegion(int round) {
        return regionSteps(chromaTable(round));
    }

    /**
     * The alpha the soft quantiser uses in round r for luma ({@code luma}) or chroma, per region: the trainable
     * values, H/q² from the current steps (hardness matching), or the fixed values; [region][64].
     */
    public float[][] alphaPerRegion(int round, boolean luma) {
        int count = regionCount();
        float[][] out = new float[count][];
        float[][] steps = luma ? lumaStepsPerRegion(round) : chromaStepsPerRegion(round);
        float[][] trained = trainableAlpha && hardness <= 0
                ? regionSteps(luma ? lumaAlphas.get(round) : chromaAlphas.get(round)) : null;
        for (int g = 0; g < count; g++) {
            if (trained != null) {
                out[g] = trained[g];
            } else if (hardness > 0) {
                out[g] = new float[64];
                for (int i = 0; i < 64; i++) {
                    double q = steps[g][i];
                    out[g][i] = (float) Math.max(MIN_ALPHA, Math.min(Float.MAX_VALUE, hardness / (q * q)));
                }
            } else {
                out[g] = initialAlpha(round, g, luma);
            }
        }
        return out;
    }

    /**
     * The alpha the soft quantiser started with in round r for luma ({@code luma}) or chroma, per region: the
     * trainable parameters' starting values, H/q² at the initial steps (hardness matching), or the fixed values;
     * [region][64].
     */
    public float[][] initialAlphaPerRegion(int round, boolean luma) {
        if (!luma && channels != 3) {
            throw new IllegalStateException("a one-channel JPEG layer has no chroma tables");
        }
        int count = regionCount();
        float[][] out = new float[count][64];
        for (int g = 0; g < count; g++) {
            if (hardness > 0) {
                float[] steps = luma ? init.luma(round, g) : init.chroma(round, g);
                for (int i = 0; i < 64; i++) {
                    double q = Math.max(MIN_STEP, Math.min(MAX_STEP, steps[i]));
                    out[g][i] = (float) Math.max(MIN_ALPHA, Math.min(Float.MAX_VALUE, hardness / (q * q)));
                }
                continue;
            }
            float[] start = initialAlpha(round, g, luma);
            for (int i = 0; i < 64; i++) {
                // a trainable alpha starts clamped, as its parameter is initialised
                out[g][i] = trainableAlpha ? Math.max(MIN_ALPHA, start[i]) : start[i];
            }
        }
        return out;
    }

    /**
     * The steps round r started from for luma ({@code luma}) or chroma, per region, as the parameters were initialised
     * (clamped to the step range): [region][64].
     */
    public float[][] initialStepsPerRegion(int round, boolean luma) {
        if (!luma && channels != 3) {
            throw new IllegalStateException("a one-channel JPEG layer has no chroma tables");
        }
        float[][] out = new float[regionCount()][64];
        for (int g = 0; g < out.length; g++) {
            float[] steps = luma ? init.luma(round, g) : init.chroma(round, g);
            for (int i = 0; i < 64; i++) {
                out[g][i] = Math.max(MIN_STEP, Math.min(MAX_STEP, steps[i]));
            }
        }
        return out;
    }

    /**
     * How many DCT coefficients of one image each entry of {@code table} (a step table of this layer, initialised)
     * multiplies in one pass: the 8×8 blocks of its region, once for a luma table and twice for a chroma table (one
     * chroma table serves Cb and Cr); in the parameter's order, (regions × 64) values. The count LSQ's gradient scale
     * is taken from.
     */
    public double[] coefficientsPerStep(Parameter table) {
        boolean luma = lumaTables.contains(table);
        if (!luma && !chromaTables.contains(table)) {
            throw new IllegalArgumentException(table.getName() + " is not a step table of this layer");
        }
        if (regions == null) {
            throw new IllegalStateException("the JPEG layer is not initialised: its regions are not known yet");
        }
        double[] blocksInRegion = new double[regionCount()];
        for (long region : regionOfBlocks) {
            blocksInRegion[(int) region]++;
        }
        double[] out = new double[blocksInRegion.length * 64];
        for (int i = 0; i < out.length; i++) {
            out[i] = blocksInRegion[i / 64] * (luma ? 1 : 2);
        }
        return out;
    }

    private float[][] regionSteps(Parameter table) {
        float[] all = table.getArray().toType(DataType.FLOAT32, false).toFloatArray();
        float[][] out = new float[all.length / 64][64];
        for (int g = 0; g < out.length; g++) {
            System.arraycopy(all, g * 64, out[g], 0, 64);
        }
        return out;
    }

    private static float[] largestOverRegions(float[][] regions) {
        float[] out = regions[0].clone();
        for (float[] region : regions) {
            for (int i = 0; i < 64; i++) {
                out[i] = Math.max(out[i], region[i]);
            }
        }
        return out;
    }

    /**
     * What the classifier behind this layer sees, in pixels: the layer's output (inference mode, the current
     * quantisation) for {@code pixels} (N, C, H, W) in [0,255], with the layer's normalisation undone, so values lie
     * near [0,255] (not clipped), channel-major per image.
     */
    public float[] view(NDArray pixels) {
        ParameterStore store = new ParameterStore(pixels.getManager(), false);
        float[] values;
        try (NDList out = forward(store, new NDList(pixels), false)) {
            values = out.singletonOrThrow().toFloatArray();
        }
        int plane = (int) (pixels.getShape().get(2) * pixels.getShape().get(3));
        for (int i = 0; i < values.length; i++) {
            int c = (i / plane) % mean.length;
            values[i] = (values[i] * std[c] + mean[c]) * 255f;
        }
        return values;
    }

    /** Sets how the layer quantises from now on. */
    public void setQuantization(Quantization quantization) {
        this.quantization = quantization;
    }

    /** How the layer quantises now. */
    public Quantization getQuantization() {
        return quantization;
    }

    /** What the index clamp did in training passes since the last {@link Saturation#reset()}. */
    public Saturation saturation() {
        return saturation;
    }

    /** Image channels: 1 (luma only) or 3. */
    public int channels() {
        return channels;
    }

    /** Quantiser rounds, each with its own tables (0 for the zero-DC ablation). */
    public int rounds() {
        return rounds;
    }

    /** The fixed alpha that fills the tables, or the starting value of trainable ones. */
    public double alpha() {
        return alpha;
    }

    /** Whether the alphas are trainable parameters. */
    public boolean trainableAlpha() {
        return trainableAlpha;
    }

    /** Whether alpha started as alpha / q at the initial steps. */
    public boolean alphaScaling() {
        return alphaScaling;
    }

    /** The hardness H of hardness matching (alpha = H/q² before every pass), or 0 when alpha is not matched. */
    public double hardness() {
        return hardness;
    }

    /** Side in pixels of the regions of spatial tables, 0 for one table pair for the whole image. */
    public int regionSize() {
        return regionSize;
    }

    /** The regions of the tables (known once the layer is initialised for an image size). */
    public SpatialRegions regions() {
        return regions;
    }

    /** Whether this is the zero-DC ablation (no tables: every block's DC set to 0). */
    public boolean zeroDc() {
        return zeroDc;
    }

    /** Reconstruction levels in the soft quantiser's window. */
    public int candidates() {
        return quantizer.candidates();
    }

    /** The index range in bits. */
    public int bits() {
        return quantizer.bits();
    }

    /** The output normalisation's per-channel mean. */
    public float[] mean() {
        return mean.clone();
    }

    /** The output normalisation's per-channel standard deviation. */
    public float[] std() {
        return std.clone();
    }

    /** Entries of the step tables: 64 per table (luma, and chroma for colour) per round and region. */
    public long tableParameterCount() {
        return 64L * regionCount() * rounds * (channels == 3 ? 2 : 1);
    }

    /** Where the tables started. */
    public TableInit tableInit() {
        return init;
    }

    @Override
    public String toString() {
        if (zeroDc) {
            return "JpegLayer(channels=" + channels + ", zero DC, no quantiser, " + quantization + ")";
        }
        String alphaText = hardness > 0 ? "hardness matching H=" + hardness
                : (alphaLumaInit != null ? "alpha per frequency" : "alpha=" + alpha)
                        + (alphaScaling ? " / initial steps" : "") + (trainableAlpha ? " trainable" : "");
        return "JpegLayer(channels=" + channels + ", rounds=" + rounds + ", " + alphaText + ", candidates="
                + candidates() + ", bits=" + bits() + (regionSize > 0 ? ", spatial tables of " + regionSize + " px"
                : "") + (predictor == null ? "" : ", adaptive " + adaptation.text() + " tables ("
                + predictor.parameterCount() + " predictor parameters beside " + tableParameterCount() + ")")
                + ", init=" + init + ", " + quantization + ")";
    }

    /**
     * How often the index clamp moved a coefficient's window in training passes, per round and frequency: luma from
     * Y, chroma from Cb and Cr together, summed over every block (and region). Counting costs two full-size passes
     * per round, so it is off until {@link #setTracking(boolean)} turns it on; the training loop does per epoch.
     */
    public static final class Saturation {
        private final Map<Integer, double[]> clamped = new TreeMap<>();
        private final Map<Integer, double[]> seen = new TreeMap<>();
        private volatile boolean tracking;

        /** Starts or stops counting. */
        public void setTracking(boolean on) {
            tracking = on;
        }

        /** Forgets what was counted. */
        public synchronized void reset() {
            clamped.clear();
            seen.clear();
        }

        synchronized void add(int round, NDArray mask, int channels) {
            // mask (N, C, blocks, 64): sum over images and blocks → (C, 64)
            float[] perChannel = mask.toType(DataType.FLOAT32, false).sum(new int[] {0, 2}).toFloatArray();
            double samples = (double) mask.getShape().get(0) * mask.getShape().get(2);
            double[] c = clamped.computeIfAbsent(round, r -> new double[channels == 3 ? 128 : 64]);
            double[] n = seen.computeIfAbsent(round, r -> new double[channels == 3 ? 128 : 64]);
            for (int ch = 0; ch < channels; ch++) {
                int offset = ch == 0 ? 0 : 64;
                for (int i = 0; i < 64; i++) {
                    c[offset + i] += perChannel[ch * 64 + i];
                    n[offset + i] += samples;
                }
            }
        }

        /** The rounds counted so far. */
        public synchronized Set<Integer> rounds() {
            return Set.copyOf(clamped.keySet());
        }

        /** Fraction of luma coefficients per frequency whose window the clamp moved in round r (64 values). */
        public synchronized double[] luma(int round) {
            return fraction(round, 0);
        }

        /** The same for chroma (Cb and Cr together), or null for a one-channel layer. */
        public synchronized double[] chroma(int round) {
            return clamped.containsKey(round) && clamped.get(round).length == 128 ? fraction(round, 64) : null;
        }

        private double[] fraction(int round, int offset) {
            double[] out = new double[64];
            double[] c = clamped.get(round);
            double[] n = seen.get(round);
            if (c == null) {
                return out;
            }
            for (int i = 0; i < 64; i++) {
                out[i] = n[offset + i] == 0 ? 0 : c[offset + i] / n[offset + i];
            }
            return out;
        }
    }

    /** Builder of {@link JpegLayer}: every setting is optional and defaults to the paper's. */
    public static final class Builder {
        private int channels = 3;
        private int rounds = 1;
        private double alpha = 5;
        private float[][] alphaLuma;
        private float[][] alphaChroma;
        private boolean alphaScaling;
        private boolean trainableAlpha;
        private double hardness;
        private int regionSize;
        private boolean zeroDc;
        private int candidates = 5;
        private int bits = 8;
        private float[] mean;
        private float[] std;
        private TableInit init = TableInit.quality(50);
        private Adaptation adaptation = Adaptation.NONE;

        private Builder() {}

        /** Whether and how the tables adapt to each image through a {@link TablePredictor} (default none). */
        public Builder optAdaptation(Adaptation adaptation) {
            this.adaptation = adaptation == null ? Adaptation.NONE : adaptation;
            return this;
        }

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

        /** Whether the alphas (64 per table per round) are trainable parameters (default fixed). */
        public Builder optTrainableAlpha(boolean trainable) {
            this.trainableAlpha = trainable;
            return this;
        }

        /**
         * Alpha per frequency: {@code luma[round]} and {@code chroma[round]}, 64 positive values each in natural order
         * (a single pair serves every round); the fixed values, or the starting values of trainable ones.
         */
        public Builder optAlphaTables(float[][] luma, float[][] chroma) {
            if (luma == null || chroma == null || luma.length == 0 || luma.length != chroma.length) {
                throw new IllegalArgumentException("alpha tables need the same number (≥ 1) of luma and chroma tables");
            }
            for (int r = 0; r < luma.length; r++) {
                TableInit.checkTable(luma[r], "luma alpha of round " + r);
                TableInit.checkTable(chroma[r], "chroma alpha of round " + r);
            }
            this.alphaLuma = deepCopy(luma);
            this.alphaChroma = deepCopy(chroma);
            return this;
        }

        /** Alpha divided by the initial step of its frequency (the reference's {@code alpha_scaling}). */
        public Builder optAlphaScaling(boolean scaling) {
            this.alphaScaling = scaling;
            return this;
        }

        /**
         * Hardness matching (the reference's {@code hardness_matching}): before every pass alpha = {@code hardness}/q²
         * per frequency from the current steps, a constant of that pass; 0 turns it off.
         */
        public Builder optHardness(double hardness) {
            if (!(hardness >= 0) || !Double.isFinite(hardness)) {
                throw new IllegalArgumentException("hardness must be positive and finite (0: no hardness matching), "
                        + "got " + hardness);
            }
            this.hardness = hardness;
            return this;
        }

        /**
         * Spatial tables (the reference's {@code Multi_Q_table}): one table pair, and alpha, per region of
         * {@code size} × {@code size} pixels (a multiple of 8); 0 (default) for one pair for the whole image.
         */
        public Builder optRegionSize(int size) {
            if (size < 0 || size % 8 != 0) {
                throw new IllegalArgumentException("spatial table region size must be a multiple of 8, got " + size);
            }
            this.regionSize = size;
            return this;
        }

        /**
         * The zero-DC ablation (the reference's {@code zero_dc}): every block's DC coefficient set to 0, no
         * quantiser and no tables.
         */
        public Builder optZeroDc(boolean zeroDc) {
            this.zeroDc = zeroDc;
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
                for (int g = 0; g < init.regions(); g++) {
                    TableInit.checkTable(init.luma(r, g), "luma table of round " + r);
                    TableInit.checkTable(init.chroma(r, g), "chroma table of round " + r);
                }
            }
            if (init.regions() > 1 && regionSize == 0) {
                throw new IllegalArgumentException("initial tables per region need spatial tables (a region size)");
            }
            if (alphaLuma != null && alphaLuma.length > 1 && alphaLuma.length != rounds) {
                throw new IllegalArgumentException("alpha tables cover " + alphaLuma.length + " rounds but the layer has "
                        + rounds);
            }
            if (hardness > 0 && (trainableAlpha || alphaScaling || alphaLuma != null)) {
                throw new IllegalArgumentException("hardness matching sets alpha from the steps before every pass: it "
                        + "cannot be combined with trainable, scaled or explicit alpha");
            }
            return new JpegLayer(this);
        }

        private static float[][] deepCopy(float[][] tables) {
            float[][] out = new float[tables.length][];
            for (int i = 0; i < tables.length; i++) {
                out[i] = tables[i].clone();
            }
            return out;
        }
    }
}
