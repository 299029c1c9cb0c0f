package org.jpegdl.model;

import static org.jpegdl.model.TorchLayers.batchNorm;
import static org.jpegdl.model.TorchLayers.conv1x1;
import static org.jpegdl.model.TorchLayers.conv3x3;
import static org.jpegdl.model.TorchLayers.depthwise3x3;
import static org.jpegdl.model.TorchLayers.relu;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;

/**
 * The CIFAR MobileNetV2 of CRD ({@code models/mobilenetv2.py}, {@code mobile_half}: expansion 6, width 0.5): a 3×3
 * stride-2 stem, seven groups of inverted residual blocks (1×1 expand + BN + ReLU, depthwise 3×3 + BN + ReLU,
 * 1×1 project + BN; identity shortcut where stride is 1 and the width is unchanged), a 1×1 convolution to 1280
 * channels + BN + ReLU, global average pooling and a linear classifier.
 *
 * <p>As in the reference, the expansion convolution is present even in the first group (expansion 1), and the last
 * convolution keeps 1280 channels for width multipliers ≤ 1. The reference's 2×2 average pool is global pooling at
 * 32×32; global pooling here runs at other sizes too. Initialisation as the reference: convolutions He-normal with
 * fan-out, the classifier N(0, 0.01²) with zero bias.
 */
public final class MobileNetV2 {

    /** The family name in the {@link ModelZoo}. */
    public static final String FAMILY = "MobileNetV2";

    private static final int STEM_CHANNELS = 32;
    private static final int LAST_CHANNELS = 1280;
    /** Inverted residual groups: expansion (0 = the model's expansion), channels, blocks, first stride. */
    private static final int[][] GROUPS = {
        {1, 16, 1, 1},
        {0, 24, 2, 1},
        {0, 32, 3, 2},
        {0, 64, 4, 2},
        {0, 96, 3, 1},
        {0, 160, 3, 2},
        {0, 320, 1, 1},
    };

    private MobileNetV2() {}

    /** The registered variant: mobilenetv2 (CRD's {@code mobile_half}: expansion 6, width 0.5). */
    public static List<ModelSpec> variants() {
        return List.of(ModelSpec.cifar(
                "mobilenetv2",
                FAMILY,
                (numClasses, inChannels) -> create("mobilenetv2", 6, 0.5, numClasses, inChannels)));
    }

    /**
     * A CIFAR MobileNetV2.
     *
     * @param expansion the expansion factor of the inverted residual blocks (after the first group)
     * @param widthMultiplier scales every width (truncated to an integer, as the reference)
     */
    public static ImageClassifier create(
            String name, int expansion, double widthMultiplier, int numClasses, int inChannels) {
        ImageClassifier.checkSizes(name, numClasses, inChannels);
        if (expansion < 1 || !(widthMultiplier > 0)) {
            throw new IllegalArgumentException(
                    name + ": expansion must be ≥ 1 and width positive, got " + expansion + " and " + widthMultiplier);
        }
        int channels = scaled(STEM_CHANNELS, widthMultiplier);
        SequentialBlock net =
                new SequentialBlock().add(conv3x3(channels, 2)).add(batchNorm()).add(relu());
        for (int[] group : GROUPS) {
            int groupExpansion = group[0] == 0 ? expansion : group[0];
            int outChannels = scaled(group[1], widthMultiplier);
            for (int i = 0; i < group[2]; i++) {
                int stride = i == 0 ? group[3] : 1;
                net.add(invertedResidual(channels, outChannels, stride, groupExpansion));
                channels = outChannels;
            }
        }
        int lastChannels = widthMultiplier > 1.0 ? scaled(LAST_CHANNELS, widthMultiplier) : LAST_CHANNELS;
        net.add(conv1x1(lastChannels, 1))
                .add(batchNorm())
                .add(relu())
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock());
        TorchLayers.addLinearClassifier(
                net, TorchLayers.KAIMING_NORMAL_FAN_OUT, numClasses, new NormalInitializer(0.01f));
        return ImageClassifier.of(name, numClasses, inChannels, net);
    }

    private static int scaled(int channels, double widthMultiplier) {
        return (int) (channels * widthMultiplier);
    }

    private static Block invertedResidual(int inChannels, int outChannels, int stride, int expansion) {
        int hidden = inChannels * expansion;
        Block body = new SequentialBlock()
                .add(conv1x1(hidden, 1))
                .add(batchNorm())
                .add(relu())
                .add(depthwise3x3(hidden, stride))
                .add(batchNorm())
                .add(relu())
                .add(conv1x1(outChannels, 1))
                .add(batchNorm());
        boolean identityShortcut = stride == 1 && inChannels == outChannels;
        return identityShortcut ? TorchLayers.residual(body, Blocks.identityBlock(), false) : body;
    }
}
