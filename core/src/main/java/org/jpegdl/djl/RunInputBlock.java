package org.jpegdl.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.jpegdl.data.InputTransform;
import org.jpegdl.data.RgbImage;

/**
 * A run's network as a loaded DJL model's block: takes either pixels as the data pipeline makes them (float32
 * N×C×H×W in [0,255], what {@link RunTranslator} gives) and hands them to the network unchanged, or images as DJL's
 * own image translators hand them over untouched (uint8 N×H×W×3, RGB: {@code ImageClassificationTranslator} with
 * {@code toTensor=false}, which DJL uses when a Criteria names only the run's path) and makes each what the run's
 * evaluation batches hold with the same {@link InputTransform} first. Either way the network sees the same floats.
 */
public final class RunInputBlock extends AbstractBlock {

    private final Block network;
    private final InputTransform transform;

    /** {@code network} (initialised, pixels in [0,255] in, logits out) behind {@code transform}. */
    public RunInputBlock(Block network, InputTransform transform) {
        this.network = addChildBlock("network", network);
        this.transform = transform;
    }

    /** The run's network. */
    public Block network() {
        return network;
    }

    /** How images become the network's input. */
    public InputTransform transform() {
        return transform;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (isImages(x.getShape(), x.getDataType())) {
            x = transformed(x);
        }
        return network.forward(parameterStore, new NDList(x), training, params);
    }

    /** Whether an input is images as DJL's image translators give them: uint8 N×H×W×3. */
    private static boolean isImages(Shape shape, DataType type) {
        return type == DataType.UINT8 && shape.dimension() == 4 && shape.get(3) == 3;
    }

    private NDArray transformed(NDArray images) {
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        int height = (int) shape.get(1);
        int width = (int) shape.get(2);
        int plane = height * width;
        byte[] interleaved = images.toByteArray();
        int[] out = transform.outputShape();
        int values = out[0] * out[1] * out[2];
        float[] pixels = new float[n * values];
        for (int i = 0; i < n; i++) {
            byte[] planes = new byte[3 * plane];
            int base = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                planes[p] = interleaved[base + 3 * p];
                planes[plane + p] = interleaved[base + 3 * p + 1];
                planes[2 * plane + p] = interleaved[base + 3 * p + 2];
            }
            System.arraycopy(transform.apply(new RgbImage(width, height, planes)), 0, pixels, i * values, values);
        }
        return images.getManager().create(pixels, new Shape(n, out[0], out[1], out[2]));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        int[] out = transform.outputShape();
        Shape pixels = in.dimension() == 4 ? new Shape(in.get(0), out[0], out[1], out[2]) : in;
        // a shape is not typed: N×H×W×3 is taken for images unless it is the pixels' own shape
        return network.getOutputShapes(new Shape[] {isImages(in, DataType.UINT8) ? pixels : in});
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "RunInputBlock(" + transform + ", " + network + ")";
    }
}
