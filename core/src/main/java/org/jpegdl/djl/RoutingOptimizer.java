package org.jpegdl.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.optimizer.Optimizer;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.train.ParameterGroups;

/**
 * The recipe's optimiser groups as one DJL {@link Optimizer}, for DJL's {@code Trainer}: every update goes to the
 * parameter's group of {@link ParameterGroups} (the model by SGD, the tables, alphas and a table predictor each by
 * their own optimiser, rate, schedule by epoch and clamp), the same object jpegdl's own {@code TrainingLoop} steps
 * through. An epoch is {@code batchesPerEpoch} updates.
 */
public final class RoutingOptimizer extends Optimizer {

    private final int batchesPerEpoch;
    private final ParameterGroups groups;

    private RoutingOptimizer(
            Recipe recipe, Block network, JpegLayer jpegLayer, int batchesPerEpoch, NDManager manager) {
        super(new NoOptions());
        this.batchesPerEpoch = batchesPerEpoch;
        this.groups = ParameterGroups.of(recipe, network, jpegLayer, batchesPerEpoch, manager);
    }

    /**
     * The optimiser of {@code network} with {@code jpegLayer} inside (null: a baseline) trained by {@code recipe}
     * (resolved), {@code batchesPerEpoch} updates an epoch; its state lives under {@code manager} (the model's).
     *
     * @param recipe the resolved recipe
     * @param network the whole network, as the trainer's model holds it
     * @param jpegLayer its JPEG layer, or null
     * @param batchesPerEpoch updates in one epoch
     * @param manager where the optimisers' state lives
     * @return the optimiser
     */
    public static RoutingOptimizer of(
            Recipe recipe, Block network, JpegLayer jpegLayer, int batchesPerEpoch, NDManager manager) {
        return new RoutingOptimizer(recipe, network, jpegLayer, batchesPerEpoch, manager);
    }

    /** The optimiser of an assembled run: its recipe, its network, its training batches. */
    public static RoutingOptimizer of(RunAssembly.Prepared run, NDManager manager) {
        return of(
                run.config().recipe(),
                run.network().block(),
                run.network().jpegLayer(),
                run.train().batchesPerEpoch(),
                manager);
    }

    /** The parameter groups every update goes through. */
    public ParameterGroups groups() {
        return groups;
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int epoch = (updateCount(parameterId) - 1) / batchesPerEpoch;
        groups.step(parameterId, parameterId, weight, grad, epoch);
    }

    /** DJL's optimiser options, unused: the recipe holds every value. */
    private static final class NoOptions extends OptimizerBuilder<NoOptions> {
        @Override
        protected NoOptions self() {
            return this;
        }
    }
}
