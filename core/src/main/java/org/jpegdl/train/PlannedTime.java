package org.jpegdl.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Says, once the first batches of the first epoch trained here have run, how long the whole run will take at their
 * pace: epochs × batches × seconds per batch, training batches only (evaluation comes on top).
 */
public final class PlannedTime implements TrainingListener {

    /** Batches the pace is measured over (fewer when an epoch has fewer). */
    public static final int BATCHES_MEASURED = 20;

    private final PrintStream log;
    private long start;
    private int batches;
    private int batchesPerEpoch;
    private boolean said;

    /** Prints the plan to {@code log} (null: silent). */
    public PlannedTime(PrintStream log) {
        this.log = log;
    }

    @Override
    public void onEpochBegin(TrainingState state, int batchesInEpoch) {
        if (!said) {
            start = System.nanoTime();
            batches = 0;
            batchesPerEpoch = batchesInEpoch;
        }
    }

    @Override
    public void onBatch(TrainingState state, BatchResult batch) {
        if (said || log == null) {
            return;
        }
        batches++;
        if (batches < Math.min(BATCHES_MEASURED, batchesPerEpoch)) {
            return;
        }
        said = true;
        double perBatch = (System.nanoTime() - start) / 1e9 / batches;
        int epochsLeft = state.recipe().epochs() - state.epoch();
        double seconds = perBatch * batchesPerEpoch * epochsLeft;
        log.println(String.format(
                Locale.ROOT,
                "%s: planned %d epoch(s) of %d batches ≈ %s at the first %d batches' "
                        + "pace (%.2f s a batch; evaluation comes on top); --epochs N changes it",
                state.runName(),
                epochsLeft,
                batchesPerEpoch,
                duration(seconds),
                batches,
                perBatch));
        log.flush();
    }

    /** 3h05m, 12m30s or 45s. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
