package org.jpegdl.train;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Checks that {@code metrics.jsonl} holds every epoch up to the checkpoint's, once each (later ones are dropped
     * when the run resumes): a run resumed without them would end with a history shorter than its summary says.
     *
     * @param run the run to resume
     * @param checkpointEpoch the epoch of its newest checkpoint
     * @throws IOException one line naming the metrics file and the epochs it lacks
     */
    public static void checkMetrics(RunDirectory run, int checkpointEpoch) throws IOException {
        int[] seen = new int[checkpointEpoch + 1];
        for (EpochMetrics m : run.readMetrics()) {
            if (m.epoch() >= 1 && m.epoch() <= checkpointEpoch) {
                seen[m.epoch()]++;
            }
        }
        List<String> wrong = new ArrayList<>();
        for (int e = 1; e <= checkpointEpoch; e++) {
            if (seen[e] != 1) {
                wrong.add(e + (seen[e] == 0 ? "" : " (" + seen[e] + " times)"));
            }
        }
        if (!wrong.isEmpty()) {
            throw new IOException(run.metrics() + ": the checkpoint is of epoch " + checkpointEpoch + " but the "
                    + "metrics of epoch(s) " + String.join(", ", wrong) + " are missing or repeated, so a resumed run "
                    + "would not hold its whole history; restore the file, or train again without --resume under "
                    + "another --name");
        }
    }

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
            log.printf(
                    "resuming %s after epoch %d of %d%n",
                    state.runName(), last, state.recipe().epochs());
            log.flush();
        }
    }
}
