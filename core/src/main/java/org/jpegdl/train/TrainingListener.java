package org.jpegdl.train;

import java.io.IOException;

/**
 * Something that takes part in training without being the loop: metrics, memory readings, tables, checkpoints,
 * progress, the divergence guard. The shape is DJL's {@code TrainingListener} for a loop with two optimisers: the
 * loop calls every listener in order at the start, after each batch's backward pass (before the optimiser steps),
 * after each epoch and at the end; what one listener records for an epoch, later ones read from the
 * {@link TrainingState}.
 */
public interface TrainingListener {

    /** Before the first epoch, after the network and the optimisers exist (a checkpoint may be loaded here). */
    default void onTrainingBegin(TrainingState state) throws IOException {}

    /** Before an epoch's first batch. */
    default void onEpochBegin(TrainingState state, int batches) {}

    /** After a batch's backward pass, before the optimiser steps; the batch's arrays are alive until it returns. */
    default void onBatch(TrainingState state, BatchResult batch) {}

    /** After an epoch's last optimiser step. */
    default void onEpochEnd(TrainingState state) throws IOException {}

    /** After the last epoch. */
    default void onTrainingEnd(TrainingState state) throws IOException {}
}
