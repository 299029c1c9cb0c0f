package org.jpegdl.train;

import org.jpegdl.data.Batches;

/** After each epoch, evaluates the network on the test split and records the result in the training state. *
 * @param test the test split's batches
 */
public record TestEvaluation(Batches test) implements TrainingListener {

    @Override
    public void onEpochEnd(TrainingState state) {
        long t0 = System.nanoTime();
        Evaluation.Result result = Evaluation.evaluate(state.network(), test, state.manager());
        state.recordTest(result, (System.nanoTime() - t0) / 1e9);
    }
}
