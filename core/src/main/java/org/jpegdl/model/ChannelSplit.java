package org.jpegdl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One side of ShuffleNetV2's channel split: with c = ⌊C·ratio⌋, the first part keeps channels [0, c) and the
 * second part channels [c, C). No parameters.
 */
final class ChannelSplit extends AbstractBlock {

    private static final byte VERSION = 1;

    private final double ratio;
    private final boolean firstPart;

    private ChannelSplit(double ratio, boolean firstPart) {
        super(VERSION);
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("split ratio must be in (0, 1), got " + ratio);
        }
        this.ratio = ratio;
        this.firstPart = firstPart;
    }

    /** Channels [0, ⌊C·ratio⌋). */
    static ChannelSplit first(double ratio) {
        return new ChannelSplit(ratio, true);
    }

    /** Channels [⌊C·ratio⌋, C). */
    static ChannelSplit second(double ratio) {
        return new ChannelSplit(ratio, false);
    }

    private long splitPoint(long channels) {
        return (long) (channels * ratio);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long c = splitPoint(x.getShape().get(1));
        return new NDList(firstPart ? x.get(":, :{}", c) : x.get(":, {}:", c));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long c = splitPoint(s.get(1));
        long kept = firstPart ? c : s.get(1) - c;
        return new Shape[] {new Shape(s.get(0), kept, s.get(2), s.get(3))};
    }

    @Override
    public String toString() {
        return "ChannelSplit(" + (firstPart ? "first" : "second") + ", ratio=" + ratio + ")";
    }
}
