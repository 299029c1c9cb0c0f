package org.jpegdl.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.train.ParameterOptimizer;

/**
 * The recipe's two optimiser groups as one DJL {@link Optimizer}, for DJL's {@code Trainer}: the model's parameters
 * by SGD (the recipe's momentum and weight decay) at the model's learning rate, the JPEG layer's tables by the
 * recipe's table optimiser (Adam, SGD or LSQ-SGD) at the tables' rate and trainable alphas at theirs, each rate on
 * its schedule by epoch, and the tables and alphas clamped after each of their steps: the updates of jpegdl's own
 * {@code TrainingLoop}, with the same {@link ParameterOptimizer}s. An epoch is {@code batchesPerEpoch} updates.
 */
public final class RoutingOptimizer extends Optimizer {

    private final Recipe recipe;
    private final JpegLayer jpegLayer;
    private final int batchesPerEpoch;
    private final ParameterOptimizer modelOptimizer;
    private final ParameterOptimizer tableOptimizer;
    private final Set<String> tableIds;
    private final Set<String> alphaIds;

    private RoutingOptimizer(Recipe recipe, JpegLayer jpegLayer, int[] imageShape, int batchesPerEpoch,
            NDManager manager) {
        super(new NoOptions());
        if (!recipe.isResolved()) {
            throw new IllegalArgumentException("the routing optimiser needs a resolved recipe (Recipe.resolve)");
        }
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("an epoch needs at least one batch, got " + batchesPerEpoch);
        }
        this.recipe = recipe;
        this.jpegLayer = jpegLayer;
        this.batchesPerEpoch = batchesPerEpoch;
        this.modelOptimizer = ParameterOptimizer.forModel(recipe, manager);
        this.tableOptimizer = ParameterOptimizer.forTables(recipe, manager, imageShape);
        this.tableIds = ids(jpegLayer == null ? List.of() : jpegLayer.trainableParameters());
        this.alphaIds = ids(jpegLayer == null ? List.of() : jpegLayer.alphaParameters());
    }

    /**
     * The optimiser of a network with {@code jpegLayer} in front (null: a baseline) trained by {@code recipe} (resolved)
     * on images of {@code imageShape} (C, H, W), {@code batchesPerEpoch} updates an epoch; its state lives under
     * {@code manager} (the model's).
     */
    public static RoutingOptimizer of(Recipe recipe, JpegLayer jpegLayer, int[] imageShape, int batchesPerEpoch,
            NDManager manager) {
        return new RoutingOptimizer(recipe, jpegLayer, imageShape, batchesPerEpoch, manager);
    }

    /** The optimiser of an assembled run: its recipe, its network's JPEG layer, its training batches. */
    public static RoutingOptimizer of(RunAssembly.Prepared run, NDManager manager) {
        return of(run.config().recipe(), run.network().jpegLayer(), run.train().imageShape(),
                run.train().batchesPerEpoch(), manager);
    }

    /** The optimiser of the model's parameters. */
    public ParameterOptimizer modelOptimizer() {
        return modelOptimizer;
    }

    /** The optimiser of the JPEG layer's parameters. */
    public ParameterOptimizer tableOptimizer() {
        return tableOptimizer;
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int epoch = (updateCount(parameterId) - 1) / batchesPerEpoch;
        boolean table = tableIds.contains(parameterId);
        double lr = alphaIds.contains(parameterId) ? recipe.alphaLrAt(epoch)
                : table ? recipe.tableLrAt(epoch) : recipe.modelLrAt(epoch);
        (table ? tableOptimizer : modelOptimizer).step(parameterId, weight, grad, lr);
        if (table) {
            jpegLayer.clampTables();
        }
    }

    private static Set<String> ids(List<Parameter> parameters) {
        Set<String> ids = new HashSet<>();
        for (Parameter p : parameters) {
            ids.add(p.getId());
        }
        return ids;
    }

    /** DJL's optimiser options, unused: the recipe holds every value. */
    private static final class NoOptions extends OptimizerBuilder<NoOptions> {
        @Override
        protected NoOptions self() {
            return this;
        }
    }
}
