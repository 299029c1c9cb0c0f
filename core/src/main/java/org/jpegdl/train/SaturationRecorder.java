package org.jpegdl.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jpegdl.jpeg.Saturation;
import org.jpegdl.run.EpochMetrics;

/**
 * Counts, per epoch, how often the JPEG layer's index clamp moved a coefficient's quantiser window in training passes
 * ({@link Saturation}): tracking on at the start, the counts reset before each epoch, and at its end the
 * fractions per round and frequency recorded in the training state for the metrics listener, which must come after
 * this one. Nothing for a baseline or a layer without tables (zero-DC); tracking off again at the end.
 */
public final class SaturationRecorder implements TrainingListener {

    @Override
    public void onTrainingBegin(TrainingState state) {
        if (counts(state)) {
            state.jpegLayer().saturation().setTracking(true);
        }
    }

    @Override
    public void onEpochBegin(TrainingState state, int batches) {
        if (counts(state)) {
            state.jpegLayer().saturation().reset();
        }
    }

    @Override
    public void onEpochEnd(TrainingState state) {
        if (!counts(state)) {
            return;
        }
        Saturation counted = state.jpegLayer().saturation();
        Set<Integer> rounds = counted.rounds();
        List<EpochMetrics.Saturation> perRound = new ArrayList<>();
        for (int round = 0; round < state.jpegLayer().rounds(); round++) {
            if (rounds.contains(round)) {
                perRound.add(new EpochMetrics.Saturation(round, counted.luma(round), counted.chroma(round)));
            }
        }
        if (!perRound.isEmpty()) {
            state.recordSaturation(perRound);
        }
    }

    @Override
    public void onTrainingEnd(TrainingState state) {
        if (counts(state)) {
            state.jpegLayer().saturation().setTracking(false);
        }
    }

    private static boolean counts(TrainingState state) {
        return state.jpegLayer() != null && state.jpegLayer().rounds() > 0;
    }
}
