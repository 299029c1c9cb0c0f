package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.jpeg.JpegLayer;

/**
 * A JPEG-DL network whose layer quantises with a surrogate on the forward and the backward pass alike: the function
 * BPDA differentiates, as a network of its own. Adversarial images made on it, white-box, are then tried on the real
 * network (a transfer attack): unlike BPDA, the attack never sees the real layer, so a surrogate that models the real
 * function well transfers and one that does not fails in plain sight.
 *
 * <p>It switches the shared layer's quantisation during its forward pass and restores it after: use one forward at a
 * time per layer.
 */
public final class SurrogateNetwork extends JpegDlModel {

    private final JpegLayer.Quantization surrogate;

    private SurrogateNetwork(JpegLayer layer, Block classifier, JpegLayer.Quantization surrogate) {
        super(layer, classifier);
        this.surrogate = surrogate;
    }

    /** {@code layer} quantising with {@code surrogate}, then {@code classifier} (both initialised). */
    public static SurrogateNetwork of(JpegLayer layer, Block classifier, JpegLayer.Quantization surrogate) {
        if (layer == null || classifier == null || surrogate == null) {
            throw new IllegalArgumentException(
                    "a surrogate network needs a JPEG layer, a classifier and a " + "surrogate quantisation");
        }
        return new SurrogateNetwork(layer, classifier, surrogate);
    }

    /** "surrogate network (clamp-aware identity)" and the like. */
    public String describe() {
        return "surrogate network ("
                + switch (surrogate) {
                    case OFF -> "identity";
                    case CLAMPED -> "clamp-aware identity";
                    case HARD -> "hard";
                    case SOFT -> "soft";
                }
                + " quantiser, forward and backward)";
    }

    @Override
    protected NDArray layerOutput(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        JpegLayer layer = jpegLayer();
        JpegLayer.Quantization real = layer.getQuantization();
        layer.setQuantization(surrogate);
        try {
            return layer.forward(parameterStore, inputs, training, params).singletonOrThrow();
        } finally {
            layer.setQuantization(real);
        }
    }

    @Override
    public String toString() {
        return "SurrogateNetwork(" + jpegLayer() + " with " + surrogate + " → "
                + classifier().getClass().getSimpleName() + ")";
    }
}
