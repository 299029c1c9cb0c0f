package org.jpegdl.model;

import static org.jpegdl.model.TorchLayers.batchNorm;
import static org.jpegdl.model.TorchLayers.conv1x1;
import static org.jpegdl.model.TorchLayers.conv3x3;
import static org.jpegdl.model.TorchLayers.relu;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The CIFAR ResNets of CRD ({@code models/resnet.py}, basic blocks): a 3×3 stem convolution with batch norm and
 * ReLU, three stages of basic blocks (the second and third start with stride 2; a 1×1 convolution with batch norm
 * is the shortcut wherever the shape changes), global average pooling and a linear classifier. Depth 6n+2 has n
 * blocks per stage. {@code resnetN} uses widths 16 (stem) and 16/32/64; {@code resnetNx4} 32 and 64/128/256.
 *
 * <p>The reference pools with a fixed 8×8 window, which is global pooling at 32×32; global pooling here lets the
 * models run at other sizes. Convolutions are initialised He-normal with fan-out as the reference; the classifier
 * weight with PyTorch's default, its bias with zeros (PyTorch: uniform).
 */
public final class CifarResNet {

    /** The family name in the {@link ModelZoo}. */
    public static final String FAMILY = "CifarResNet";

    private static final int[] WIDTHS = {16, 16, 32, 64};
    private static final int[] WIDTHS_X4 = {32, 64, 128, 256};

    private CifarResNet() {}

    /** The registered variants: resnet8 … resnet110, resnet8x4, resnet32x4. */
    public static List<ModelSpec> variants() {
        return List.of(
                variant("resnet8", 8, WIDTHS),
                variant("resnet14", 14, WIDTHS),
                variant("resnet20", 20, WIDTHS),
                variant("resnet32", 32, WIDTHS),
                variant("resnet44", 44, WIDTHS),
                variant("resnet56", 56, WIDTHS),
                variant("resnet110", 110, WIDTHS),
                variant("resnet8x4", 8, WIDTHS_X4),
                variant("resnet32x4", 32, WIDTHS_X4));
    }

    private static ModelSpec variant(String name, int depth, int[] widths) {
        return ModelSpec.cifar(
                name, FAMILY, (numClasses, inChannels) -> create(name, depth, widths, numClasses, inChannels));
    }

    /**
     * A CIFAR ResNet.
     *
     * @param depth 6n+2
     * @param widths four channel counts: stem, stage 1, stage 2, stage 3
     */
    public static ImageClassifier create(String name, int depth, int[] widths, int numClasses, int inChannels) {
        ImageClassifier.checkSizes(name, numClasses, inChannels);
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException(name + ": depth must be 6n+2 with n ≥ 1, got " + depth);
        }
        if (widths.length != 4) {
            throw new IllegalArgumentException(name + ": need 4 widths (stem and 3 stages), got " + widths.length);
        }
        int blocksPerStage = (depth - 2) / 6;
        SequentialBlock net = new SequentialBlock()
                .add(conv3x3(widths[0], 1))
                .add(batchNorm())
                .add(relu());
        int channels = widths[0];
        for (int stage = 0; stage < 3; stage++) {
            int width = widths[stage + 1];
            for (int i = 0; i < blocksPerStage; i++) {
                int stride = (i == 0 && stage > 0) ? 2 : 1;
                net.add(basicBlock(channels, width, stride));
                channels = width;
            }
        }
        net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        TorchLayers.addLinearClassifier(
                net, TorchLayers.KAIMING_NORMAL_FAN_OUT, numClasses, TorchLayers.TORCH_DEFAULT_WEIGHT);
        return ImageClassifier.of(name, numClasses, inChannels, net);
    }

    /** relu(bn(conv(relu(bn(conv(x))))) + shortcut(x)); the shortcut is 1×1 conv + bn where the shape changes. */
    private static Block basicBlock(int inChannels, int outChannels, int stride) {
        Block main = new SequentialBlock()
                .add(conv3x3(outChannels, stride))
                .add(batchNorm())
                .add(relu())
                .add(conv3x3(outChannels, 1))
                .add(batchNorm());
        Block shortcut = (stride != 1 || inChannels != outChannels)
                ? new SequentialBlock().add(conv1x1(outChannels, stride)).add(batchNorm())
                : Blocks.identityBlock();
        return TorchLayers.residual(main, shortcut, true);
    }
}
