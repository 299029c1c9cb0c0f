package org.jpegdl.run;

import java.util.List;

/**
 * A finished run's {@code summary.json}: the final and best test accuracy and what the run cost.
 *
 * @param name run name
 * @param model model name
 * @param dataset dataset name
 * @param jpeg whether the JPEG layer was in front
 * @param seed the run's seed
 * @param epochs epochs trained
 * @param trainImages training images per epoch
 * @param testImages test images
 * @param finalTop1 test top-1 after the last epoch
 * @param finalTop5 test top-5 after the last epoch
 * @param bestTop1 best test top-1 over the epochs (reported, never used to choose anything)
 * @param wallSeconds total wall time of all sittings
 * @param trainImagesPerSecond mean training throughput
 * @param threads engine threads
 * @param skippedImages images skipped as unreadable (for datasets read with --skip-bad)
 */
public record RunSummary(
        String name,
        String model,
        String dataset,
        boolean jpeg,
        long seed,
        int epochs,
        int trainImages,
        int testImages,
        double finalTop1,
        double finalTop5,
        double bestTop1,
        double wallSeconds,
        double trainImagesPerSecond,
        int threads,
        List<String> skippedImages) {

    /** A summary names its run, model and data set (a file read checks it). */
    public RunSummary {
        Json.required(name, "name");
        Json.required(model, "model");
        Json.required(dataset, "dataset");
    }
}
