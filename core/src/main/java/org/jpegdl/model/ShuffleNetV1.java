package org.jpegdl.model;

import static org.jpegdl.model.TorchLayers.batchNorm;
import static org.jpegdl.model.TorchLayers.conv;
import static org.jpegdl.model.TorchLayers.conv1x1;
import static org.jpegdl.model.TorchLayers.depthwise3x3;
import static org.jpegdl.model.TorchLayers.relu;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The CIFAR ShuffleNet (v1) of CRD ({@code models/ShuffleNetv1.py}, {@code ShuffleV1}: 3 groups, stages of
 * 240/480/960 channels with 4/8/4 units): a 1×1 stem to 24 channels + BN + ReLU, then bottleneck units (grouped
 * 1×1 conv + BN + ReLU, channel shuffle, depthwise 3×3 + BN + ReLU, grouped 1×1 conv + BN). The first unit of each
 * stage has stride 2 and concatenates a 3×3 stride-2 average pool of its input (so its branch makes only the
 * missing channels); the others add their input. A ReLU follows the join. Global average pooling and a linear
 * classifier end the network.
 *
 * <p>As the reference, the first 1×1 convolution of the very first unit (24 input channels) is not grouped, the
 * bottleneck width is a quarter of the branch's output, and the shortcut pool counts padding. The reference's 4×4
 * average pool is global pooling at 32×32; global pooling here runs at other sizes too. Every weight has PyTorch's
 * default initialisation; biases are absent except the classifier's (zeros; PyTorch: uniform).
 */
public final class ShuffleNetV1 {

    /** The family name in the {@link ModelZoo}. */
    public static final String FAMILY = "ShuffleNetV1";

    /** Output channels of the stem both CIFAR ShuffleNets share. */
    static final int STEM_CHANNELS = 24;

    private ShuffleNetV1() {}

    /** The registered variant: shufflev1 (CRD's {@code ShuffleV1}). */
    public static List<ModelSpec> variants() {
        return List.of(ModelSpec.cifar(
                "shufflev1",
                FAMILY,
                (numClasses, inChannels) -> create(
                        "shufflev1", new int[] {240, 480, 960}, new int[] {4, 8, 4}, 3, numClasses, inChannels)));
    }

    /**
     * A CIFAR ShuffleNet.
     *
     * @param stageChannels output channels of the three stages
     * @param stageUnits bottleneck units per stage
     * @param groups groups of the 1×1 convolutions
     */
    public static ImageClassifier create(
            String name, int[] stageChannels, int[] stageUnits, int groups, int numClasses, int inChannels) {
        ImageClassifier.checkSizes(name, numClasses, inChannels);
        SequentialBlock net = stem(name, stageChannels, stageUnits);
        int channels = STEM_CHANNELS;
        for (int stage = 0; stage < stageChannels.length; stage++) {
            for (int i = 0; i < stageUnits[stage]; i++) {
                boolean downsample = i == 0;
                int branchChannels = downsample ? stageChannels[stage] - channels : stageChannels[stage];
                net.add(bottleneck(name, channels, branchChannels, downsample, groups));
                channels = stageChannels[stage];
            }
        }
        net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(numClasses).build());
        net.setInitializer(TorchLayers.TORCH_DEFAULT_WEIGHT, Parameter.Type.WEIGHT);
        return ImageClassifier.of(name, numClasses, inChannels, net);
    }

    /**
     * Checks the stage layout of a CIFAR ShuffleNet (v1 or v2) and starts its network with the stem both share: a
     * 1×1 convolution to {@value #STEM_CHANNELS} channels, BN, ReLU.
     */
    static SequentialBlock stem(String name, int[] stageChannels, int[] stageUnits) {
        if (stageChannels.length != stageUnits.length || stageChannels.length == 0) {
            throw new IllegalArgumentException(name + ": need one unit count per stage");
        }
        return new SequentialBlock()
                .add(conv1x1(STEM_CHANNELS, 1))
                .add(batchNorm())
                .add(relu());
    }

    private static Block bottleneck(String name, int inChannels, int outChannels, boolean downsample, int groups) {
        int midChannels = outChannels / 4;
        int firstGroups = inChannels == STEM_CHANNELS ? 1 : groups;
        if (inChannels % firstGroups != 0
                || midChannels % firstGroups != 0
                || midChannels % groups != 0
                || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": channels " + inChannels + "→" + midChannels + "→" + outChannels
                    + " do not divide into " + groups + " groups");
        }
        int stride = downsample ? 2 : 1;
        Block branch = new SequentialBlock()
                .add(conv(midChannels, 1, 1, 0, firstGroups, false))
                .add(batchNorm())
                .add(relu())
                .add(new ChannelShuffle(firstGroups))
                .add(depthwise3x3(midChannels, stride))
                .add(batchNorm())
                .add(relu())
                .add(conv(outChannels, 1, 1, 0, groups, false))
                .add(batchNorm());
        if (downsample) {
            Block pooledInput = Pool.avgPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false, true);
            return TorchLayers.concatChannels(true, branch, pooledInput);
        }
        return TorchLayers.residual(branch, Blocks.identityBlock(), true);
    }
}
