package org.jpegdl.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The first block of every model here: passes an (N, C, H, W) batch through unchanged after checking that C is the
 * number of channels the model was built for. DJL infers a convolution's input channels from the first shape it
 * sees, so without this a model built for grayscale would silently accept RGB (and the reverse).
 */
final class InputChannelCheck extends AbstractBlock {

    private final int channels;

    InputChannelCheck(int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("inChannels must be 1 or 3, got " + channels);
        }
        this.channels = channels;
    }

    int channels() {
        return channels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        check(inputs.singletonOrThrow().getShape());
        return inputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        check(inputShapes[0]);
        return inputShapes;
    }

    private void check(Shape s) {
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("model expects a 4-D batch (N, C, H, W), got shape " + s);
        }
        if (s.get(1) != channels) {
            throw new IllegalArgumentException("model was built for " + channels + " input channel(s) but the input has "
                    + s.get(1) + " (shape " + s + ")");
        }
    }
}
