package org.jpegdl.train;

import java.io.IOException;
import org.jpegdl.run.RunDirectory;

/**
 * After each epoch, saves the network's parameters and the optimisers' state as an atomic checkpoint. Goes last
 * among the listeners, so the metrics and tables of an epoch are on disk before its checkpoint.
 *
 * @param run the run whose checkpoints are written
 */
public record SaveCheckpoint(RunDirectory run) implements TrainingListener {

    @Override
    public void onEpochEnd(TrainingState state) throws IOException {
        run.checkpointStore().save(state.epoch() + 1, state.network(), state.optimizers());
    }
}
