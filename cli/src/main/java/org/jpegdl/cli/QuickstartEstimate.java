package org.jpegdl.cli;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.jpegdl.bench.StepBenchmark;
import org.jpegdl.experiment.Comparison;

/**
 * What {@code quickstart} says before it trains: how long it will take at this machine's pace now, from a few
 * training steps of both networks timed on random images of the quickstart's shape, and what a quiet 2-core machine
 * takes, from resnet20's step times measured on one (docs/PERFORMANCE.md: 130–140 ms a step of 64 grey 32×32 images
 * with 2 threads). Both count the same work: every training step of both arms, the test passes (forward only, about
 * a third of a step per image), the sensitivity map (a step's work per image), and a fixed allowance for starting,
 * reading the data and writing the pages.
 */
final class QuickstartEstimate {

    /** Training images of the bundled subset. */
    static final int TRAIN_IMAGES = 4000;
    /** Test images of the bundled subset. */
    static final int TEST_IMAGES = 1000;
    /** The CIFAR recipe's batch. */
    static final int BATCH = 64;
    /** Images of the baseline's sensitivity map. */
    static final int SENSITIVITY_IMAGES = 2000;
    /** Seconds outside the steps: the JVM and engine starting, the data, the figures and the report pages. */
    static final double OVERHEAD_SECONDS = 20;
    /** One resnet20 training step (batch 64, 1×32×32, 2 threads) on a quiet 2-core machine, milliseconds. */
    static final double QUIET_STEP_MS = 135;

    private QuickstartEstimate() {}

    /** Seconds the quickstart takes at steps of {@code baselineMs} and {@code jpegDlMs} milliseconds. */
    static double seconds(int epochs, double baselineMs, double jpegDlMs) {
        double steps = epochs * Math.ceil((double) TRAIN_IMAGES / BATCH);
        double evaluation = epochs * TEST_IMAGES / (3.0 * BATCH);
        double sensitivity = (double) SENSITIVITY_IMAGES / BATCH;
        return ((steps + evaluation) * (baselineMs + jpegDlMs) + sensitivity * baselineMs) / 1000 + OVERHEAD_SECONDS;
    }

    /** Times a few steps of {@code model} here and now and says what the quickstart will take. */
    static String measure(String model, int epochs, int threads) {
        StepBenchmark.Result pace = StepBenchmark.run(model, 10, 1, BATCH, 32, 1, 2, threads, 1);
        return say(
                model,
                epochs,
                pace.baselineMs(),
                pace.jpegDlMs(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /** The estimate in words (a negative load average: not known on this system). */
    static String say(String model, int epochs, double baselineMs, double jpegDlMs, double loadAverage, int cores) {
        String load = loadAverage < 0 ? "" : String.format(Locale.ROOT, ", load average %.1f", loadAverage);
        String quiet = model.equals("resnet20")
                ? String.format(
                        Locale.ROOT,
                        "; on a quiet 2-core machine about %s",
                        Comparison.duration(seconds(epochs, QUIET_STEP_MS, QUIET_STEP_MS)))
                : "";
        return String.format(
                Locale.ROOT,
                "quickstart: about %s at this machine's pace now (steps of %.0f ms "
                        + "baseline, %.0f ms JPEG-DL; %d cores%s)%s. Other work on the machine slows it; each run prints its "
                        + "own plan once its first batches have run.",
                Comparison.duration(seconds(epochs, baselineMs, jpegDlMs)),
                baselineMs,
                jpegDlMs,
                cores,
                load,
                quiet);
    }
}
