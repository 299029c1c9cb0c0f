package org.jpegdl.explain;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the feature maps of any initialised DJL network by walking its block tree: every block whose output is 4-D
 * (N, C, h, w) and that {@link ActivationCapture} can capture (a {@link SequentialBlock}, or a child of one), with
 * its output shape from the shapes the network was initialised with. Children are visited before their parent and
 * in their order, which is the order of computation for sequential networks: the last entry with a spatial map
 * larger than 1×1 is the output of the last convolutional stage, GradCAM's usual layer (for the zoo: the last
 * residual block, VGG's last block, DenseNet's final ReLU, EfficientFormer's last 4-D block).
 */
public final class FeatureLayers {

    private FeatureLayers() {}

    /** Every capturable 4-D feature map under {@code root} (the root itself excluded), in computation order. */
    public static List<FeatureLayer> list(Block root) {
        List<FeatureLayer> out = new ArrayList<>();
        walk(root, "", null, -1, out);
        return out;
    }

    /** The last feature map with more than one position (else the last one): the last convolutional stage. */
    public static FeatureLayer last(Block root) {
        List<FeatureLayer> all = list(root);
        if (all.isEmpty()) {
            throw new IllegalArgumentException(
                    "no capturable 4-D feature map in " + root.getClass().getSimpleName() + " (is it initialised?)");
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Shape s = all.get(i).outputShape();
            if (s.get(2) * s.get(3) > 1) {
                return all.get(i);
            }
        }
        return all.get(all.size() - 1);
    }

    /**
     * The feature map at {@code path}: an exact path, or the one path that ends with "/" + {@code path} (so
     * {@code 10ParallelBlock} finds {@code 01network/10ParallelBlock}).
     */
    public static FeatureLayer find(Block root, String path) {
        List<FeatureLayer> all = list(root);
        List<FeatureLayer> suffix = new ArrayList<>();
        for (FeatureLayer layer : all) {
            if (layer.path().equals(path)) {
                return layer;
            }
            if (layer.path().endsWith("/" + path)) {
                suffix.add(layer);
            }
        }
        if (suffix.size() == 1) {
            return suffix.get(0);
        }
        StringBuilder known = new StringBuilder();
        for (FeatureLayer layer : all) {
            known.append("\n  ").append(layer.describe());
        }
        throw new IllegalArgumentException((suffix.isEmpty() ? "no feature map '" : "ambiguous layer '") + path
                + "'; the capturable feature maps are:" + known);
    }

    private static void walk(Block block, String path, Block parent, int index, List<FeatureLayer> out) {
        int i = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            walk(child.getValue(), path.isEmpty() ? child.getKey() : path + "/" + child.getKey(), block, i++, out);
        }
        if (parent == null || !(block instanceof SequentialBlock || parent instanceof SequentialBlock)) {
            return;
        }
        Shape shape = outputShape(block);
        if (shape != null && shape.dimension() == 4) {
            out.add(new FeatureLayer(path, block, parent, index, shape));
        }
    }

    /** The block's output shape at its initialisation shape, or null when unknown. */
    private static Shape outputShape(Block block) {
        try {
            Shape[] in = block.getInputShapes();
            if (in == null || in.length != 1) {
                return null;
            }
            Shape[] out = block.getOutputShapes(in);
            return out.length == 1 ? out[0] : null;
        } catch (RuntimeException unknown) {
            return null; // not initialised, or a block that cannot tell its shapes: not a candidate
        }
    }
}
