package org.jpegdl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.run.RunDirectory;

/**
 * Stops training with {@link TrainingLoop.DivergedException} when a batch's loss is not finite, before the optimiser
 * steps, leaving the last good checkpoint; the message says where the non-finite values are.
 *
 * @param run the run whose checkpoints the message names
 */
public record DivergenceGuard(RunDirectory run) implements TrainingListener {

    @Override
    public void onBatch(TrainingState state, BatchResult batch) {
        if (!Float.isFinite(batch.loss())) {
            throw new TrainingLoop.DivergedException(String.format(
                    Locale.ROOT,
                    "%s: the loss became %s in epoch %d, batch %d; training stopped. %s %s",
                    state.runName(),
                    batch.loss(),
                    state.epoch() + 1,
                    batch.index() + 1,
                    kept(),
                    diagnosis(state, batch.logits())));
        }
    }

    /** Where the last good checkpoint is, or that there is none yet (a run that diverged in its first epoch). */
    private String kept() {
        try {
            return run.checkpointStore()
                    .latestEpoch()
                    .map(e -> "The last good checkpoint (epoch " + e + ") is kept in "
                            + run.checkpointStore().directory(e) + " (lower the learning rate and --resume).")
                    .orElse("No epoch finished, so there is no checkpoint to resume from (lower the learning rate "
                            + "and train again under another --name).");
        } catch (java.io.IOException e) {
            return "The checkpoints in " + run.checkpoints() + " cannot be read (" + e.getMessage() + ").";
        }
    }

    /** Where the non-finite values are: the logits, and which parameters (tables included) hold NaN or Inf. */
    private static String diagnosis(TrainingState state, NDArray logits) {
        List<String> bad = new ArrayList<>();
        for (Pair<String, Parameter> p : state.network().getParameters()) {
            if (!finite(p.getValue().getArray())) {
                bad.add(p.getKey());
            }
        }
        String tables = "";
        JpegLayer layer = state.jpegLayer();
        if (layer != null) {
            float[] luma = layer.tables().lumaSteps(0);
            double min = Double.MAX_VALUE;
            double max = 0;
            for (float v : luma) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            tables = String.format(Locale.ROOT, " Round-0 luma steps now span %.3g..%.3g.", min, max);
        }
        return String.format(
                Locale.ROOT,
                "Diagnosis: logits %s; parameters with NaN/Inf: %s.%s",
                finite(logits) ? "finite" : "non-finite",
                bad.isEmpty() ? "none" : bad,
                tables);
    }

    private static boolean finite(NDArray array) {
        try (NDArray sum = array.toType(DataType.FLOAT64, false).abs().sum()) {
            return Double.isFinite(sum.getDouble());
        }
    }
}
