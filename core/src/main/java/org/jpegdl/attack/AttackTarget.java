package org.jpegdl.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.nd.Scalars;

/**
 * A classifier as an attack sees it: pixels (N, C, H, W) in [0,255] → logits, always run in inference mode (batch-norm
 * running statistics, dropout off), together with the gradient the attack follows: the network's own ({@link
 * #plain}) or a BPDA gradient through a surrogate of the JPEG layer's quantiser ({@link #bpda}). Predictions always
 * come from the real network.
 *
 * <p>While a target is open its network's trainable parameters record no gradient (the attack needs the gradient
 * with respect to the input only, and skipping the weights' halves the backward pass); {@link #close()} gives them
 * back. Gradients are of the cross-entropy summed over the batch, so every image gets the gradient of its own loss.
 */
public final class AttackTarget implements AutoCloseable {

    private final Block network;
    private final Block differentiated;
    private final String gradient;
    private final List<Parameter> frozen = new ArrayList<>();
    private int eotSamples = 1;

    private AttackTarget(Block network, Block differentiated, String gradient) {
        this.network = network;
        this.differentiated = differentiated;
        this.gradient = gradient;
        for (Block b : List.of(network, differentiated)) {
            for (Parameter p : b.getParameters().values()) {
                if (p.isInitialized() && p.requiresGradient() && !frozen.contains(p)) {
                    p.freeze(true);
                    frozen.add(p);
                }
            }
        }
    }

    /** The network attacked through its own gradient; {@code network} maps pixels in [0,255] to logits. */
    public static AttackTarget plain(Block network) {
        return new AttackTarget(network, network, "plain");
    }

    /**
     * The JPEG-DL network {@code layer → classifier} attacked through BPDA: the forward pass is the real layer, the
     * backward pass goes through the layer with {@code surrogate} quantisation ({@link Bpda}).
     */
    public static AttackTarget bpda(JpegLayer layer, Block classifier, JpegLayer.Quantization surrogate) {
        Bpda bpda = Bpda.of(layer, classifier, surrogate);
        return new AttackTarget(JpegDlModel.of(layer, classifier), bpda, bpda.describe());
    }

    /**
     * Averages every gradient over {@code samples} forward/backward passes (expectation over transformation); 1, the
     * default, is a single pass. Only worth more than 1 for a network that is random in inference mode ({@link Eot}).
     */
    public AttackTarget withEotSamples(int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("EOT samples must be at least 1, got " + samples);
        }
        this.eotSamples = samples;
        return this;
    }

    public int eotSamples() {
        return eotSamples;
    }

    /** What the attack differentiates, in words ("plain", "BPDA (identity surrogate)"). */
    public String gradient() {
        return gradient;
    }

    /** The real network's logits (N, classes), no gradient recorded; the result lives in the pixels' manager. */
    public NDArray logits(NDArray pixels) {
        try (NDManager scope = pixels.getManager().newSubManager()) {
            NDArray x = pixels.duplicate();
            x.attach(scope);
            NDArray logits = network.forward(new ScopedParameterStore(scope), new NDList(x), false)
                    .singletonOrThrow();
            logits.attach(pixels.getManager());
            return logits;
        }
    }

    /** Per image, whether the real network's top-1 class equals the label (float class indices, shape (N)). */
    public boolean[] correct(NDArray pixels, NDArray labels) {
        try (NDManager scope = pixels.getManager().newSubManager()) {
            NDArray logits = logits(pixels);
            logits.attach(scope);
            NDArray predicted = logits.argMax(1).toType(DataType.INT64, false);
            NDArray truth = labels.toType(DataType.INT64, false);
            truth.attach(scope);
            return predicted.eq(truth).toBooleanArray();
        }
    }

    /**
     * The gradient of the summed cross-entropy with respect to the pixels, through the gradient this target follows
     * (averaged over the EOT samples); shape and manager as {@code pixels}.
     */
    public NDArray lossGradient(NDArray pixels, NDArray labels) {
        NDManager outer = pixels.getManager();
        try (NDManager scope = outer.newSubManager()) {
            NDArray sum = null;
            for (int s = 0; s < eotSamples; s++) {
                NDArray x = pixels.duplicate();
                x.attach(scope);
                NDArray y = labels.duplicate();
                y.attach(scope);
                x.setRequiresGradient(true);
                NDArray g;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = differentiated.forward(new ScopedParameterStore(scope), new NDList(x), false)
                            .singletonOrThrow();
                    // + 0·Σx keeps a path from the pixels to the loss when the network has none (a hard
                    // quantiser's round), where the gradient is then exactly zero instead of an engine error
                    NDArray loss = crossEntropySum(logits, y).add(x.sum().mul(Scalars.like(x, 0)));
                    collector.backward(loss);
                    g = x.getGradient().duplicate();
                }
                sum = sum == null ? g : sum.add(g);
            }
            NDArray mean = eotSamples == 1 ? sum : sum.div(eotSamples);
            mean.attach(outer);
            return mean;
        }
    }

    /** Σ over the batch of −log softmax(logits)[label]. */
    static NDArray crossEntropySum(NDArray logits, NDArray labels) {
        int classes = (int) logits.getShape().get(1);
        NDArray oneHot = labels.toType(DataType.INT64, false).oneHot(classes, logits.getDataType());
        return logits.logSoftmax(1).mul(oneHot).sum().neg();
    }

    /** Gives the network's parameters their gradients back. */
    @Override
    public void close() {
        for (Parameter p : frozen) {
            p.freeze(false);
        }
        frozen.clear();
    }
}
