package org.jpegdl.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Captures the feature map of a {@link FeatureLayer} during forward passes and makes it a leaf that requires a
 * gradient, so that after a backward pass {@link #activation()}{@code .getGradient()} is the derivative of the
 * differentiated score with respect to the map. Installing puts a pass-through block right after the layer (at the
 * end of the layer when it is a {@link SequentialBlock}, else after it in its sequential parent); {@link #close()}
 * takes it out again, leaving the network as it was. The forward values are unchanged; only the graph is cut at the
 * map, so nothing before it receives a gradient while installed.
 */
public final class ActivationCapture implements AutoCloseable {

    private final SequentialBlock host;
    private final List<Block> displaced;
    private final Capture capture = new Capture();
    private boolean open = true;

    private ActivationCapture(FeatureLayer layer) {
        if (layer.block() instanceof SequentialBlock sequential) {
            host = sequential;
            displaced = List.of();
        } else if (layer.parent() instanceof SequentialBlock parent) {
            host = parent;
            displaced = new ArrayList<>();
            int children = parent.getChildren().size();
            for (int i = children - 1; i > layer.index(); i--) {
                displaced.add(0, parent.getChildren().get(i).getValue());
                parent.removeLastBlock();
            }
        } else {
            throw new IllegalArgumentException(layer.path() + " is neither a SequentialBlock nor the child of one: "
                    + "its output cannot be captured");
        }
        host.add(capture);
        for (Block b : displaced) {
            host.add(b);
        }
    }

    /** Starts capturing the output of {@code layer}; close to restore the network. */
    public static ActivationCapture install(FeatureLayer layer) {
        return new ActivationCapture(layer);
    }

    /** The map of the last forward pass, a gradient-requiring leaf; null before any forward pass. */
    public NDArray activation() {
        return capture.captured;
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        for (int i = 0; i <= displaced.size(); i++) {
            host.removeLastBlock();
        }
        for (Block b : displaced) {
            host.add(b);
        }
    }

    /** The pass-through block: its output is its input, detached and made a leaf that requires a gradient. */
    private static final class Capture extends AbstractBlock {
        private NDArray captured;

        Capture() {
            super((byte) 1);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray leaf = inputs.singletonOrThrow().stopGradient();
            leaf.setRequiresGradient(true);
            captured = leaf;
            return new NDList(leaf);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }
}
