package org.jpegdl.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.Arrays;
import java.util.List;

/**
 * DenseNet-BC as torchvision defines it ({@code torchvision/models/densenet.py}, {@code densenet121}): a 7×7/2 stem
 * convolution (64 features, no bias), BN, ReLU, 3×3/2 max pool; dense blocks of 6/12/24/16 layers, each layer
 * BN–ReLU–conv1×1 (bn_size·growth = 128 filters)–BN–ReLU–conv3×3 (growth 32) concatenated onto its input; between
 * blocks a transition BN–ReLU–conv1×1 halving the features (compression 0.5)–avg pool 2×2/2; a final BN, ReLU,
 * global average pool and one fully connected layer. No dropout (torchvision's default {@code drop_rate=0}).
 *
 * <p>Trainable parameters of densenet121 (running statistics excluded): 7,978,856 with 1000 classes (torchvision's
 * figure) and 7,158,856 with 200. Works at any input of at least 32×32. Weights start as torchvision's: Kaiming
 * normal (fan in) convolutions, PyTorch's default for the classifier.
 */
public final class DenseNet {

    /** Layers per dense block of DenseNet-121. */
    public static final int[] DENSENET121 = {6, 12, 24, 16};

    private DenseNet() {}

    /** The named variants: {@code densenet121}, with a 200-class (CUB-200) head by default. */
    public static List<ModelSpec> variants() {
        return List.of(ModelSpec.fineGrained("densenet121", "DenseNet", DenseNet::densenet121));
    }

    /** torchvision {@code densenet121}. */
    public static Block densenet121(int numClasses, int inChannels) {
        return builder().setNumClasses(numClasses).optInChannels(inChannels).build();
    }

    /** A builder with DenseNet-121's settings as defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** One dense layer: BN–ReLU–conv1×1(bottleneck)–BN–ReLU–conv3×3(growth), its output appended to its input. */
    static Block denseLayer(int growthRate, int bottleneckWidth) {
        return Branches.dense(new SequentialBlock()
                .add(TorchLayers.batchNorm())
                .add(Activation.reluBlock())
                .add(ResNet.conv(1, 1, bottleneckWidth))
                .add(TorchLayers.batchNorm())
                .add(Activation.reluBlock())
                .add(ResNet.conv(3, 1, growthRate)));
    }

    /** Transition: BN–ReLU–conv1×1 to {@code features}–avg pool 2×2/2. */
    static Block transition(int features) {
        return new SequentialBlock()
                .add(TorchLayers.batchNorm())
                .add(Activation.reluBlock())
                .add(ResNet.conv(1, 1, features))
                .add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    }

    /** Builds a DenseNet-BC; {@link #setNumClasses} is required. */
    public static final class Builder extends ClassifierBuilder<Builder> {
        private int[] blockLayers = DENSENET121;
        private int growthRate = 32;
        private int initialFeatures = 64;
        private int bottleneckSize = 4;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Layers per dense block (default 6, 12, 24, 16). */
        public Builder optBlockLayers(int... layers) {
            if (layers.length == 0 || Arrays.stream(layers).anyMatch(l -> l < 1)) {
                throw new IllegalArgumentException("need positive layer counts, got " + Arrays.toString(layers));
            }
            this.blockLayers = layers.clone();
            return this;
        }

        /** Features each dense layer adds (default 32). */
        public Builder optGrowthRate(int growthRate) {
            this.growthRate = growthRate;
            return this;
        }

        /** Stem convolution filters (default 64). */
        public Builder optInitialFeatures(int initialFeatures) {
            this.initialFeatures = initialFeatures;
            return this;
        }

        /** Bottleneck width as a multiple of the growth rate (default 4). */
        public Builder optBottleneckSize(int bottleneckSize) {
            this.bottleneckSize = bottleneckSize;
            return this;
        }

        /** An uninitialised block mapping (N, inChannels, H, W) to (N, numClasses) logits. */
        public Block build() {
            checkSettings("DenseNet");
            SequentialBlock net = new SequentialBlock().add(ResNet.imageNetStem(initialFeatures));
            int features = initialFeatures;
            for (int b = 0; b < blockLayers.length; b++) {
                for (int l = 0; l < blockLayers[b]; l++) {
                    net.add(denseLayer(growthRate, bottleneckSize * growthRate));
                }
                features += blockLayers[b] * growthRate;
                if (b < blockLayers.length - 1) {
                    features /= 2;
                    net.add(transition(features));
                }
            }
            net.add(TorchLayers.batchNorm()).add(Activation.reluBlock()).add(Pool.globalAvgPool2dBlock());
            TorchLayers.addLinearClassifier(
                    net, ReferenceInit.kaimingNormalFanIn(), numClasses(), ReferenceInit.torchDefault());
            // Two convolutions per dense layer, the stem, the transitions and the classifier: densenet121.
            int depth = 2 * Arrays.stream(blockLayers).sum() + blockLayers.length + 1;
            return classifier("densenet" + depth, net);
        }
    }
}
