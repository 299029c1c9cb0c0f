package org.jpegdl.train;

import org.jpegdl.data.Batches;

/**
 * After each epoch, evaluates the network on the validation split (held out of the training data) and records the
 * result in the training state, for metrics.jsonl: what settings are chosen on, never the test split.
 *
 * @param validation the validation split's batches
 */
public record ValidationEvaluation(Batches validation) implements TrainingListener {

    @Override
    public void onEpochEnd(TrainingState state) {
        long t0 = System.nanoTime();
        Evaluation.Result result = Evaluation.evaluate(state.network(), validation, state.manager());
        state.recordValidation(result, (System.nanoTime() - t0) / 1e9);
    }
}
