package org.jpegdl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.ParameterGroup;
import org.jpegdl.jpeg.TableParameters;
import org.jpegdl.recipe.Recipe;

/**
 * The one owner of a network's optimiser groups, built once from the recipe: which {@link ParameterGroup} every
 * trainable parameter belongs to ({@link ParameterGroup#of}) and, per group, its optimiser, learning rate on the
 * recipe's schedule, and clamp. jpegdl's {@link TrainingLoop} and DJL's {@code RoutingOptimizer} both step through
 * it, so both train alike.
 *
 * <ul>
 *   <li>model: SGD with the recipe's momentum and weight decay, at the model's rate; no clamp;
 *   <li>tables: the recipe's table optimiser (Adam, SGD with the tables' momentum, or LSQ-scaled SGD, whose gradient
 *       scale 1/√(n·Qp) takes n per entry from the coefficients that entry multiplies: its region's blocks, twice
 *       for the chroma table that serves Cb and Cr) at the tables' rate after the recipe's rule ({@link
 *       Recipe#tableLrAt(int, int)}); clamped to [smallest step, {@link JpegLayer#MAX_STEP}], the smallest step
 *       {@link JpegLayer#MIN_STEP} or, for tables a JPEG file must hold (a rate term prices them as files),
 *       {@link #SMALLEST_FILE_STEP};
 *   <li>alphas: Adam for an Adam recipe, else SGD with the tables' momentum (no LSQ scale: an alpha is no step
 *       size), at the alphas' rate; clamped to at least {@link JpegLayer#MIN_ALPHA};
 *   <li>predictor (adaptive tables): as the alphas, at the recipe's table rate before any rule scales it (the
 *       perceptron's weights are not steps whose travel a rule should make up); no clamp;
 *   <li>frozen (a classifier kept as it is in front of which only the layer learns): no optimiser, no gradient
 *       ({@link #freezeFrozenGroup}); stepping one of its parameters is an error.
 * </ul>
 * Every update is in place and zeroes the weight's gradient ({@link ParameterOptimizer#step}).
 */
public final class ParameterGroups {

    /**
     * One group's training policy.
     *
     * @param group which parameters
     * @param optimizer the optimiser that steps them (its state saved in checkpoints under the group's name)
     * @param learningRate the rate by 0-based epoch, on the recipe's schedule
     * @param lowest smallest value after a step (negative infinity: no clamp)
     * @param highest largest value after a step (positive infinity: no clamp)
     */
    public record Group(
            ParameterGroup group,
            ParameterOptimizer optimizer,
            IntToDoubleFunction learningRate,
            double lowest,
            double highest) {

        /** Whether values are clamped after each step. */
        public boolean clamps() {
            return lowest > Double.NEGATIVE_INFINITY || highest < Double.POSITIVE_INFINITY;
        }
    }

    private final Map<String, ParameterGroup> groupOfId;
    private final Map<String, Parameter> parameterOfId = new HashMap<>();
    private final Map<ParameterGroup, Group> groups = new EnumMap<>(ParameterGroup.class);
    private final Map<String, Parameter> parameterOfKey = new HashMap<>();

    /** The smallest step of a JPEG file's tables (8-bit tables hold the integers 1..255). */
    public static final double SMALLEST_FILE_STEP = 1;

