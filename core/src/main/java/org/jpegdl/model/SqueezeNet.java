package org.jpegdl.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.NormalInitializer;
import java.util.List;

/**
 * SqueezeNet 1.1 as torchvision defines it ({@code torchvision/models/squeezenet.py}, {@code squeezenet1_1}): a
 * 3×3/2 convolution (64 filters, no padding) and ReLU, then Fire modules (squeeze 1×1 + ReLU, then expand 1×1 + ReLU
 * and expand 3×3 + ReLU concatenated) with 3×3/2 max pools (ceil mode) after the stem, after Fire 2 and after
 * Fire 4; the classifier is dropout 0.5, a 1×1 convolution to the classes, ReLU and a global average pool. All
 * convolutions have biases; there is no batch norm.
 *
 * <p>Trainable parameters of squeezenet1_1: 1,235,496 with 1000 classes, torchvision's figure. Needs at least 17×17
 * input (torchvision's stated minimum); 64×64 gives a 3×3 final map. Weights start as torchvision's: Kaiming uniform
 * convolutions, the final convolution N(0, 0.01²).
 *
 * <p>The logits come out of a ReLU, as in the reference: they are never negative.
 */
public final class SqueezeNet {

    private static final String ARCHITECTURE = "squeezenet1_1";

    private SqueezeNet() {}

    /** The named variants: {@code squeezenet1_1}, ImageNet head by default. */
    public static List<ModelSpec> variants() {
        return List.of(ModelSpec.imagenet(ARCHITECTURE, "SqueezeNet", SqueezeNet::squeezenet1_1));
    }

    /** torchvision {@code squeezenet1_1}: an uninitialised block mapping (N, inChannels, H, W) to (N, numClasses). */
    public static Block squeezenet1_1(int numClasses, int inChannels) {
        ImageClassifier.checkSizes(ARCHITECTURE, numClasses, inChannels);
        ImageClassifier.checkGrayOrRgb(ARCHITECTURE, inChannels);
        SequentialBlock net = new SequentialBlock()
                .add(conv(3, 2, 0, 64))
                .add(Activation.reluBlock())
                .add(maxPool())
                .add(fire(16, 64, 64))
                .add(fire(16, 64, 64))
                .add(maxPool())
                .add(fire(32, 128, 128))
                .add(fire(32, 128, 128))
                .add(maxPool())
                .add(fire(48, 192, 192))
                .add(fire(48, 192, 192))
                .add(fire(64, 256, 256))
                .add(fire(64, 256, 256));
        Conv2d finalConv = conv(1, 1, 0, numClasses);
        net.add(Dropout.builder().optRate(0.5f).build())
                .add(finalConv)
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock());
        net.setInitializer(ReferenceInit.kaimingUniformFanIn(), Parameter.Type.WEIGHT);
        finalConv.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
        return ImageClassifier.of(ARCHITECTURE, numClasses, inChannels, net);
    }

    /** Fire module: squeeze 1×1 + ReLU, then [expand 1×1 + ReLU, expand 3×3 + ReLU] concatenated on channels. */
    static Block fire(int squeeze, int expand1x1, int expand3x3) {
        return new SequentialBlock()
                .add(conv(1, 1, 0, squeeze))
                .add(Activation.reluBlock())
                .add(Branches.concat(
                        new SequentialBlock().add(conv(1, 1, 0, expand1x1)).add(Activation.reluBlock()),
                        new SequentialBlock().add(conv(3, 1, 1, expand3x3)).add(Activation.reluBlock())));
    }

    private static Conv2d conv(int kernel, int stride, int padding, int filters) {
        return TorchLayers.conv(filters, kernel, stride, padding, true);
    }

    private static Block maxPool() {
        return Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), true);
    }
}
