package org.jpegdl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.jpegdl.experiment.RunTraining;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.TablesFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table travel in metrics.jsonl: the arithmetic by hand, and a two-step run against its own initial and final tables. */
class TableTravelTest {

    @TempDir
    Path dir;

    @Test
    void travelIsTheMeanAndLargestAbsoluteAndRelativeChange() {
        float[][] start = {{10, 20}, {4, 8}};
        float[][] now = {{12, 15}, {4, 9}};
        // |Δ| = 2, 5, 0, 1; |Δ|/q₀ = 0.2, 0.25, 0, 0.125
        EpochMetrics.TableTravel t = EpochMetrics.TableTravel.between(start, now);
        assertEquals(2.0, t.meanAbsolute(), 1e-12);
        assertEquals(5.0, t.largestAbsolute(), 1e-12);
        assertEquals(0.575 / 4, t.meanRelative(), 1e-12);
        assertEquals(0.25, t.largestRelative(), 1e-12);
    }

    @Test
    void aTwoStepRunRecordsHowFarItsTablesMoved() throws Exception {
        // 64 images in batches of 32: two steps, Adam at the budget rule's rate
        Recipe recipe = Recipe.cifar()
                .withEpochs(1)
                .withBatchSize(32)
                .withTableInit(TableInitialization.quality(50))
                .withPadTo(0);
        RunConfig config = new RunConfig("travel", "synthetic", null, "resnet8", true, recipe, 3, 64, 32, 2, Map.of());
        RunDirectory run = new RunDirectory(dir.resolve("travel"));
        RunTraining.train(config, run, false, null, false);

        EpochMetrics.Travel travel = run.readMetrics().get(0).travel().get(0);
        TablesFile.Round learned = TablesFile.read(run).rounds().get(0);
        TableInit start = TableInit.quality(50);
        check(start.luma(0, 0), learned.luma(), travel.luma());
        check(start.chroma(0, 0), learned.chroma(), travel.chroma());
        assertTrue(
                travel.luma().largestAbsolute() > 1,
                "two steps at the budget's rate move a step by more than 1: " + travel.luma());
    }

    @Test
    void aBaselineRecordsNoTravel() throws Exception {
        Recipe recipe = Recipe.cifar().withEpochs(1).withBatchSize(32).withPadTo(0);
        RunConfig config = new RunConfig("base", "synthetic", null, "resnet8", false, recipe, 3, 64, 32, 2, Map.of());
        RunDirectory run = new RunDirectory(dir.resolve("base"));
        RunTraining.train(config, run, false, null, false);
        assertNull(run.readMetrics().get(0).travel());
    }

    /** The travel of one table, by hand from its first and last values. */
    private static void check(float[] initial, float[] last, EpochMetrics.TableTravel recorded) {
        double sumAbs = 0;
        double maxAbs = 0;
        double sumRel = 0;
        double maxRel = 0;
        for (int i = 0; i < 64; i++) {
            double d = Math.abs(last[i] - (double) initial[i]);
            sumAbs += d;
            maxAbs = Math.max(maxAbs, d);
            sumRel += d / initial[i];
            maxRel = Math.max(maxRel, d / initial[i]);
        }
        assertEquals(sumAbs / 64, recorded.meanAbsolute(), 1e-6);
        assertEquals(maxAbs, recorded.largestAbsolute(), 1e-6);
        assertEquals(sumRel / 64, recorded.meanRelative(), 1e-6);
        assertEquals(maxRel, recorded.largestRelative(), 1e-6);
    }
}