    private ParameterGroups(
            Recipe recipe,
            Block network,
            JpegLayer jpegLayer,
            int batchesPerEpoch,
            double smallestStep,
            NDManager manager) {
        if (!recipe.isResolved()) {
            throw new IllegalArgumentException("parameter groups need a resolved recipe (Recipe.resolve)");
        }
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("an epoch needs at least one batch, got " + batchesPerEpoch);
        }
        this.groupOfId = ParameterGroup.of(network, jpegLayer);
        for (Pair<String, Parameter> p : network.getParameters()) {
            parameterOfId.put(p.getValue().getId(), p.getValue());
        }
        boolean adam = recipe.tableOptimizer().equals(Recipe.ADAM);
        groups.put(
                ParameterGroup.MODEL,
                new Group(
                        ParameterGroup.MODEL,
                        new ParameterOptimizer.Sgd(manager, recipe.momentum(), recipe.weightDecay()),
                        recipe::modelLrAt,
                        Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY));
        if (jpegLayer == null) {
            return;
        }
        ParameterOptimizer tables = switch (recipe.tableOptimizer()) {
            case Recipe.LSQ_SGD ->
                new ParameterOptimizer.LsqSgd(
                        manager,
                        recipe.tableMomentum(),
                        largestIndex(recipe.bits()),
                        key -> jpegLayer.coefficientsPerStep(parameterOfKey.get(key)));
            case Recipe.SGD -> new ParameterOptimizer.Sgd(manager, recipe.tableMomentum(), 0);
            default -> new ParameterOptimizer.Adam(manager, 0);
        };
        add(
                ParameterGroup.TABLES,
                tables,
                epoch -> recipe.tableLrAt(epoch, batchesPerEpoch),
                smallestStep,
                JpegLayer.MAX_STEP);
        if (!jpegLayer.alphaParameters().isEmpty()) {
            add(
                    ParameterGroup.ALPHAS,
                    adam
                            ? new ParameterOptimizer.Adam(manager, 0)
                            : new ParameterOptimizer.Sgd(manager, recipe.tableMomentum(), 0),
                    recipe::alphaLrAt,
                    JpegLayer.MIN_ALPHA,
                    Float.MAX_VALUE);
        }
        if (!jpegLayer.predictorParameters().isEmpty()) {
            add(
                    ParameterGroup.PREDICTOR,
                    adam
                            ? new ParameterOptimizer.Adam(manager, 0)
                            : new ParameterOptimizer.Sgd(manager, recipe.tableMomentum(), 0),
                    recipe::tableLrAt,
                    Double.NEGATIVE_INFINITY,
                    Double.POSITIVE_INFINITY);
        }
    }

    private void add(ParameterGroup group, ParameterOptimizer optimizer, IntToDoubleFunction lr, double lo, double hi) {
        groups.put(group, new Group(group, optimizer, lr, lo, hi));
    }

    /**
     * The groups of {@code network} trained by {@code recipe}.
     *
     * @param recipe the resolved recipe
     * @param network the whole network (its parameters exist before it is initialised)
     * @param jpegLayer the JPEG layer inside it, or null for a baseline
     * @param batchesPerEpoch updates in one epoch (a rule for the tables' rate may need the run's length)
     * @param manager where the optimisers' state lives
     * @return the groups, each with its optimiser
     */
    public static ParameterGroups of(
            Recipe recipe, Block network, JpegLayer jpegLayer, int batchesPerEpoch, NDManager manager) {
        return of(recipe, network, jpegLayer, batchesPerEpoch, JpegLayer.MIN_STEP, manager);
    }

    /**
     * The same, the tables kept at or above {@code smallestStep}.
     *
     * @param smallestStep the tables' lower clamp: {@link JpegLayer#MIN_STEP} for the layer's own range, {@link
     *     #SMALLEST_FILE_STEP} for tables a JPEG file must hold
     * @return the groups, each with its optimiser
     */
    public static ParameterGroups of(
            Recipe recipe,
            Block network,
            JpegLayer jpegLayer,
            int batchesPerEpoch,
            double smallestStep,
            NDManager manager) {
        if (!(smallestStep >= JpegLayer.MIN_STEP && smallestStep <= JpegLayer.MAX_STEP)) {
            throw new IllegalArgumentException("the smallest table step must lie in [" + JpegLayer.MIN_STEP + ", "
                    + JpegLayer.MAX_STEP + "], got " + smallestStep);
        }
        return new ParameterGroups(recipe, network, jpegLayer, batchesPerEpoch, smallestStep, manager);
    }

    /**
     * Puts every clamped group's parameters into their range once, before training: tables made below a file's
     * smallest step start at it. A no-op for values already in range (every table a layer makes lies in the layer's
     * own range).
     */
    public void clampAll() {
        for (Map.Entry<String, Parameter> p : parameterOfId.entrySet()) {
            ParameterGroup group = groupOfId.get(p.getKey());
            Group g = group == null ? null : groups.get(group);
            if (g != null && g.clamps() && p.getValue().isInitialized()) {
                TableParameters.clampInPlace(p.getValue().getArray(), g.lowest(), g.highest());
            }
        }
    }

    /** The largest positive index of a {@code bits}-bit index range (LSQ's Qp). */
    static long largestIndex(int bits) {
        return (1L << (bits - 1)) - 1;
    }

    /**
     * Turns off the gradient of every parameter of the {@link ParameterGroup#FROZEN} group (none for a network without
     * a frozen classifier). Call it once the classifier's weights are in (copied from a trained run, or a checkpoint
     * resumed: loading may replace the arrays), before the first step.
     */
    public void freezeFrozenGroup() {
        groupOfId.forEach((id, group) -> {
            if (group == ParameterGroup.FROZEN) {
                parameterOfId.get(id).freeze(true);
            }
        });
    }

    /** Whether the parameter with id {@code parameterId} is ever stepped (every group but the frozen one). */
    public boolean stepped(String parameterId) {
        return groupOf(parameterId) != ParameterGroup.FROZEN;
    }

    /** The group of the parameter with id {@code parameterId} (a parameter it does not know: the model's). */
    public ParameterGroup groupOf(String parameterId) {
        return groupOfId.getOrDefault(parameterId, ParameterGroup.MODEL);
    }

    /** The policy of {@code group}, or null when the network has no such parameters. */
    public Group group(ParameterGroup group) {
        return groups.get(group);
    }

    /** The learning rate of {@code group} in 0-based {@code epoch} (0 when the network has no such group). */
    public double learningRate(ParameterGroup group, int epoch) {
        Group g = groups.get(group);
        return g == null ? 0 : g.learningRate().applyAsDouble(epoch);
    }

    /** The optimisers by group name, as checkpoints save them: "model", and "tables", "alphas", "predictor" if any. */
    public Map<String, ParameterOptimizer> optimizers() {
        Map<String, ParameterOptimizer> out = new LinkedHashMap<>();
        groups.values().forEach(g -> out.put(g.group().text(), g.optimizer()));
        return out;
    }

    /**
     * One update of the parameter with id {@code parameterId}, in place, by its group's optimiser at the group's rate
     * in {@code epoch}, then its group's clamp.
     *
     * @param key the name the optimiser keeps the parameter's state under
     * @param parameterId the parameter's id
     * @param weight the parameter's array
     * @param gradient its gradient, or null for the weight's own
     * @param epoch the 0-based epoch the update belongs to
     */
    public void step(String key, String parameterId, NDArray weight, NDArray gradient, int epoch) {
        if (groupOf(parameterId) == ParameterGroup.FROZEN) {
            throw new IllegalStateException(key + " belongs to a frozen classifier: it is never stepped");
        }
        Group g = groups.get(groupOf(parameterId));
        parameterOfKey.putIfAbsent(key, parameterOfId.get(parameterId));
        g.optimizer().step(key, weight, gradient, g.learningRate().applyAsDouble(epoch));
        if (g.clamps()) {
            TableParameters.clampInPlace(weight, g.lowest(), g.highest());
        }
    }
}
