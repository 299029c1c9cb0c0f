package org.jpegdl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A term the {@link TrainingLoop} adds to a batch's cross-entropy before the backward pass (inside the gradient
 * collector, so autograd differentiates it with the rest), computed from the batch's pixels and the network's
 * parameters: the rate term of rate-aware tables ({@link RatePenalty}), say.
 */
public interface LossTerm {

    /**
     * The term for one training batch.
     *
     * @param parameterStore the store the network's forward pass reads its parameters from
     * @param pixels the batch's input (N, C, H, W) in [0,255]
     * @return a scalar array on the batch's manager, differentiable in the parameters it depends on
     */
    NDArray compute(ParameterStore parameterStore, NDArray pixels);
}
