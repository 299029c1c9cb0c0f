package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.JpegLayerBuilder;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.jpeg.TableSnapshot;

/**
 * Backward Pass Differentiable Approximation (Athalye, Carlini and Wagner, 2018) of a JPEG-DL network: the forward
 * pass is the real JPEG layer (its current quantisation) followed by the classifier; the backward pass goes through
 * the layer with a surrogate quantisation instead, by computing
 * <pre>  out = surrogate(x) + stopGradient(real(x) − surrogate(x))</pre>
 * whose value is real(x) and whose gradient is the surrogate's. The colour transform, DCT, inverse DCT and
 * normalisation are exact in every surrogate; only the quantiser is replaced. The surrogates:
 * <ul>
 *   <li>{@link JpegLayer.Quantization#OFF}, the identity surrogate: the quantiser is the identity on the backward
 *       pass. It ignores the index clamp, so where the clamp pins a coefficient (low frequencies with small steps)
 *       it sends the attack along directions that cannot move the output.
 *   <li>{@link JpegLayer.Quantization#CLAMPED}, the clamp-aware surrogate: only the rounding is replaced by the
 *       identity, clamp(x/q, lo, hi−1)·q, so the derivative is 1 inside the index range and 0 where the clamp holds
 *       a coefficient, as in the real function (see {@link org.jpegdl.jpeg.SoftQuantizer#clamped} for why the index
 *       range and not the window's).
 *   <li>{@link #soft}, the low-alpha soft surrogate: a copy of the layer with the same tables whose soft quantiser
 *       has hardness α·q² = {@link #SOFT_HARDNESS} on every frequency (hardness matching), a smooth function close
 *       to the same quantiser: the same levels and clamp, the steps between levels smoothed out.
 *   <li>{@link JpegLayer.Quantization#HARD} has a zero derivative in x (round is piecewise constant): it shows the
 *       masking, it does not remove it.
 * </ul>
 *
 * <p>A surrogate by quantisation switches the shared layer's quantisation during the forward pass and restores it
 * after: use one forward at a time per layer.
 */
public final class Bpda extends JpegDlModel {

    /** The hardness α·q² of the low-alpha soft surrogate ({@link #soft}): about the identity's slope between levels. */
    public static final double SOFT_HARDNESS = 1;

    private final JpegLayer.Quantization surrogate;
    /** The low-alpha copy of the layer for {@link #soft}, null for a surrogate by quantisation. */
    private final JpegLayer softCopy;

    private final double hardness;

    private Bpda(
            JpegLayer layer, Block classifier, JpegLayer.Quantization surrogate, JpegLayer softCopy, double hardness) {
        super(layer, classifier);
        this.surrogate = surrogate;
        this.softCopy = softCopy;
        this.hardness = hardness;
    }

    /** BPDA of {@code layer → classifier} (both initialised) with the quantiser replaced by {@code surrogate}. */
    public static Bpda of(JpegLayer layer, Block classifier, JpegLayer.Quantization surrogate) {
        if (layer == null || classifier == null || surrogate == null) {
            throw new IllegalArgumentException("BPDA needs a JPEG layer, a classifier and a surrogate quantisation");
        }
        return new Bpda(layer, classifier, surrogate, null, 0);
    }

    /**
     * BPDA of {@code layer → classifier} (both initialised) through the low-alpha soft surrogate: a copy of the layer
     * (channels, rounds, candidates, bits, spatial regions, normalisation and the current step tables) whose soft
     * quantiser uses alpha = {@code hardness}/q² per frequency. The copy's parameters are initialised in
     * {@code manager} and frozen; it never changes with the layer after this call.
     */
    public static Bpda soft(JpegLayer layer, Block classifier, double hardness, NDManager manager) {
        if (layer == null || classifier == null) {
            throw new IllegalArgumentException("BPDA needs a JPEG layer and a classifier");
        }
        if (!(hardness > 0) || !Double.isFinite(hardness)) {
            throw new IllegalArgumentException("the soft surrogate's hardness must be positive, got " + hardness);
        }
        if (layer.regions() == null) {
            throw new IllegalArgumentException("the JPEG layer must be initialised before BPDA copies its tables");
        }
        JpegLayerBuilder b = JpegLayer.builder()
                .optChannels(layer.channels())
                .optCandidates(layer.candidates())
                .optBits(layer.bits())
                .optRegionSize(layer.regionSize())
                .optNormalization(layer.mean(), layer.std());
        if (layer.zeroDc()) {
            b.optZeroDc(true);
        } else {
            float[][][] luma = new float[layer.rounds()][][];
            float[][][] chroma = new float[layer.rounds()][][];
            TableSnapshot tables = layer.tables();
            for (int r = 0; r < layer.rounds(); r++) {
                luma[r] = tables.lumaStepsPerRegion(r);
                chroma[r] = layer.channels() == 3 ? tables.chromaStepsPerRegion(r) : luma[r];
            }
            b.optRounds(layer.rounds())
                    .optHardness(hardness)
                    .optTableInit(TableInit.explicitRegions("the attacked layer's tables", luma, chroma));
        }
        JpegLayer copy = b.build();
        copy.setQuantization(JpegLayer.Quantization.SOFT);
        copy.initialize(
                manager,
                DataType.FLOAT32,
                new Shape(
                        1,
                        layer.channels(),
                        layer.regions().height(),
                        layer.regions().width()));
        copy.freezeParameters(true);
        return new Bpda(layer, classifier, JpegLayer.Quantization.SOFT, copy, hardness);
    }

    /** The surrogate quantisation (SOFT for the low-alpha soft surrogate, whose layer is a copy). */
    public JpegLayer.Quantization surrogate() {
        return surrogate;
    }

    /** "BPDA (identity surrogate)" and the like. */
    public String describe() {
        if (softCopy != null) {
            return "BPDA (soft surrogate, alpha·q² = " + fmt(hardness) + ")";
        }
        return "BPDA ("
                + switch (surrogate) {
                    case OFF -> "identity";
                    case CLAMPED -> "clamp-aware identity";
                    case HARD -> "hard";
                    case SOFT -> "soft";
                }
                + " surrogate)";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The layer's output with the real value and the surrogate's gradient. */
    @Override
    protected NDArray layerOutput(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        JpegLayer layer = jpegLayer();
        // no shortcut when real == surrogate: the same formula then gives exactly the plain gradient (tested)
        JpegLayer.Quantization real = layer.getQuantization();
        NDArray realOut =
                layer.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray surrogateOut;
        if (softCopy != null) {
            surrogateOut =
                    softCopy.forward(parameterStore, inputs, training, params).singletonOrThrow();
        } else {
            layer.setQuantization(surrogate);
            try {
                surrogateOut =
                        layer.forward(parameterStore, inputs, training, params).singletonOrThrow();
            } finally {
                layer.setQuantization(real);
            }
        }
        return surrogateOut.add(realOut.sub(surrogateOut).stopGradient());
    }

    @Override
    public String toString() {
        return "Bpda(" + jpegLayer() + " → " + classifier().getClass().getSimpleName() + ", backward through "
                + (softCopy != null ? "soft at alpha·q² = " + fmt(hardness) : surrogate) + ")";
    }
}
