package org.jpegdl.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;

/**
 * At the start of a run that does not resume from its own checkpoint, puts parameters into the network the loop has
 * just initialised (a classifier another run trained, {@code --init-from}), so initialisation cannot overwrite them;
 * a run resumed from its checkpoint keeps the checkpoint's. Goes right after {@link ResumeFromCheckpoint}.
 *
 * @param parameters what puts them in, their arrays under the training's manager
 * @param description what they are, for the log (e.g. "the classifier of runs/b (epoch 10)")
 * @param log where it is reported (null: silent)
 */
public record InitialParameters(Source parameters, String description, PrintStream log) implements TrainingListener {

    /** Sets parameters of the initialised network, new arrays under {@code manager}. */
    @FunctionalInterface
    public interface Source {
        /** Puts the parameters in. */
        void load(NDManager manager) throws IOException;
    }

    @Override
    public void onTrainingBegin(TrainingState state) throws IOException {
        if (state.startEpoch() > 0) {
            return;
        }
        parameters.load(state.manager());
        if (log != null) {
            log.printf("%s: starting from %s%n", state.runName(), description);
            log.flush();
        }
    }
}
