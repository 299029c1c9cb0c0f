package org.jpegdl.experiment;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.Set;
import org.jpegdl.jpeg.FrozenClassifierModel;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.model.PixelNormalization;

/**
 * The network a run trains: a classifier behind either the JPEG layer (JPEG-DL) or the same normalisation alone
 * (baseline), so the two differ only by the layer.
 */
public final class Network {

    private final Block block;
    private final Block classifier;
    private final JpegLayer jpegLayer;
    private final float[] mean;
    private final float[] std;

    private Network(Block block, Block classifier, JpegLayer jpegLayer, float[] mean, float[] std) {
        this.block = block;
        this.classifier = classifier;
        this.jpegLayer = jpegLayer;
        this.mean = mean;
        this.std = std;
    }

    /** The baseline: (x/255 − mean)/std, then the classifier. */
    public static Network baseline(Block classifier, float[] mean, float[] std) {
        SequentialBlock block =
                new SequentialBlock().add(new PixelNormalization(mean, std)).add(classifier);
        return new Network(block, classifier, null, mean, std);
    }

    /** JPEG-DL: the JPEG layer (which ends with the same normalisation), then the classifier. */
    public static Network jpegDl(JpegLayer layer, Block classifier) {
        return new Network(JpegDlModel.of(layer, classifier), classifier, layer, layer.mean(), layer.std());
    }

    /**
     * JPEG-DL in front of a classifier that does not learn ({@link FrozenClassifierModel}): only the layer trains;
     * the training loop turns the classifier's gradients off once its trained weights are in (its parameters are the
     * frozen group of {@code train.ParameterGroups}).
     */
    public static Network frozenClassifier(JpegLayer layer, Block classifier) {
        return new Network(FrozenClassifierModel.of(layer, classifier), classifier, layer, layer.mean(), layer.std());
    }

    /** Whether the classifier is kept as it is while the layer learns. */
    public boolean isFrozenClassifier() {
        return block instanceof FrozenClassifierModel;
    }

    /** The whole block to train, pixels in [0,255] in, logits out. */
    public Block block() {
        return block;
    }

    public Block classifier() {
        return classifier;
    }

    /** The JPEG layer, or null for a baseline. */
    public JpegLayer jpegLayer() {
        return jpegLayer;
    }

    public boolean isJpegDl() {
        return jpegLayer != null;
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    /** Ids of the JPEG layer's parameters (empty for a baseline). */
    public Set<String> tableParameterIds() {
        return jpegLayer == null ? Set.of() : ((JpegDlModel) block).jpegParameterIds();
    }
}
