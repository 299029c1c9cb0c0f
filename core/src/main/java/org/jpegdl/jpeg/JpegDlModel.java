package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A classifier with a {@link JpegLayer} in front: pixels in [0,255] go through the layer, its output into the
 * classifier. Tells the layer's parameters (trained with their own optimiser) from the classifier's.
 */
public class JpegDlModel extends AbstractBlock {

    private static final byte VERSION = 1;

    private final JpegLayer jpegLayer;
    private final Block classifier;

    /** {@code jpegLayer} in front of {@code classifier}, both added as child blocks. */
    protected JpegDlModel(JpegLayer jpegLayer, Block classifier) {
        super(VERSION);
        this.jpegLayer = addChildBlock("jpeg", jpegLayer);
        this.classifier = addChildBlock("model", classifier);
    }

    /** Puts {@code jpegLayer} in front of {@code classifier}. */
    public static JpegDlModel of(JpegLayer jpegLayer, Block classifier) {
        if (jpegLayer == null || classifier == null) {
            throw new IllegalArgumentException("JpegDlModel needs a JPEG layer and a classifier");
        }
        return new JpegDlModel(jpegLayer, classifier);
    }

    public JpegLayer jpegLayer() {
        return jpegLayer;
    }

    public Block classifier() {
        return classifier;
    }

    /** The JPEG layer's trainable parameters (step tables, and alpha when trainable). */
    public List<Parameter> jpegParameters() {
        return new ArrayList<>(jpegLayer.trainableParameters());
    }

    /** Ids of the JPEG layer's trainable parameters (every {@link ParameterGroup} but the model's). */
    public Set<String> jpegParameterIds() {
        return ParameterGroup.ofLayer(jpegLayer).keySet();
    }

    /** Whether a parameter id belongs to the JPEG layer. */
    public boolean isJpegParameter(String parameterId) {
        return jpegParameterIds().contains(parameterId);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return classifier.forward(
                parameterStore, new NDList(layerOutput(parameterStore, inputs, training, params)), training, params);
    }

    /** What the classifier receives: the layer's output (a subclass may keep the value and change the gradient). */
    protected NDArray layerOutput(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return jpegLayer.forward(parameterStore, inputs, training, params).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return classifier.getOutputShapes(jpegLayer.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        jpegLayer.initialize(manager, dataType, inputShapes);
        classifier.initialize(manager, dataType, jpegLayer.getOutputShapes(inputShapes));
    }

    @Override
    public String toString() {
        return "JpegDlModel(" + jpegLayer + " → " + classifier.getClass().getSimpleName() + ")";
    }
}
