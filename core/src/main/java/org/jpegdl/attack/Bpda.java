package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.jpeg.JpegLayer;

/**
 * Backward Pass Differentiable Approximation (Athalye, Carlini and Wagner, 2018) of a JPEG-DL network: the forward
 * pass is the real JPEG layer (its current quantisation) followed by the classifier; the backward pass goes through
 * the layer with a surrogate quantisation instead, by computing
 * <pre>  out = surrogate(x) + stopGradient(real(x) − surrogate(x))</pre>
 * whose value is real(x) and whose gradient is the surrogate's. With the surrogate {@link
 * JpegLayer.Quantization#OFF} the quantiser is the identity on the backward pass (the colour transform, DCT and
 * normalisation stay exact), so a soft quantiser cannot hide the gradient. {@link JpegLayer.Quantization#HARD} as
 * surrogate has a zero derivative in x (round is piecewise constant): it shows the masking, it does not remove it.
 * Everything outside the quantiser has the same backward as the plain network.
 *
 * <p>The block switches the shared layer's quantisation during its forward pass and restores it after: use one
 * forward at a time per layer.
 */
public final class Bpda extends JpegDlModel {

    private final JpegLayer.Quantization surrogate;

    private Bpda(JpegLayer layer, Block classifier, JpegLayer.Quantization surrogate) {
        super(layer, classifier);
        this.surrogate = surrogate;
    }

    /** BPDA of {@code layer → classifier} (both initialised) with the quantiser replaced by {@code surrogate}. */
    public static Bpda of(JpegLayer layer, Block classifier, JpegLayer.Quantization surrogate) {
        if (layer == null || classifier == null || surrogate == null) {
            throw new IllegalArgumentException("BPDA needs a JPEG layer, a classifier and a surrogate quantisation");
        }
        return new Bpda(layer, classifier, surrogate);
    }

    public JpegLayer.Quantization surrogate() {
        return surrogate;
    }

    /** "BPDA (identity surrogate)" and the like. */
    public String describe() {
        return "BPDA (" + switch (surrogate) {
            case OFF -> "identity";
            case HARD -> "hard";
            case SOFT -> "soft";
        } + " surrogate)";
    }

    /** The layer's output with the real value and the surrogate's gradient. */
    @Override
    protected NDArray layerOutput(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        JpegLayer layer = jpegLayer();
        // no shortcut when real == surrogate: the same formula then gives exactly the plain gradient (tested)
        JpegLayer.Quantization real = layer.getQuantization();
        NDArray realOut = layer.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray surrogateOut;
        layer.setQuantization(surrogate);
        try {
            surrogateOut = layer.forward(parameterStore, inputs, training, params).singletonOrThrow();
        } finally {
            layer.setQuantization(real);
        }
        return surrogateOut.add(realOut.sub(surrogateOut).stopGradient());
    }

    @Override
    public String toString() {
        return "Bpda(" + jpegLayer() + " → " + classifier().getClass().getSimpleName() + ", backward through "
                + surrogate + ")";
    }
}
