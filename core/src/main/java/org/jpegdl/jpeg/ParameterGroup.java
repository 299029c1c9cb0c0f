package org.jpegdl.jpeg;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which group a trainable parameter of a network with (or without) a JPEG layer trains in: the classifier's weights
 * ({@link #MODEL}), the step tables ({@link #TABLES}), trainable alphas ({@link #ALPHAS}) and the table predictor of
 * adaptive tables ({@link #PREDICTOR}), and a classifier that does not learn ({@link #FROZEN}). The one place that
 * tells them apart; the training code gives each group its optimiser, learning rate, schedule and clamp, and the
 * frozen group none.
 */
public enum ParameterGroup {
    /** The classifier's weights (and a baseline's every parameter). */
    MODEL("model"),
    /** The JPEG layer's step tables. */
    TABLES("tables"),
    /** The JPEG layer's trainable alphas. */
    ALPHAS("alphas"),
    /** The table predictor's perceptron (tables adapted to each image). */
    PREDICTOR("predictor"),
    /**
     * Every parameter of the classifier behind a {@link FrozenClassifierModel} (batch-norm statistics included): kept
     * as it is, no gradient, never stepped.
     */
    FROZEN("frozen");

    private final String text;

    ParameterGroup(String text) {
        this.text = text;
    }

    /** The group's name in configs, checkpoints and logs. */
    public String text() {
        return text;
    }

    /**
     * The group of every trainable parameter of {@code network}, by parameter id, in the block's order.
     *
     * @param network the whole network (initialised or not)
     * @param jpegLayer the JPEG layer inside it, or null for a baseline
     * @return parameter id → group, for every parameter that requires a gradient and every parameter of a frozen
     *     classifier
     */
    public static Map<String, ParameterGroup> of(Block network, JpegLayer jpegLayer) {
        Map<String, ParameterGroup> layer = jpegLayer == null ? Map.of() : ofLayer(jpegLayer);
        Map<String, ParameterGroup> out = new LinkedHashMap<>();
        Set<String> frozen = new HashSet<>();
        if (network instanceof FrozenClassifierModel model) {
            model.classifier()
                    .getParameters()
                    .forEach(p -> frozen.add(p.getValue().getId()));
        }
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (frozen.contains(p.getValue().getId())) {
                out.put(p.getValue().getId(), FROZEN);
            } else if (p.getValue().requiresGradient()) {
                out.put(p.getValue().getId(), layer.getOrDefault(p.getValue().getId(), MODEL));
            }
        }
        return out;
    }

    /** The groups of the JPEG layer's own trainable parameters, by id (tables, alphas, predictor). */
    public static Map<String, ParameterGroup> ofLayer(JpegLayer jpegLayer) {
        Map<String, ParameterGroup> out = new HashMap<>();
        jpegLayer.tableParameters().forEach(p -> out.put(p.getId(), TABLES));
        jpegLayer.alphaParameters().forEach(p -> out.put(p.getId(), ALPHAS));
        jpegLayer.predictorParameters().forEach(p -> out.put(p.getId(), PREDICTOR));
        return out;
    }
}
