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
 * back. Gradients are of a per-image loss ({@link AttackLoss}: the cross-entropy unless an attack asks for DLR) summed
 * over the batch, so every image gets the gradient of its own loss. The BPDA gradients: {@link #bpda} with a surrogate
 * quantisation (the identity {@code OFF}, the clamp-aware {@code CLAMPED}) and {@link #bpdaSoft} (the soft quantiser at
 * a low alpha); {@link #surrogate} is the surrogate network itself, for transfer attacks.
 */
public final class AttackTarget implements AutoCloseable {

    private final Block network;
    private final Block differentiated;
    private final String gradient;
    private final NDManager owned;
    private final List<Parameter> frozen = new ArrayList<>();
    private int eotSamples = 1;

    private AttackTarget(Block network, Block differentiated, String gradient) {
        this(network, differentiated, gradient, null);
    }

    private AttackTarget(Block network, Block differentiated, String gradient, NDManager owned) {
        this.network = network;
        this.differentiated = differentiated;
        this.gradient = gradient;
        this.owned = owned;
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
     * BPDA of {@code layer → classifier} through the low-alpha soft surrogate ({@link Bpda#soft}): a copy of the layer
     * with the same tables and the soft quantiser at {@code hardness} = α·q² on every frequency. The copy's
     * parameters live in a manager of the target's own, freed by {@link #close()}.
     */
    public static AttackTarget bpdaSoft(JpegLayer layer, Block classifier, double hardness) {
        NDManager manager = NDManager.newBaseManager();
        try {
            Bpda bpda = Bpda.soft(layer, classifier, hardness, manager);
            return new AttackTarget(JpegDlModel.of(layer, classifier), bpda, bpda.describe(), manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The surrogate network itself, {@code layer} (with {@code surrogate} quantisation) → {@code classifier}, on the
     * forward and the backward pass ({@link SurrogateNetwork}): adversarial images made on it transfer to the real
     * network. Predictions of this target are the surrogate's.
     */
    public static AttackTarget surrogate(JpegLayer layer, Block classifier, JpegLayer.Quantization surrogate) {
        SurrogateNetwork net = SurrogateNetwork.of(layer, classifier, surrogate);
        return new AttackTarget(net, net, net.describe());
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
        return step(pixels, labels, AttackLoss.CROSS_ENTROPY).gradient();
    }

    /**
     * What one gradient step of an attack sees at its iterate.
     *
     * @param losses every image's loss (mean over the EOT samples)
     * @param correct per image, whether the forward pass's top-1 is the label (the first EOT sample; for BPDA and
     *     plain targets that is the real network's prediction)
     * @param gradient the gradient of the summed loss with respect to the pixels, shape and manager as the pixels
     */
    public record Step(float[] losses, boolean[] correct, NDArray gradient) {}

    /** The loss of every image, its prediction and the gradient of the summed {@code loss} at {@code pixels}. */
    public Step step(NDArray pixels, NDArray labels, AttackLoss loss) {
        NDManager outer = pixels.getManager();
        try (NDManager scope = outer.newSubManager()) {
            NDArray sum = null;
            float[] losses = null;
            boolean[] correct = null;
            for (int s = 0; s < eotSamples; s++) {
                NDArray x = pixels.duplicate();
                x.attach(scope);
                NDArray y = labels.duplicate();
                y.attach(scope);
                x.setRequiresGradient(true);
                NDArray g;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = differentiated
                            .forward(new ScopedParameterStore(scope), new NDList(x), false)
                            .singletonOrThrow();
                    NDArray perImage = loss.perImage(logits, y);
                    // + 0·Σx keeps a path from the pixels to the loss when the network has none (a hard
                    // quantiser's round), where the gradient is then exactly zero instead of an engine error
                    collector.backward(perImage.sum().add(x.sum().mul(Scalars.like(x, 0))));
                    g = x.getGradient().duplicate();
                    float[] values = perImage.stopGradient()
                            .toType(DataType.FLOAT32, false)
                            .toFloatArray();
                    if (losses == null) {
                        losses = values;
                        correct = logits.stopGradient()
                                .argMax(1)
                                .toType(DataType.INT64, false)
                                .eq(y.toType(DataType.INT64, false))
                                .toBooleanArray();
                    } else {
                        for (int i = 0; i < values.length; i++) {
                            losses[i] += values[i];
                        }
                    }
                }
                sum = sum == null ? g : sum.add(g);
            }
            if (eotSamples > 1) {
                for (int i = 0; i < losses.length; i++) {
                    losses[i] /= eotSamples;
                }
            }
            NDArray mean = eotSamples == 1 ? sum : sum.div(eotSamples);
            mean.attach(outer);
            return new Step(losses, correct, mean);
        }
    }

    /** Σ over the batch of −log softmax(logits)[label]. */
    static NDArray crossEntropySum(NDArray logits, NDArray labels) {
        int classes = (int) logits.getShape().get(1);
        NDArray oneHot = labels.toType(DataType.INT64, false).oneHot(classes, logits.getDataType());
        return logits.logSoftmax(1).mul(oneHot).sum().neg();
    }

    /** Gives the network's parameters their gradients back (and frees a surrogate layer the target made). */
    @Override
    public void close() {
        for (Parameter p : frozen) {
            p.freeze(false);
        }
        frozen.clear();
        if (owned != null) {
            owned.close();
        }
    }
}
