package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
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

/**
 * The trainable JPEG layer of JPEG-DL as a DJL {@link Block}: RGB in [0,255] → −128 → YCbCr → zero-pad to multiples
 * of 8 → 8×8 DCT → soft quantiser (once per round, each round with its own luma and chroma step tables) → inverse DCT
 * → crop → RGB → +128 → /255 → per-channel (x − mean)/std. One-channel input takes the luma path only (a grayscale
 * JPEG: 64 steps per round). The step tables are the layer's parameters; every pass first puts them back into
 * [{@link #MIN_STEP}, {@link #MAX_STEP}] (and trainable alphas to at least {@link #MIN_ALPHA}) without autograd, as
 * PyTorch's learnable fake-quantiser clamps its scale, so an update can never leave them outside.
 *
 * <p>The quantiser's hardness α is set by an {@link AlphaPolicy}: fixed, trainable, or matched to the steps. With
 * spatial tables every region of S×S pixels has its own tables (and α). The zero-DC ablation has no tables: it sets
 * every block's DC coefficient to 0 and quantises nothing. {@link #tables()} reads the tables and alphas now.
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
    private final int regionSize;
    private final boolean zeroDc;
    private final float[] mean;
    private final float[] std;
    private final TableInit init;
    private final RoundQuantizer quantizer;
    private final AlphaPolicy alpha;
    private final Adaptation adaptation;
    private final TablePredictor predictor;
    private final StepTables stepTables;
    private final Saturation saturation = new Saturation();
    private volatile TableLayout layout;
    private volatile Quantization quantization = Quantization.SOFT;

    JpegLayer(JpegLayerBuilder b) {
        super(VERSION);
        this.channels = b.channels;
        this.rounds = b.zeroDc ? 0 : b.rounds;
        this.regionSize = b.regionSize;
        this.zeroDc = b.zeroDc;
        this.mean = b.mean;
        this.std = b.std;
        this.init = b.init;
        this.quantizer = new RoundQuantizer(new SoftQuantizer(b.candidates, b.bits), saturation, channels);
        this.layout = new TableLayout(channels);
        this.alpha = b.alphaPolicy(rounds, () -> layout.regionCount());
        this.adaptation = b.zeroDc ? Adaptation.NONE : b.adaptation;
        this.predictor = adaptation == Adaptation.NONE
                ? null
                : addChildBlock("predictor", new TablePredictor(adaptation, channels));
        this.stepTables = new StepTables(rounds, channels, init, () -> layout.regionCount());
        for (int r = 0; r < rounds; r++) {
            stepTables.ofRound(r).forEach(this::addParameter);
            alpha.parameters(r).forEach(this::addParameter);
        }
    }

    /**
     * A builder with the paper's defaults: 3 channels, 1 round, α = 5 fixed, 5 candidates, 8 bits.
     *
     * @return a new builder
     */
    public static JpegLayerBuilder builder() {
        return new JpegLayerBuilder();
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        TableLayout prepared = new TableLayout(channels, new SpatialRegions(regionSize, s.get(2), s.get(3)));
        if (init.regions() > 1 && init.regions() != prepared.regionCount()) {
            throw new IllegalArgumentException("initial tables cover " + init.regions() + " regions but "
                    + s.get(2) + "×" + s.get(3) + " images have " + prepared.regionCount() + " regions of "
                    + regionSize + " pixels");
        }
        layout = prepared;
        if (prepared.regionCount() > 1) {
            for (Parameter p : getDirectParameters().values()) {
                p.setShape(new Shape(prepared.regionCount(), 8, 8));
            }
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (predictor != null) {
            predictor.initialize(manager, dataType, PixelBlocks.coefficientShape(inputShapes[0]));
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkInput(x);
        NDArray coefficients = quantize(parameterStore, toCoefficients(x), training);
        return new NDList(
                toPixels(coefficients, x.getShape().get(2), x.getShape().get(3)));
    }

    /**
     * The middle of the layer, between {@link #toCoefficients} and {@link #toPixels}: every round of the current
     * {@link Quantization} on coefficients (N, C, blocks, 64), with this layer's step tables (and alpha) taken from
     * {@code parameterStore}; OFF returns the coefficients as they are, the zero-DC ablation sets every DC to 0. The
     * forward pass is exactly these three calls, so a benchmark can time the quantiser alone on the layer's own code.
     *
     * @param parameterStore where the tables are read
     * @param coefficients (N, C, blocks, 64)
     * @param training whether this is a training pass
     * @return the quantised coefficients
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
        List<NDArray> steps = roundSteps(parameterStore, coefficients, training);
        List<NDArray> negativeAlphas = new ArrayList<>();
        if (quantization == Quantization.SOFT) {
            for (int r = 0; r < rounds; r++) {
                negativeAlphas.add(alpha.alpha(r, steps.get(r), parameterStore, coefficients, training, layout)
                        .neg());
            }
        }
        return quantizer.apply(
                coefficients,
                steps,
                negativeAlphas,
                alpha.trainable(),
                quantization,
                training && saturation.tracking());
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
     * @return the steps, or null
     */
    public NDArray codingSteps(ParameterStore parameterStore, NDArray coefficients, boolean training) {
        if (zeroDc) {
            return null;
        }
        NDArray largest = null;
        for (NDArray q : roundSteps(parameterStore, coefficients, training)) {
            largest = largest == null ? q : largest.maximum(q);
        }
        return largest;
    }

    /**
     * Every round's steps per channel and block, (1, C, 1 or blocks, 64), or per image (N, ...) when the tables adapt
     * to each image, on the coefficients' manager; the parameters are first put back into their range.
     */
    private List<NDArray> roundSteps(ParameterStore store, NDArray coefficients, boolean training) {
        stepTables.clamp();
        for (Parameter p : alphaParameters()) {
            TableParameters.clampIfOutside(p, MIN_ALPHA, Float.MAX_VALUE);
        }
        NDArray multipliers = predictor == null
                ? null
                : predictor.forward(store, new NDList(coefficients), training).singletonOrThrow();
        List<NDArray> out = new ArrayList<>(rounds);
        for (int r = 0; r < rounds; r++) {
            NDArray q = stepTables.perChannel(r, store, coefficients, training, layout);
            if (multipliers != null) {
                // the image's own steps, kept in the tables' range (clip keeps no number operand: see Scalars)
                q = q.mul(multipliers).clip(MIN_STEP, MAX_STEP);
            }
            out.add(q);
        }
        return out;
    }

    /**
     * The predicted multipliers of the learned steps for each image of {@code pixels} (N, C, H, W) in [0,255]: (N, C,
     * 1, 64) per frequency, or (N, 1, 1, 1) per image; null when the layer does not adapt its tables. An image's step
     * of round r is the learned step times its multiplier, clamped to [{@link #MIN_STEP}, {@link #MAX_STEP}].
     *
     * @param parameterStore where the predictor's parameters are read
     * @param pixels (N, C, H, W) in [0,255]
     * @return the multipliers, or null
     */
    public NDArray multipliers(ParameterStore parameterStore, NDArray pixels) {
        if (predictor == null) {
            return null;
        }
        checkInput(pixels);
        return predictor
                .forward(parameterStore, new NDList(toCoefficients(pixels)), false)
                .singletonOrThrow();
    }

    /**
     * The first half of the layer: pixels (N, C, H, W) in [0,255] → −128 → YCbCr (colour input) → zero-pad to
     * multiples of 8 → DCT coefficients (N, C, blocks, 64), natural order per block.
     *
     * @param pixels (N, C, H, W) in [0,255]
     * @return the coefficients
     */
    public NDArray toCoefficients(NDArray pixels) {
        return PixelBlocks.toCoefficients(pixels, channels);
    }

    /**
     * The second half of the layer: coefficients (N, C, blocks, 64) → inverse DCT → crop to {@code height} ×
     * {@code width} → RGB → +128 → /255 → (x − mean)/std.
     *
     * @param coefficients (N, C, blocks, 64)
     * @param height image height in pixels
     * @param width image width in pixels
     * @return the normalised pixels (N, C, height, width)
     */
    public NDArray toPixels(NDArray coefficients, long height, long width) {
        return PixelBlocks.toPixels(coefficients, height, width, mean, std);
    }

    private void checkInput(NDArray x) {
        SpatialRegions regions = layout.regions();
        PixelBlocks.checkInput(x, channels, regions != null && regions.count() > 1 ? regions : null);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /**
     * The layer's trainable parameters: the step tables, the alphas when trainable, and the table predictor's when
     * the tables adapt to each image (all trained by the tables' optimiser).
     *
     * @return the parameters
     */
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>(tableParameters());
        out.addAll(alphaParameters());
        out.addAll(predictorParameters());
        return Collections.unmodifiableList(out);
    }

    /** The table predictor's parameters; empty when the tables do not adapt to each image. */
    public List<Parameter> predictorParameters() {
        return predictor == null
                ? List.of()
                : List.copyOf(predictor.getParameters().values());
    }

    /** The step-table parameters, luma then chroma per round. */
    public List<Parameter> tableParameters() {
        return stepTables.all();
    }

    /** The trainable alpha parameters, luma then chroma per round; empty when alpha is fixed or matched. */
    public List<Parameter> alphaParameters() {
        List<Parameter> out = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            out.addAll(alpha.parameters(r));
        }
        return Collections.unmodifiableList(out);
    }

    /** The luma table parameter of round r. */
    public Parameter lumaTable(int round) {
        return stepTables.luma().get(round);
    }

    /** The chroma table parameter of round r; throws for a one-channel layer. */
    public Parameter chromaTable(int round) {
        return stepTables.chroma(round);
    }

    /**
     * The step tables and alphas now, with those they started from (the layer must be initialised).
     *
     * @return a snapshot of the tables
     */
    public TableSnapshot tables() {
        return TableSnapshot.of(channels, layout.regions(), init, alpha, stepTables.luma(), stepTables.chroma());
    }

    /**
     * How many DCT coefficients of one image each entry of {@code table} (a step table of this layer, initialised)
     * multiplies in one pass: the 8×8 blocks of its region, once for a luma table and twice for a chroma table (one
     * chroma table serves Cb and Cr); in the parameter's order, (regions × 64) values. The count LSQ's gradient scale
     * is taken from.
     *
     * @param table a step table of this layer
     * @return (regions × 64) counts
     */
    public double[] coefficientsPerStep(Parameter table) {
        boolean luma = stepTables.luma().contains(table);
        if (!luma && !stepTables.chroma().contains(table)) {
            throw new IllegalArgumentException(table.getName() + " is not a step table of this layer");
        }
        return layout.coefficientsPerStep(luma);
    }

    /**
     * What the classifier behind this layer sees, in pixels: the layer's output (inference mode, the current
     * quantisation) for {@code pixels} (N, C, H, W) in [0,255], with the layer's normalisation undone, so values lie
     * near [0,255] (not clipped), channel-major per image.
     *
     * @param pixels (N, C, H, W) in [0,255]
     * @return the pixels the classifier sees
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

    /** How the quantiser's alpha is set. */
    public AlphaPolicy alphaPolicy() {
        return alpha;
    }

    /** Image channels: 1 (luma only) or 3. */
    public int channels() {
        return channels;
    }

    /** Quantiser rounds, each with its own tables (0 for the zero-DC ablation). */
    public int rounds() {
        return rounds;
    }

    /** Side in pixels of the regions of spatial tables, 0 for one table pair for the whole image. */
    public int regionSize() {
        return regionSize;
    }

    /** The regions of the tables (known once the layer is initialised for an image size). */
    public SpatialRegions regions() {
        return layout.regions();
    }

    /** Whether this is the zero-DC ablation (no tables: every block's DC set to 0). */
    public boolean zeroDc() {
        return zeroDc;
    }

    /** Reconstruction levels in the soft quantiser's window. */
    public int candidates() {
        return quantizer.quantizer().candidates();
    }

    /** The index range in bits. */
    public int bits() {
        return quantizer.quantizer().bits();
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
        return 64L * layout.regionCount() * rounds * (channels == 3 ? 2 : 1);
    }

    /** Where the tables started. */
    public TableInit tableInit() {
        return init;
    }

    /** How the tables adapt to each image. */
    public Adaptation adaptation() {
        return adaptation;
    }

    /** The table predictor, or null when the tables do not adapt to each image. */
    public TablePredictor predictor() {
        return predictor;
    }

    @Override
    public String toString() {
        if (zeroDc) {
            return "JpegLayer(channels=" + channels + ", zero DC, no quantiser, " + quantization + ")";
        }
        return "JpegLayer(channels=" + channels + ", rounds=" + rounds + ", " + alpha + ", candidates="
                + candidates() + ", bits=" + bits()
                + (regionSize > 0 ? ", spatial tables of " + regionSize + " px" : "")
                + (predictor == null
                        ? ""
                        : ", adaptive " + adaptation.text() + " tables (" + predictor.parameterCount()
                                + " predictor parameters beside " + tableParameterCount() + ")")
                + ", init=" + init + ", " + quantization + ")";
    }
}
