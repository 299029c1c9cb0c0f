package org.jpegdl.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A classifier network from the zoo: takes a batch (N, inChannels, H, W), returns logits (N, numClasses).
 * It checks its input (a clear error for a grayscale batch fed to an RGB model and the like) and runs the network.
 * Every family wraps its network in one. The check matters because DJL infers a convolution's input channels from
 * the first shape it sees: unchecked, a model built for grayscale would silently accept RGB (and the reverse).
 */
public final class ImageClassifier extends AbstractBlock {

    private static final byte VERSION = 1;

    private final String architecture;
    private final int numClasses;
    private final int inChannels;
    private final Block network;

    private ImageClassifier(String architecture, int numClasses, int inChannels, Block network) {
        super(VERSION);
        this.architecture = architecture;
        this.numClasses = numClasses;
        this.inChannels = inChannels;
        this.network = addChildBlock("network", network);
    }

    /**
     * Wraps {@code network}, which must map (N, inChannels, H, W) to (N, numClasses).
     *
     * @param architecture a readable description, e.g. {@code resnet20}
     */
    public static ImageClassifier of(String architecture, int numClasses, int inChannels, Block network) {
        checkSizes(architecture, numClasses, inChannels);
        if (network == null) {
            throw new IllegalArgumentException(architecture + ": network is null");
        }
        return new ImageClassifier(architecture, numClasses, inChannels, network);
    }

    /** Checks a class count and an input channel count before anything is built. */
    static void checkSizes(String architecture, int numClasses, int inChannels) {
        if (numClasses < 1) {
            throw new IllegalArgumentException(
                    architecture + ": number of classes must be at least 1, got " + numClasses);
        }
        if (inChannels < 1) {
            throw new IllegalArgumentException(architecture + ": input channels must be at least 1, got " + inChannels);
        }
    }

    /** Checks that an input channel count is 1 (grayscale) or 3 (RGB), as the ImageNet-size families require. */
    static void checkGrayOrRgb(String architecture, int inChannels) {
        if (inChannels != 1 && inChannels != 3) {
            throw new IllegalArgumentException(architecture + ": inChannels must be 1 or 3, got " + inChannels);
        }
    }

    public String architecture() {
        return architecture;
    }

    public int numClasses() {
        return numClasses;
    }

    public int inChannels() {
        return inChannels;
    }

    /** The wrapped network. */
    public Block network() {
        return network;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        checkInput(inputs.singletonOrThrow().getShape());
        return network.forward(parameterStore, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInput(inputShapes[0]);
        return network.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (inputShapes.length != 1) {
            throw new IllegalArgumentException(architecture + " takes one input, got " + inputShapes.length);
        }
        checkInput(inputShapes[0]);
        network.initialize(manager, dataType, inputShapes);
    }

    private void checkInput(Shape shape) {
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException(
                    architecture + " expects a batch (N, " + inChannels + ", H, W), got shape " + shape);
        }
        if (shape.get(1) != inChannels) {
            throw new IllegalArgumentException(architecture + " was built for " + inChannels
                    + "-channel images but the input has " + shape.get(1) + " channels (shape " + shape + ")");
        }
    }

    @Override
    public String toString() {
        return "ImageClassifier(" + architecture + ", " + inChannels + "→" + numClasses + ")";
    }
}
