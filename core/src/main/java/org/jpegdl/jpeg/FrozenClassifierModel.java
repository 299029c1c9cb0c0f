package org.jpegdl.jpeg;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link JpegDlModel} whose classifier is kept as it is while the JPEG layer learns in front of it: the classifier
 * always runs in inference mode (batch normalisation uses its running statistics and never updates them, dropout is
 * off), and its parameters form the {@link ParameterGroup#FROZEN} group, whose gradients the training code turns off
 * once the trained weights are in, so a backward pass computes gradients for the layer's parameters only (the
 * gradient still flows through the classifier to the layer's output) and no step touches the classifier.
 */
public final class FrozenClassifierModel extends JpegDlModel {

    private FrozenClassifierModel(JpegLayer jpegLayer, Block classifier) {
        super(jpegLayer, classifier);
    }

    /** {@code jpegLayer} in front of {@code classifier}, which will not learn. */
    public static FrozenClassifierModel of(JpegLayer jpegLayer, Block classifier) {
        if (jpegLayer == null || classifier == null) {
            throw new IllegalArgumentException("FrozenClassifierModel needs a JPEG layer and a classifier");
        }
        return new FrozenClassifierModel(jpegLayer, classifier);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return classifier()
                .forward(
                        parameterStore,
                        new NDList(layerOutput(parameterStore, inputs, training, params)),
                        false,
                        params);
    }

    @Override
    public String toString() {
        return "FrozenClassifierModel(" + jpegLayer() + " → "
                + classifier().getClass().getSimpleName() + ", frozen)";
    }
}
