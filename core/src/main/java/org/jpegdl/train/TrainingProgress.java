package org.jpegdl.train;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar per epoch (me.tongfei:progressbar: a maintained library that draws rate and ETA and
 * degrades to plain lines when the output is not a terminal), showing batch, loss, accuracy and images/s.
 */
final class TrainingProgress implements AutoCloseable {

    private final ProgressBar bar;
    private final long startNanos = System.nanoTime();

    TrainingProgress(String task, int batches) {
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                .setMaxRenderedLength(110)
                .continuousUpdate()
                .build();
    }

    void step(double meanLoss, double accuracy, long images) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        bar.setExtraMessage(String.format(
                Locale.ROOT,
                "loss %.3f acc %.1f%% %.0f img/s",
                meanLoss,
                100 * accuracy,
                images / Math.max(seconds, 1e-9)));
        bar.step();
    }

    @Override
    public void close() {
        bar.close();
    }
}
