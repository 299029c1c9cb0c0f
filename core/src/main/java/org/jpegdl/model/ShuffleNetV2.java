package org.jpegdl.model;

import static org.jpegdl.model.TorchLayers.batchNorm;
import static org.jpegdl.model.TorchLayers.conv1x1;
import static org.jpegdl.model.TorchLayers.depthwise3x3;
import static org.jpegdl.model.TorchLayers.relu;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The CIFAR ShuffleNetV2 of CRD ({@code models/ShuffleNetv2.py}, {@code ShuffleV2}: net size 1, stages of
 * 116/232/464 channels with 3/7/3 basic units, 1024 final channels): a 1×1 stem to 24 channels + BN + ReLU; each
 * stage starts with a down-sampling unit (two stride-2 branches, concatenated) followed by basic units (split the
 * channels in half, transform the second half with 1×1 + BN + ReLU, depthwise 3×3 + BN, 1×1 + BN + ReLU,
 * concatenate with the untouched first half); every unit ends with a channel shuffle of 2 groups. A 1×1
 * convolution + BN + ReLU, global average pooling and a linear classifier end the network.
 *
 * <p>The reference's 4×4 average pool is global pooling at 32×32; global pooling here runs at other sizes too.
 * Every weight has PyTorch's default initialisation; biases are absent except the classifier's (zeros; PyTorch:
 * uniform).
 */
public final class ShuffleNetV2 {

    /** The family name in the {@link ModelZoo}. */
    public static final String FAMILY = "ShuffleNetV2";

    private static final double SPLIT_RATIO = 0.5;

    private ShuffleNetV2() {}

    /** The registered variant: shufflev2 (CRD's {@code ShuffleV2}, net size 1). */
    public static List<ModelSpec> variants() {
        return List.of(ModelSpec.cifar(
                "shufflev2",
                FAMILY,
                (numClasses, inChannels) -> create(
                        "shufflev2", new int[] {116, 232, 464}, new int[] {3, 7, 3}, 1024, numClasses, inChannels)));
    }

    /**
     * A CIFAR ShuffleNetV2.
     *
     * @param stageChannels output channels of the three stages (even)
     * @param stageUnits basic units per stage (after the down-sampling unit)
     * @param lastChannels channels of the final 1×1 convolution
     */
    public static ImageClassifier create(
            String name, int[] stageChannels, int[] stageUnits, int lastChannels, int numClasses, int inChannels) {
        ImageClassifier.checkSizes(name, numClasses, inChannels);
        SequentialBlock net = ShuffleNetV1.stem(name, stageChannels, stageUnits);
        int channels = ShuffleNetV1.STEM_CHANNELS;
        for (int stage = 0; stage < stageChannels.length; stage++) {
            int out = stageChannels[stage];
            if (out % 2 != 0) {
                throw new IllegalArgumentException(name + ": stage channels must be even, got " + out);
            }
            net.add(downUnit(channels, out));
            for (int i = 0; i < stageUnits[stage]; i++) {
                net.add(basicUnit(out));
            }
            channels = out;
        }
        net.add(conv1x1(lastChannels, 1))
                .add(batchNorm())
                .add(relu())
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(numClasses).build());
        net.setInitializer(TorchLayers.TORCH_DEFAULT_WEIGHT, Parameter.Type.WEIGHT);
        return ImageClassifier.of(name, numClasses, inChannels, net);
    }

    /** Keep the first half of the channels, transform the second, concatenate, shuffle. */
    private static Block basicUnit(int channels) {
        int half = (int) (channels * SPLIT_RATIO);
        SequentialBlock transformed = new SequentialBlock().add(ChannelSplit.second(SPLIT_RATIO));
        return concatShuffled(ChannelSplit.first(SPLIT_RATIO), addTransform(transformed, half, 1));
    }

    /** Two stride-2 branches, each making half of the output channels, concatenated and shuffled. */
    private static Block downUnit(int inChannels, int outChannels) {
        int mid = outChannels / 2;
        Block left = new SequentialBlock()
                .add(depthwise3x3(inChannels, 2))
                .add(batchNorm())
                .add(conv1x1(mid, 1))
                .add(batchNorm())
                .add(relu());
        return concatShuffled(left, addTransform(new SequentialBlock(), mid, 2));
    }

    /**
     * Appends the transform both units use to {@code branch}: 1×1 + BN + ReLU, depthwise 3×3 with {@code stride} +
     * BN, 1×1 + BN + ReLU, all with {@code channels} channels.
     */
    private static SequentialBlock addTransform(SequentialBlock branch, int channels, int stride) {
        return branch.add(conv1x1(channels, 1))
                .add(batchNorm())
                .add(relu())
                .add(depthwise3x3(channels, stride))
                .add(batchNorm())
                .add(conv1x1(channels, 1))
                .add(batchNorm())
                .add(relu());
    }

    /** How every unit ends: its two branches concatenated on channels, then a channel shuffle of 2 groups. */
    private static Block concatShuffled(Block first, Block second) {
        return new SequentialBlock()
                .add(TorchLayers.concatChannels(false, first, second))
                .add(new ChannelShuffle(2));
    }
}
