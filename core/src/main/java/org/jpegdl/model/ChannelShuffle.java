package org.jpegdl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ShuffleNet's channel shuffle: (N, C, H, W) → (N, g, C/g, H, W) → swap the two channel axes → (N, C, H, W), so
 * that the next grouped convolution sees channels from every group. No parameters.
 */
final class ChannelShuffle extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int groups;

    ChannelShuffle(int groups) {
        super(VERSION);
        if (groups < 1) {
            throw new IllegalArgumentException("channel shuffle needs at least 1 group, got " + groups);
        }
        this.groups = groups;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (groups == 1) {
            return new NDList(x);
        }
        Shape s = x.getShape();
        long channels = s.get(1);
        if (channels % groups != 0) {
            throw new IllegalArgumentException(
                    "channel shuffle with " + groups + " groups got " + channels + " channels (shape " + s + ")");
        }
        NDArray shuffled = x.reshape(new Shape(s.get(0), groups, channels / groups, s.get(2), s.get(3)))
                .transpose(0, 2, 1, 3, 4)
                .reshape(s);
        return new NDList(shuffled);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "ChannelShuffle(groups=" + groups + ")";
    }
}
