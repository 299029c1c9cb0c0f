package org.jpegdl.explain;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * A block of a network whose output is a feature map (N, C, h, w) that can be captured: the block is a
 * {@link SequentialBlock} (capture after its last child) or a child of one (capture right after it).
 *
 * @param path child names from the walked root joined by '/', e.g. {@code 01network/10ParallelBlock}
 * @param block the block
 * @param parent its parent, or null for the root
 * @param index its position among the parent's children
 * @param outputShape its output shape at the network's initialisation shape
 */
public record FeatureLayer(String path, Block block, Block parent, int index, Shape outputShape) {

    /** Channels of the map. */
    public long channels() {
        return outputShape.get(1);
    }

    /** "01network/10ParallelBlock (64×8×8)". */
    public String describe() {
        return path + " (" + outputShape.get(1) + "×" + outputShape.get(2) + "×" + outputShape.get(3) + ")";
    }
}
