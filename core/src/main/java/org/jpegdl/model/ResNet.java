package org.jpegdl.model;

import static org.jpegdl.model.TorchLayers.batchNorm;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.List;

/**
 * ResNet with basic blocks, as torchvision defines it ({@code torchvision/models/resnet.py}, {@code resnet18},
 * {@code resnet34}): a 7×7/2 stem convolution without bias, batch norm, ReLU and a 3×3/2 max pool (padding 1); four
 * stages of basic blocks with 64, 128, 256, 512 filters, the first block of stages 2–4 striding by 2 with a 1×1
 * convolution + batch norm projection on the shortcut; global average pooling; one fully connected layer.
 *
 * <p>Trainable parameters (batch-norm running statistics excluded), identical to torchvision's: resnet18 11,689,512
 * with 1000 classes and 11,279,112 with 200; resnet34 21,797,672 with 1000. The global average pool makes any input
 * of at least 32×32 work (64×64 gives a 2×2 final map).
 *
 * <p>The stem max pool pads with −∞ like PyTorch's (DJL runs {@code max_pool2d}); it follows a ReLU, so its padding
 * never wins anyway. Weights start as torchvision's: Kaiming normal (fan out) convolutions, PyTorch's default for the
 * fully connected layer.
 */
public final class ResNet {

    /** Blocks per stage of ResNet-18. */
    public static final int[] RESNET18 = {2, 2, 2, 2};
    /** Blocks per stage of ResNet-34. */
    public static final int[] RESNET34 = {3, 4, 6, 3};

    private static final int[] WIDTHS = {64, 128, 256, 512};

    private ResNet() {}

    /** The named variants: {@code resnet18} and {@code resnet34}, ImageNet heads by default. */
    public static List<ModelSpec> variants() {
        return List.of(
                ModelSpec.imagenet("resnet18", "ResNet", ResNet::resnet18),
                ModelSpec.imagenet("resnet34", "ResNet", ResNet::resnet34));
    }

    /** torchvision {@code resnet18}. */
    public static Block resnet18(int numClasses, int inChannels) {
        return builder()
                .setBlocksPerStage(RESNET18)
                .setNumClasses(numClasses)
                .optInChannels(inChannels)
                .build();
    }

    /** torchvision {@code resnet34}. */
    public static Block resnet34(int numClasses, int inChannels) {
        return builder()
                .setBlocksPerStage(RESNET34)
                .setNumClasses(numClasses)
                .optInChannels(inChannels)
                .build();
    }

    /** A builder for basic-block ResNets of any depth. */
    public static Builder builder() {
        return new Builder();
    }

    /** Basic block: conv3×3(stride)–BN–ReLU–conv3×3–BN, plus the (projected) input, then ReLU. */
    static Block basicBlock(int filters, int stride, boolean project) {
        SequentialBlock branch = new SequentialBlock()
                .add(conv(3, stride, filters))
                .add(batchNorm())
                .add(Activation.reluBlock())
                .add(conv(3, 1, filters))
                .add(batchNorm());
        Block shortcut =
                project ? new SequentialBlock().add(conv(1, stride, filters)).add(batchNorm()) : Blocks.identityBlock();
        return new SequentialBlock().add(Branches.residual(branch, shortcut)).add(Activation.reluBlock());
    }

    /** A bias-free k×k convolution with padding k/2, as torchvision's {@code conv3x3}/{@code conv1x1}. */
    static Conv2d conv(int kernel, int stride, int filters) {
        return TorchLayers.conv(filters, kernel, stride, kernel / 2, false);
    }

    /** The ImageNet stem: conv7×7/2 (no bias), BN, ReLU, max pool 3×3/2 with padding 1. */
    static SequentialBlock imageNetStem(int filters) {
        return new SequentialBlock()
                .add(stemConv(filters))
                .add(batchNorm())
                .add(Activation.reluBlock())
                .add(stemPool());
    }

    /** The ImageNet stem's convolution: 7×7/2, padding 3, no bias. */
    static Conv2d stemConv(int filters) {
        return TorchLayers.conv(filters, 7, 2, 3, false);
    }

    /** The ImageNet stem's max pool: 3×3/2, padding 1. */
    static Block stemPool() {
        return Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1));
    }

    /** Builds a ResNet; {@link #setBlocksPerStage} and {@link #setNumClasses} are required. */
    public static final class Builder extends ClassifierBuilder<Builder> {
        private int[] blocksPerStage;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Basic blocks in each of the four stages, e.g. {@link #RESNET18}. */
        public Builder setBlocksPerStage(int... blocks) {
            if (blocks.length != 4 || Arrays.stream(blocks).anyMatch(b -> b < 1)) {
                throw new IllegalArgumentException("need four positive block counts, got " + Arrays.toString(blocks));
            }
            this.blocksPerStage = blocks.clone();
            return this;
        }

        /** An uninitialised block mapping (N, inChannels, H, W) to (N, numClasses) logits. */
        public Block build() {
            if (blocksPerStage == null) {
                throw new IllegalStateException("ResNet needs setBlocksPerStage");
            }
            checkSettings("ResNet");
            SequentialBlock net = new SequentialBlock().add(imageNetStem(64));
            for (int stage = 0; stage < 4; stage++) {
                for (int b = 0; b < blocksPerStage[stage]; b++) {
                    boolean first = b == 0 && stage > 0;
                    net.add(basicBlock(WIDTHS[stage], first ? 2 : 1, first));
                }
            }
            net.add(Pool.globalAvgPool2dBlock());
            TorchLayers.addLinearClassifier(
                    net, ReferenceInit.kaimingNormalFanOut(), numClasses(), ReferenceInit.torchDefault());
            // Two layers per basic block, plus the stem convolution and the classifier: resnet18, resnet34.
            return classifier("resnet" + (2 * Arrays.stream(blocksPerStage).sum() + 2), net);
        }
    }
}
