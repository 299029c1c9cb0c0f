package org.jpegdl.train;

import java.util.Locale;

/** Draws a progress bar per epoch: batch, running loss and accuracy, images per second. */
public final class ProgressBarListener implements TrainingListener {

    private TrainingProgress bar;

    @Override
    public void onEpochBegin(TrainingState state, int batches) {
        bar = new TrainingProgress(
                String.format(
                        Locale.ROOT,
                        "%s epoch %d/%d",
                        state.runName(),
                        state.epoch() + 1,
                        state.recipe().epochs()),
                batches);
    }

    @Override
    public void onBatch(TrainingState state, BatchResult batch) {
        bar.step(state.trainLoss(), state.trainTop1(), state.trainImages());
    }

    @Override
    public void onEpochEnd(TrainingState state) {
        close();
    }

    @Override
    public void onTrainingEnd(TrainingState state) {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
