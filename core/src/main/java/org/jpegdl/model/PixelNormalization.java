package org.jpegdl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jpegdl.nd.Scalars;

/**
 * Pixels in [0,255] → (x/255 − mean)/std per channel: the baseline's input stage, the same normalisation the JPEG
 * layer ends with, so that a baseline and a JPEG-DL model differ only by the layer.
 */
public final class PixelNormalization extends AbstractBlock {

    private static final byte VERSION = 1;
    private final float[] mean;
    private final float[] std;

    public PixelNormalization(float[] mean, float[] std) {
        super(VERSION);
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and std need one value per channel");
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != mean.length) {
            throw new IllegalArgumentException("expected (N, " + mean.length + ", H, W) pixels, got " + x.getShape());
        }
        Shape channelShape = new Shape(1, mean.length, 1, 1);
        NDArray m = x.getManager().create(mean, channelShape).toType(x.getDataType(), false);
        NDArray s = x.getManager().create(std, channelShape).toType(x.getDataType(), false);
        return new NDList(x.div(Scalars.like(x, 255)).sub(m).div(s));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }
}
