package org.jpegdl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import java.util.List;

/**
 * DJL layers configured as the PyTorch reference definitions configure theirs, so that a model written with them
 * has the reference's shapes, parameter counts and batch-norm statistics.
 *
 * <p>Batch norm: PyTorch's {@code momentum=0.1} weighs the new batch; DJL's momentum weighs the running value, so
 * the same update is DJL momentum {@value #BATCH_NORM_MOMENTUM}; epsilon {@value #BATCH_NORM_EPSILON} as PyTorch.
 */
public final class TorchLayers {

    /** DJL batch-norm momentum equal to PyTorch's default {@code momentum=0.1}. */
    public static final float BATCH_NORM_MOMENTUM = 0.9f;
    /** PyTorch's default batch-norm epsilon. */
    public static final float BATCH_NORM_EPSILON = 1e-5f;

    /**
     * He (Kaiming) normal initialisation with fan-out, N(0, 2 / (k·k·outChannels)): PyTorch's
     * {@code kaiming_normal_(mode='fan_out')} and the reference's {@code normal_(0, sqrt(2/n))}.
     */
    public static final Initializer KAIMING_NORMAL_FAN_OUT = ReferenceInit.kaimingNormalFanOut();

    /**
     * PyTorch's default weight initialisation of {@code nn.Conv2d} and {@code nn.Linear}
     * ({@code kaiming_uniform_(a=sqrt(5))}): U(−1/√fanIn, 1/√fanIn).
     */
    public static final Initializer TORCH_DEFAULT_WEIGHT = ReferenceInit.torchDefault();

    private TorchLayers() {}

    /** A square convolution with {@code filters} outputs, square stride and padding, and no groups. */
    public static Conv2d conv(int filters, int kernel, int stride, int padding, boolean bias) {
        return conv(filters, kernel, stride, padding, 1, bias);
    }

    /** A square, possibly grouped ({@code groups = filters} for depthwise) convolution. */
    public static Conv2d conv(int filters, int kernel, int stride, int padding, int groups, boolean bias) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optGroups(groups)
                .setFilters(filters)
                .optBias(bias)
                .build();
    }

    /** A 3×3 convolution with padding 1 and no bias. */
    public static Conv2d conv3x3(int filters, int stride) {
        return conv(filters, 3, stride, 1, false);
    }

    /** A 1×1 convolution with no bias. */
    public static Conv2d conv1x1(int filters, int stride) {
        return conv(filters, 1, stride, 0, false);
    }

    /** A depthwise 3×3 convolution (one group per channel) with padding 1 and no bias. */
    public static Conv2d depthwise3x3(int channels, int stride) {
        return conv(channels, 3, stride, 1, channels, false);
    }

    /** Batch norm over channels with PyTorch's default momentum and epsilon. */
    public static BatchNorm batchNorm() {
        return BatchNorm.builder()
                .optMomentum(BATCH_NORM_MOMENTUM)
                .optEpsilon(BATCH_NORM_EPSILON)
                .build();
    }

    /** ReLU. */
    public static Block relu() {
        return Activation.reluBlock();
    }

    /**
     * Initialises every weight already in {@code body} with {@code bodyWeights}, then appends a linear classifier to
     * {@code numClasses} logits whose weight starts with {@code classifierWeights} (its bias with zeros).
     *
     * @return {@code body}
     */
    static SequentialBlock addLinearClassifier(
            SequentialBlock body, Initializer bodyWeights, int numClasses, Initializer classifierWeights) {
        body.setInitializer(bodyWeights, Parameter.Type.WEIGHT);
        Linear classifier = Linear.builder().setUnits(numClasses).build();
        classifier.setInitializer(classifierWeights, Parameter.Type.WEIGHT);
        return body.add(classifier);
    }

    /** {@code main(x) + shortcut(x)}, followed by a ReLU when {@code reluAfter}. */
    public static ParallelBlock residual(Block main, Block shortcut, boolean reluAfter) {
        return new ParallelBlock(reluAfter ? TorchLayers::sumRelu : TorchLayers::sum, List.of(main, shortcut));
    }

    /** The branches' outputs concatenated along channels, in branch order, followed by a ReLU when asked. */
    public static ParallelBlock concatChannels(boolean reluAfter, Block... branches) {
        return new ParallelBlock(reluAfter ? TorchLayers::concatRelu : TorchLayers::concat, List.of(branches));
    }

    private static NDList sum(List<NDList> outputs) {
        return new NDList(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow()));
    }

    private static NDList sumRelu(List<NDList> outputs) {
        return new NDList(Activation.relu(sum(outputs).singletonOrThrow()));
    }

    private static NDList concat(List<NDList> outputs) {
        NDList parts = new NDList(outputs.size());
        for (NDList output : outputs) {
            parts.add(output.singletonOrThrow());
        }
        return new NDList(NDArrays.concat(parts, 1));
    }

    private static NDList concatRelu(List<NDList> outputs) {
        NDArray joined = concat(outputs).singletonOrThrow();
        return new NDList(Activation.relu(joined));
    }
}
