package org.jpegdl.train;

import java.io.IOException;
import java.io.PrintStream;
import org.jpegdl.run.Checkpoints;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.RunDirectory;

/**
 * At the start of a resumed run, loads the newest complete checkpoint into the network and the optimisers and
 * restores the metrics of the epochs it holds, so training continues after them; on CPU with the same seed the run
 * then ends as an uninterrupted run would. Without a checkpoint it does nothing. Goes first among the listeners.
 *
 * @param run the run whose newest checkpoint is loaded
 * @param log where the resume is reported (null: silent)
 */
public record ResumeFromCheckpoint(RunDirectory run, PrintStream log) implements TrainingListener {

    @Override
    public void onTrainingBegin(TrainingState state) throws IOException {
        Checkpoints checkpoints = run.checkpointStore();
        Integer last = checkpoints.latestEpoch().orElse(null);
        if (last == null) {
            return;
        }
        checkpoints.load(last, state.network(), state.optimizers(), state.manager());
        for (EpochMetrics m : run.readMetrics()) {
            if (m.epoch() <= last) {
                state.history().add(m);
            }
        }
        state.resumeAfter(last);
        if (log != null) {
            log.printf("resuming %s after epoch %d of %d%n", state.runName(), last, state.recipe().epochs());
            log.flush();
        }
    }
}
