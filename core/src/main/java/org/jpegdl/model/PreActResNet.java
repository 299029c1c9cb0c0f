package org.jpegdl.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * Pre-activation ResNet-18 (He et al., "Identity Mappings in Deep Residual Networks") with the basic blocks of
 * kuangliu/pytorch-cifar {@code models/preact_resnet.py}: BN–ReLU first, the 1×1 projection shortcut (no bias, no
 * BN; only where the stride or width changes) taken from the pre-activated input, then conv3×3(stride)–BN–ReLU–
 * conv3×3, added; four stages of two blocks with 64/128/256/512 filters; global average pooling; one fully
 * connected layer with bias. There is no BN–ReLU after the last block, as in both references below.
 *
 * <p>Reference read for the stem: the JPEG-DL code ({@code JpegInspiredDl/JPEG-Inspired-DL}) takes its models
 * package from CS-KD ({@code alinlab/cs-kd} {@code models/resnet.py}), whose PreAct-ResNet-18 ({@code CIFAR_ResNet18})
 * uses these blocks after a 3×3 convolution <em>followed by BN and ReLU</em> (kuangliu's stem is the bare
 * convolution). This class follows CS-KD by default; {@link Builder#optStemBatchNorm(boolean) optStemBatchNorm(false)}
 * gives kuangliu's stem (128 parameters fewer).
 * <ul>
 *   <li>{@code preact_resnet18_cifar}: CS-KD's {@code CIFAR_ResNet18}: conv3×3/1 (64, no bias)–BN–ReLU. At 32×32
 *   the global average pool is the reference's {@code avg_pool2d(4)}; at larger inputs it still gives one vector.
 *   11,217,444 trainable parameters with 100 classes (kuangliu's stem, 10 classes: 11,171,146).</li>
 *   <li>{@code preact_resnet18}: for 224×224 (and the 64/96 px fine-grained runs) the stem is the ImageNet one of the
 *   same CS-KD file's {@code ResNet}: conv7×7/2 (64, no bias)–BN–ReLU–max pool 3×3/2. 11,276,424 trainable
 *   parameters with 200 classes.</li>
 * </ul>
 * Weights start as in the references: PyTorch's defaults (neither sets its own initialisation).
 */
public final class PreActResNet {

    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final int[] RESNET18 = {2, 2, 2, 2};

    private PreActResNet() {}

    /** The stem in front of the pre-activation stages. */
    public enum Stem {
        /** conv7×7/2, BN, ReLU, max pool 3×3/2: for 224 px (and other sizes above about 64 px). */
        IMAGENET,
        /** conv3×3/1, BN, ReLU: for 32 px. */
        CIFAR
    }

    /** The named variants: {@code preact_resnet18} (ImageNet stem, 200 classes) and {@code preact_resnet18_cifar}. */
    public static List<ModelSpec> variants() {
        return List.of(
                ModelSpec.fineGrained("preact_resnet18", "PreActResNet", PreActResNet::preactResnet18),
                ModelSpec.cifar("preact_resnet18_cifar", "PreActResNet", PreActResNet::preactResnet18Cifar));
    }

    /** PreAct-ResNet-18 with the ImageNet stem. */
    public static Block preactResnet18(int numClasses, int inChannels) {
        return builder()
                .setNumClasses(numClasses)
                .optInChannels(inChannels)
                .optStem(Stem.IMAGENET)
                .build();
    }

    /** PreAct-ResNet-18 with the CIFAR stem (CS-KD's {@code CIFAR_ResNet18}). */
    public static Block preactResnet18Cifar(int numClasses, int inChannels) {
        return builder()
                .setNumClasses(numClasses)
                .optInChannels(inChannels)
                .optStem(Stem.CIFAR)
                .build();
    }

    /** A builder for PreAct-ResNet-18. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Pre-activation basic block. With a projection: BN–ReLU, then [conv3×3(stride)–BN–ReLU–conv3×3] + conv1×1(stride)
     * both on the pre-activated input; without: x + [BN–ReLU–conv3×3–BN–ReLU–conv3×3](x).
     */
    static Block preActBlock(int filters, int stride, boolean project) {
        if (project) {
            return new SequentialBlock()
                    .add(TorchLayers.batchNorm())
                    .add(Activation.reluBlock())
                    .add(Branches.residual(
                            new SequentialBlock()
                                    .add(ResNet.conv(3, stride, filters))
                                    .add(TorchLayers.batchNorm())
                                    .add(Activation.reluBlock())
                                    .add(ResNet.conv(3, 1, filters)),
                            ResNet.conv(1, stride, filters)));
        }
        return Branches.residual(new SequentialBlock()
                .add(TorchLayers.batchNorm())
                .add(Activation.reluBlock())
                .add(ResNet.conv(3, 1, filters))
                .add(TorchLayers.batchNorm())
                .add(Activation.reluBlock())
                .add(ResNet.conv(3, 1, filters)));
    }

    /** Builds a PreAct-ResNet-18; {@link #setNumClasses} is required. */
    public static final class Builder extends ClassifierBuilder<Builder> {
        private Stem stem = Stem.IMAGENET;
        private boolean stemBatchNorm = true;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The stem (default {@link Stem#IMAGENET}). */
        public Builder optStem(Stem stem) {
            this.stem = stem;
            return this;
        }

        /** Whether BN and ReLU follow the stem convolution: true as CS-KD/JPEG-DL (default), false as kuangliu. */
        public Builder optStemBatchNorm(boolean stemBatchNorm) {
            this.stemBatchNorm = stemBatchNorm;
            return this;
        }

        /** An uninitialised block mapping (N, inChannels, H, W) to (N, numClasses) logits. */
        public Block build() {
            checkSettings("PreActResNet");
            SequentialBlock net =
                    new SequentialBlock().add(stem == Stem.IMAGENET ? ResNet.stemConv(64) : ResNet.conv(3, 1, 64));
            if (stemBatchNorm) {
                net.add(TorchLayers.batchNorm()).add(Activation.reluBlock());
            }
            if (stem == Stem.IMAGENET) {
                net.add(ResNet.stemPool());
            }
            int in = 64;
            for (int stage = 0; stage < 4; stage++) {
                for (int b = 0; b < RESNET18[stage]; b++) {
                    int stride = b == 0 && stage > 0 ? 2 : 1;
                    net.add(preActBlock(WIDTHS[stage], stride, stride != 1 || in != WIDTHS[stage]));
                    in = WIDTHS[stage];
                }
            }
            net.add(Pool.globalAvgPool2dBlock())
                    .add(Linear.builder().setUnits(numClasses()).build());
            net.setInitializer(ReferenceInit.torchDefault(), Parameter.Type.WEIGHT);
            return classifier(stem == Stem.IMAGENET ? "preact_resnet18" : "preact_resnet18_cifar", net);
        }
    }
}
