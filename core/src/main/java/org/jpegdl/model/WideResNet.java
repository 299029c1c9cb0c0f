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
 * The Wide ResNets of CRD ({@code models/wrn.py}): a 3×3 stem convolution to 16 channels, three stages of
 * pre-activation basic blocks with 16k/32k/64k channels (widen factor k; the second and third stages start with
 * stride 2), a final BN + ReLU, global average pooling and a linear classifier. Depth 6n+4 has n blocks per stage.
 *
 * <p>As the reference: a block that changes the width applies BN + ReLU to its input first and feeds that
 * activated input to both its 1×1 shortcut convolution and its main path; a block that keeps the width adds its
 * raw input. No dropout (the reference's rate is 0). The reference's 8×8 average pool is global pooling at 32×32;
 * global pooling here runs at other sizes too. Initialisation as the reference: convolutions He-normal with
 * fan-out, the classifier weight PyTorch's default with zero bias.
 */
public final class WideResNet {

    /** The family name in the {@link ModelZoo}. */
    public static final String FAMILY = "WideResNet";

    private static final int STEM_CHANNELS = 16;

    private WideResNet() {}

    /** The registered variants: wrn_16_1, wrn_16_2, wrn_40_1, wrn_40_2. */
    public static List<ModelSpec> variants() {
        return List.of(variant(16, 1), variant(16, 2), variant(40, 1), variant(40, 2));
    }

    private static ModelSpec variant(int depth, int widenFactor) {
        String name = "wrn_" + depth + "_" + widenFactor;
        return ModelSpec.cifar(
                name, FAMILY, (numClasses, inChannels) -> create(name, depth, widenFactor, numClasses, inChannels));
    }

    /**
     * A Wide ResNet.
     *
     * @param depth 6n+4
     * @param widenFactor k, multiplying the stage widths 16/32/64
     */
    public static ImageClassifier create(String name, int depth, int widenFactor, int numClasses, int inChannels) {
        ImageClassifier.checkSizes(name, numClasses, inChannels);
        if (depth < 10 || (depth - 4) % 6 != 0) {
            throw new IllegalArgumentException(name + ": depth must be 6n+4 with n ≥ 1, got " + depth);
        }
        if (widenFactor < 1) {
            throw new IllegalArgumentException(name + ": widen factor must be ≥ 1, got " + widenFactor);
        }
        int blocksPerStage = (depth - 4) / 6;
        int[] widths = {16 * widenFactor, 32 * widenFactor, 64 * widenFactor};
        SequentialBlock net = new SequentialBlock().add(conv3x3(STEM_CHANNELS, 1));
        int channels = STEM_CHANNELS;
        for (int stage = 0; stage < widths.length; stage++) {
            for (int i = 0; i < blocksPerStage; i++) {
                int stride = (i == 0 && stage > 0) ? 2 : 1;
                net.add(basicBlock(channels, widths[stage], stride));
                channels = widths[stage];
            }
        }
        net.add(batchNorm()).add(relu()).add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        TorchLayers.addLinearClassifier(
                net, TorchLayers.KAIMING_NORMAL_FAN_OUT, numClasses, TorchLayers.TORCH_DEFAULT_WEIGHT);
        return ImageClassifier.of(name, numClasses, inChannels, net);
    }

    private static Block basicBlock(int inChannels, int outChannels, int stride) {
        if (inChannels == outChannels) {
            if (stride != 1) {
                throw new IllegalArgumentException("a width-keeping block cannot have stride " + stride);
            }
            Block main = new SequentialBlock()
                    .add(batchNorm())
                    .add(relu())
                    .add(conv3x3(outChannels, 1))
                    .add(batchNorm())
                    .add(relu())
                    .add(conv3x3(outChannels, 1));
            return TorchLayers.residual(main, Blocks.identityBlock(), false);
        }
        Block main = new SequentialBlock()
                .add(conv3x3(outChannels, stride))
                .add(batchNorm())
                .add(relu())
                .add(conv3x3(outChannels, 1));
        return new SequentialBlock()
                .add(batchNorm())
                .add(relu())
                .add(TorchLayers.residual(main, conv1x1(outChannels, stride), false));
    }
}
