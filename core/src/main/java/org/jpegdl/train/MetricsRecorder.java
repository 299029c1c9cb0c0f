package org.jpegdl.train;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.TableSnapshot;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.RunDirectory;

/**
 * After each epoch, records its metrics (training loss and accuracy, the test result, the memory reading and the
 * index clamp's saturation that earlier listeners recorded, learning rates, table statistics and how far the tables
 * travelled from their start, time, speed) in the history, rewrites the run's
 * {@code metrics.jsonl} with the whole history and prints one line.
 *
 * @param run the run whose metrics.jsonl is written
 * @param log where the epoch line is printed (null: silent)
 */
public record MetricsRecorder(RunDirectory run, PrintStream log) implements TrainingListener {

    @Override
    public void onTrainingBegin(TrainingState state) throws IOException {
        // a resumed run drops the lines of epochs after its checkpoint
        run.writeMetrics(state.history());
    }

    @Override
    public void onEpochEnd(TrainingState state) throws IOException {
        Evaluation.Result test = state.test();
        if (test == null && state.validation() == null) {
            throw new IllegalStateException("no test or validation result for epoch " + (state.epoch() + 1)
                    + ": TestEvaluation or ValidationEvaluation must come before MetricsRecorder");
        }
        // a run that never reads the test split (a sweep's trial) records NaN for it
        Evaluation.Result tested = test != null ? test : new Evaluation.Result(Double.NaN, Double.NaN, Double.NaN, 0);
        double seconds = state.trainSeconds() + state.validationSeconds() + state.testSeconds();
        EpochMetrics m = new EpochMetrics(
                state.epoch() + 1,
                state.trainLoss(),
                state.trainTop1(),
                tested.loss(),
                tested.top1(),
                tested.top5(),
                state.modelLr(),
                state.tableLr(),
                tableStats(state.jpegLayer()),
                seconds,
                state.trainImages() / state.trainSeconds(),
                state.memory().residentMb(),
                state.memory().nativeHeapInUseMb(),
                state.saturation(),
                validation(state),
                travel(state.jpegLayer()));
        state.history().add(m);
        run.writeMetrics(state.history());
        if (log != null) {
            String validation = m.validation() == null
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            "  val loss %.4f top-1 %.2f%%",
                            m.validation().loss(),
                            100 * m.validation().top1());
            String tests = test == null
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            "  test loss %.4f top-1 %.2f%% top-5 %.2f%%",
                            m.testLoss(),
                            100 * m.testTop1(),
                            100 * m.testTop5());
            log.println(String.format(
                    Locale.ROOT,
                    "epoch %d/%d  train loss %.4f acc %.2f%%%s%s  %.0f img/s  " + "epoch time %.0fs  rss %.0f MiB",
                    m.epoch(),
                    state.recipe().epochs(),
                    m.trainLoss(),
                    100 * m.trainTop1(),
                    validation,
                    tests,
                    m.trainImagesPerSecond(),
                    seconds,
                    m.residentMemoryMb()));
            log.flush();
        }
    }

    private static EpochMetrics.Validation validation(TrainingState state) {
        Evaluation.Result v = state.validation();
        return v == null ? null : new EpochMetrics.Validation(v.loss(), v.top1(), v.top5());
    }

    /** Per round, how far the tables moved from the run's initial tables; null without tables. */
    static List<EpochMetrics.Travel> travel(JpegLayer layer) {
        if (layer == null || layer.rounds() == 0) {
            return null;
        }
        List<EpochMetrics.Travel> out = new ArrayList<>();
        TableSnapshot tables = layer.tables();
        for (int r = 0; r < layer.rounds(); r++) {
            EpochMetrics.TableTravel chroma = layer.channels() == 3
                    ? EpochMetrics.TableTravel.between(
                            tables.initialStepsPerRegion(r, false), tables.chromaStepsPerRegion(r))
                    : null;
            out.add(new EpochMetrics.Travel(
                    r,
                    EpochMetrics.TableTravel.between(
                            tables.initialStepsPerRegion(r, true), tables.lumaStepsPerRegion(r)),
                    chroma));
        }
        return out;
    }

    private static List<EpochMetrics.TableStats> tableStats(JpegLayer layer) {
        List<EpochMetrics.TableStats> out = new ArrayList<>();
        if (layer != null) {
            TableSnapshot tables = layer.tables();
            for (int r = 0; r < layer.rounds(); r++) {
                out.add(EpochMetrics.TableStats.of(
                        r, tables.lumaSteps(r), layer.channels() == 3 ? tables.chromaSteps(r) : null));
            }
        }
        return out;
    }
}
