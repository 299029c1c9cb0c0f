package org.jpegdl.explain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/**
 * GradCAM++ (Chattopadhyay et al., 2018) of any DJL classifier at a {@link FeatureLayer}. With A the layer's map
 * (K channels, h×w positions), S the class score (the logit) and g = ∂S/∂A from autograd, for every channel k and
 * position ij
 * <pre>
 *   α_kij = g²_kij / (2·g²_kij + Σ_ab A_kab · g³_kij)      (0 where the denominator is not positive)
 *   w_k   = Σ_ij α_kij · relu(g_kij)
 *   map   = relu(Σ_k w_k · A_k)
 * </pre>
 * (the higher derivatives of exp(S) written with the first, as in the paper). The map is upsampled bilinearly to the
 * input size and divided by its maximum, giving a heat map in [0,1]. The network runs in inference mode.
 */
public final class GradCamPlusPlus {

    private final Block model;
    private final FeatureLayer layer;

    /**
     * @param model the whole network, pixels in → logits out (an initialised block)
     * @param layer a feature map inside it ({@link FeatureLayers})
     */
    public GradCamPlusPlus(Block model, FeatureLayer layer) {
        this.model = model;
        this.layer = layer;
    }

    public FeatureLayer layer() {
        return layer;
    }

    /**
     * Explains {@code classes[i]} for image i of {@code pixels} (N, C, H, W), or each image's predicted class when
     * {@code classes} is null.
     */
    public Explanation explain(NDArray pixels, int[] classes) {
        int n = (int) pixels.getShape().get(0);
        int height = (int) pixels.getShape().get(2);
        int width = (int) pixels.getShape().get(3);
        if (classes != null && classes.length != n) {
            throw new IllegalArgumentException(classes.length + " classes for " + n + " images");
        }
        ParameterStore store = new ParameterStore(pixels.getManager(), false);
        try (NDManager scope = pixels.getManager().newSubManager();
                ActivationCapture capture = ActivationCapture.install(layer)) {
            NDArray x = pixels.duplicate();
            x.attach(scope);
            int[] predicted;
            int[] explained;
            float[] scores;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(store, new NDList(x), false).singletonOrThrow();
                long[] argMax = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                predicted = new int[n];
                for (int i = 0; i < n; i++) {
                    predicted[i] = (int) argMax[i];
                }
                explained = classes == null ? predicted : classes.clone();
                int numClasses = (int) logits.getShape().get(1);
                float[] chosen = new float[n];
                for (int i = 0; i < n; i++) {
                    if (explained[i] < 0 || explained[i] >= numClasses) {
                        throw new IllegalArgumentException("class " + explained[i] + " outside 0.." + (numClasses - 1));
                    }
                    chosen[i] = explained[i];
                }
                NDArray oneHot =
                        scope.create(chosen).toType(DataType.INT64, false).oneHot(numClasses, logits.getDataType());
                NDArray score = logits.mul(oneHot);
                scores = score.sum(new int[] {1}).toFloatArray();
                collector.backward(score.sum());
            }
            NDArray a = capture.activation();
            if (a == null) {
                throw new IllegalStateException(layer.path() + " was not reached by the forward pass");
            }
            NDArray g = a.getGradient();
            long k = a.getShape().get(1);
            int h = (int) a.getShape().get(2);
            int w = (int) a.getShape().get(3);
            NDArray g2 = g.square();
            NDArray g3 = g2.mul(g);
            NDArray sumA = a.sum(new int[] {2, 3}, true);
            NDArray denominator = g2.mul(2).add(sumA.mul(g3));
            NDArray alpha = NDArrays.where(denominator.gt(0), g2.div(denominator), g2.zerosLike());
            NDArray weights = alpha.mul(g.maximum(0)).sum(new int[] {2, 3});
            NDArray map = a.mul(weights.reshape(n, k, 1, 1)).sum(new int[] {1}).maximum(0);
            float[][] weightRows = rows(weights.toFloatArray(), n);
            float[][] alphaRows = rows(alpha.toFloatArray(), n);
            float[][] maps = rows(map.toFloatArray(), n);
            float[][] heat = new float[n][];
            for (int i = 0; i < n; i++) {
                heat[i] = HeatMaps.normalise(HeatMaps.upsample(maps[i], h, w, height, width));
            }
            return new Explanation(
                    explained, predicted, scores, (int) k, h, w, height, width, weightRows, alphaRows, maps, heat);
        }
    }

    private static float[][] rows(float[] values, int n) {
        int width = values.length / n;
        float[][] out = new float[n][width];
        for (int i = 0; i < n; i++) {
            System.arraycopy(values, i * width, out[i], 0, width);
        }
        return out;
    }

    /**
     * GradCAM++ of a batch.
     *
     * @param classes the class explained per image
     * @param predicted the network's top-1 per image
     * @param scores the explained class's logit per image
     * @param channels K, channels of the feature map
     * @param mapHeight h
     * @param mapWidth w
     * @param height input height H
     * @param width input width W
     * @param weights per image, w_k (K values)
     * @param alphas per image, α_kij (K·h·w values, channel-major)
     * @param maps per image, relu(Σ_k w_k A_k) (h·w values)
     * @param heat per image, the map upsampled to H×W and divided by its maximum (all 0 when the map is 0)
     */
    public record Explanation(
            int[] classes,
            int[] predicted,
            float[] scores,
            int channels,
            int mapHeight,
            int mapWidth,
            int height,
            int width,
            float[][] weights,
            float[][] alphas,
            float[][] maps,
            float[][] heat) {

        /** Images explained. */
        public int images() {
            return classes.length;
        }

        /** Row and column of the heat map's maximum for image i (the first one in row-major order). */
        public int[] peak(int image) {
            float[] h = heat[image];
            int best = 0;
            for (int p = 1; p < h.length; p++) {
                if (h[p] > h[best]) {
                    best = p;
                }
            }
            return new int[] {best / width, best % width};
        }
    }
}
