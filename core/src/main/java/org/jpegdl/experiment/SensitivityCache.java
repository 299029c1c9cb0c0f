package org.jpegdl.experiment;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpegdl.data.Batches;
import org.jpegdl.nd.Devices;
import org.jpegdl.run.Json;
import org.jpegdl.run.RegionSensitivityMap;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.SensitivityMap;

/**
 * The sensitivity maps of a trained baseline run, kept in its folder: {@code sensitivity.json} (one map) and
 * {@code sensitivity-regions-S.json} (a map per region of S pixels), read when present, else computed from the run's
 * last checkpoint and its training images and written there.
 */
public final class SensitivityCache {

    /** Training images a sensitivity map averages over by default. */
    public static final int SENSITIVITY_IMAGES = 2000;

    private SensitivityCache() {}

    /**
     * The sensitivity map of a trained baseline run.
     *
     * @param run the baseline run
     * @param images training images to average over when it is computed
     * @return the map from {@code sensitivity.json}, or computed and written there
     * @throws IOException when the run or the file cannot be read or written
     */
    public static SensitivityMap sensitivity(RunDirectory run, int images) throws IOException {
        return fromBaseline(
                run,
                run.sensitivity(),
                SensitivityMap.class,
                (p, data, manager) -> Sensitivity.compute(
                        p.network().classifier(),
                        p.network().mean(),
                        p.network().std(),
                        data,
                        images,
                        p.config().name(),
                        manager));
    }

    /**
     * The sensitivity map per region of {@code regionSize} pixels of a trained baseline run.
     *
     * @param run the baseline run
     * @param regionSize the region's side in pixels
     * @param images training images to average over when it is computed
     * @return the map from {@code sensitivity-regions-S.json}, or computed and written there
     * @throws IOException when the run or the file cannot be read or written
     */
    public static RegionSensitivityMap regionSensitivity(RunDirectory run, int regionSize, int images)
            throws IOException {
        return fromBaseline(
                run,
                run.regionSensitivity(regionSize),
                RegionSensitivityMap.class,
                (p, data, manager) -> Sensitivity.computePerRegion(
                        p.network().classifier(),
                        p.network().mean(),
                        p.network().std(),
                        data,
                        images,
                        regionSize,
                        p.config().name(),
                        manager));
    }

    /** What is computed from a trained baseline: its assembled run, its training split's batches, a manager. */
    @FunctionalInterface
    private interface BaselineComputation<T> {
        T compute(RunAssembly.Prepared baseline, Batches trainingData, NDManager manager);
    }

    /** {@code file} of the baseline {@code run} when present, else computed from the run and written there. */
    private static <T> T fromBaseline(RunDirectory run, Path file, Class<T> type, BaselineComputation<T> computation)
            throws IOException {
        if (Files.isRegularFile(file)) {
            return Json.read(file, type);
        }
        try (NDManager manager = Devices.newBaseManager()) {
            RunAssembly.Prepared p = FinishedRuns.load(run, manager);
            if (p.network().isJpegDl()) {
                throw new IllegalArgumentException(
                        run.root() + " is a JPEG-DL run; the sensitivity map is taken " + "from a baseline run");
            }
            T result = computation.compute(p, RunData.evaluationBatches(p.data().train(), p.config()), manager);
            Json.write(file, result);
            return result;
        }
    }
}
