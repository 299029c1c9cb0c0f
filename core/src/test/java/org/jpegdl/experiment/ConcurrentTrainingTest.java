package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunLock;
import org.jpegdl.run.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: two trainings into the same run folder at once. The second is refused with one line while the
 * first owns the folder, and the first completes intact: its own config, every epoch's metrics, a loadable checkpoint.
 */
class ConcurrentTrainingTest {

    @TempDir
    Path dir;

    private static RunConfig config(long seed) {
        Recipe recipe = Recipe.cifar().withEpochs(2).withBatchSize(32).withTableInit(TableInitialization.quality(50));
        return new RunConfig("dup", "synthetic", null, "resnet8", true, recipe, seed, 160, 64, 2, Map.of());
    }

    @Test
    void theSecondTrainingIntoOneNameIsRefusedAndTheFirstCompletesIntact() throws Exception {
        RunDirectory run = new RunDirectory(dir.resolve("dup"));
        // the second starts once the first has written its config.json, as in the reported fault; the first trains
        // on this thread (the engine's grad mode is set per thread where it started), the second on another
        CompletableFuture<List<Throwable>> second = CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.isRegularFile(run.config()) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<Throwable> refusals = new ArrayList<>();
            for (boolean resume : new boolean[] {false, true}) {
                try {
                    RunTraining.train(config(2), run, resume, null, false);
                    refusals.add(null);
                } catch (Exception | Error e) {
                    refusals.add(e);
                }
            }
            return refusals;
        });
        RunSummary summary = RunTraining.train(config(1), run, false, null, false);

        List<Throwable> refusals = second.get(60, TimeUnit.SECONDS);
        for (Throwable refused : refusals) {
            assertTrue(refused instanceof IllegalArgumentException, "refused: " + refused);
            assertTrue(
                    refused.getMessage()
                                    .contains("in use by process "
                                            + ProcessHandle.current().pid())
                            && refused.getMessage().contains("jpegdl train")
                            && !refused.getMessage().contains("\n"),
                    refused.getMessage());
        }
        assertEquals(1, summary.seed());
        assertEquals(1, run.readConfig().seed(), "config.json is the first training's");
        assertEquals(2, run.readMetrics().size(), "every epoch of the first training recorded once");
        assertEquals(1, run.readSummary().seed());
        assertEquals(2, run.lastCheckpointEpoch());
        try (NDManager manager = NDManager.newBaseManager()) {
            assertNotNull(RunAssembly.load(run, manager).network(), "its checkpoint loads");
        }
        assertFalse(Files.exists(run.root().resolve(RunLock.FILE)), "the lock is released when training ends");
    }
}
