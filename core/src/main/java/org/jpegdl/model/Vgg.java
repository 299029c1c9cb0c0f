package org.jpegdl.model;

import static org.jpegdl.model.TorchLayers.batchNorm;
import static org.jpegdl.model.TorchLayers.conv;
import static org.jpegdl.model.TorchLayers.relu;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The CIFAR VGGs of CRD ({@code models/vgg.py}, the batch-norm variants {@code vggN_bn} that CRD registers as
 * {@code vggN}): five blocks of 3×3 convolutions (with bias) + batch norm + ReLU; a 2×2 max pool after blocks 0,
 * 1 and 2, and after block 3 only for 64-pixel-high inputs, exactly as the reference; then global average pooling
 * and one linear layer from 512 features (no fully connected stack).
 *
 * <p>Initialisation as the reference: convolutions He-normal with fan-out and zero bias, the classifier N(0, 0.01²)
 * with zero bias.
 */
public final class Vgg extends AbstractBlock {

    /** The family name in the {@link ModelZoo}. */
    public static final String FAMILY = "Vgg";

    private static final byte VERSION = 1;
    /** The input height at which the reference also pools after block 3 (Tiny-ImageNet). */
    private static final long POOL_AFTER_BLOCK3_HEIGHT = 64;

    private static final Shape POOL_WINDOW = new Shape(2, 2);

    private static final int[][] CONFIG_S = {{64}, {128}, {256}, {512}, {512}};
    private static final int[][] CONFIG_A = {{64}, {128}, {256, 256}, {512, 512}, {512, 512}};
    private static final int[][] CONFIG_B = {{64, 64}, {128, 128}, {256, 256}, {512, 512}, {512, 512}};
    private static final int[][] CONFIG_D = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
    private static final int[][] CONFIG_E = {
        {64, 64}, {128, 128}, {256, 256, 256, 256}, {512, 512, 512, 512}, {512, 512, 512, 512}
    };

    private final List<SequentialBlock> stages = new ArrayList<>();
    private final Linear classifier;

    private Vgg(int[][] config, int numClasses) {
        super(VERSION);
        for (int i = 0; i < config.length; i++) {
            SequentialBlock stage = new SequentialBlock();
            for (int filters : config[i]) {
                stage.add(conv(filters, 3, 1, 1, true)).add(batchNorm()).add(relu());
            }
            stages.add(addChildBlock("block" + i, stage));
        }
        setInitializer(TorchLayers.KAIMING_NORMAL_FAN_OUT, Parameter.Type.WEIGHT);
        classifier = addChildBlock(
                "classifier", Linear.builder().setUnits(numClasses).build());
        classifier.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
    }

    /** The registered variants: vgg8, vgg11, vgg13, vgg16, vgg19 (all with batch norm). */
    public static List<ModelSpec> variants() {
        return List.of(
                variant("vgg8", CONFIG_S),
                variant("vgg11", CONFIG_A),
                variant("vgg13", CONFIG_B),
                variant("vgg16", CONFIG_D),
                variant("vgg19", CONFIG_E));
    }

    private static ModelSpec variant(String name, int[][] config) {
        return ModelSpec.cifar(name, FAMILY, (numClasses, inChannels) -> create(name, config, numClasses, inChannels));
    }

    /**
     * A VGG with batch norm.
     *
     * @param config five blocks' convolution widths; the last block must end with 512 channels
     */
    public static ImageClassifier create(String name, int[][] config, int numClasses, int inChannels) {
        ImageClassifier.checkSizes(name, numClasses, inChannels);
        if (config.length != 5) {
            throw new IllegalArgumentException(name + ": VGG needs 5 blocks, got " + config.length);
        }
        for (int[] block : config) {
            if (block.length == 0) {
                throw new IllegalArgumentException(name + ": every VGG block needs a convolution");
            }
        }
        return ImageClassifier.of(name, numClasses, inChannels, new Vgg(config, numClasses));
    }

    /** Max pools follow blocks 0, 1 and 2 always, block 3 only for 64-pixel-high inputs, block 4 never. */
    private static boolean poolsAfterBlock(int block, long inputHeight) {
        return block < 3 || (block == 3 && inputHeight == POOL_AFTER_BLOCK3_HEIGHT);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray featureMap = features(parameterStore, inputs, training, params);
        NDArray features = Pool.globalAvgPool2d(featureMap);
        return classifier.forward(
                parameterStore, new NDList(features.reshape(features.getShape().get(0), -1)), training, params);
    }

    /** The output of the last block (after its ReLU), before global pooling: (N, 512, h, w). */
    NDArray features(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        long inputHeight = inputs.singletonOrThrow().getShape().get(2);
        NDList x = inputs;
        for (int i = 0; i < stages.size(); i++) {
            x = stages.get(i).forward(parameterStore, x, training, params);
            if (poolsAfterBlock(i, inputHeight)) {
                x = new NDList(Pool.maxPool2d(x.singletonOrThrow(), POOL_WINDOW, POOL_WINDOW, new Shape(0, 0), false));
            }
        }
        return x.singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {classifier.getOutputShapes(new Shape[] {featureShape(inputShapes[0])})[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long inputHeight = inputShapes[0].get(2);
        Shape[] shapes = inputShapes;
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).initialize(manager, dataType, shapes);
            shapes = stages.get(i).getOutputShapes(shapes);
            if (poolsAfterBlock(i, inputHeight)) {
                shapes = new Shape[] {halved(shapes[0])};
            }
        }
        classifier.initialize(manager, dataType, new Shape(shapes[0].get(0), shapes[0].get(1)));
    }

    /** The (N, channels) shape after the last block and global pooling. */
    private Shape featureShape(Shape input) {
        Shape[] shapes = {input};
        for (SequentialBlock stage : stages) {
            shapes = stage.getOutputShapes(shapes);
        }
        return new Shape(input.get(0), shapes[0].get(1));
    }

    private static Shape halved(Shape s) {
        return new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2);
    }
}
