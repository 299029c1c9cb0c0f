package org.jpegdl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.experiment.RunTraining;
import org.jpegdl.io.FileTrees;
import org.jpegdl.recipe.DataSettings;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.Checkpoints;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny real training runs on the synthetic set: learning, resume, divergence, run files. */
class TrainingLoopTest {

    @TempDir
    Path dir;

    static RunConfig config(String name, boolean jpeg, int epochs, UnaryOperator<Recipe> change) {
        Recipe recipe = Recipe.cifar()
                .withEpochs(epochs)
                .withBatchSize(32)
                .withTableInit(TableInitialization.quality(50))
                .withPadTo(0);
        return new RunConfig(name, "synthetic", null, "resnet8", jpeg, change.apply(recipe), 7, 320, 200, 2, Map.of());
    }

    @Test
    void jpegDlLearnsTheSyntheticSetAndWritesItsRunFiles() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("learn"));
        // the paper's fixed table rate: the budget rule gives these 40 steps the travel of the CIFAR recipe's
        // 187,680 (Adam at 14 a step), which moves the tables across their range every step
        RunSummary s = RunTraining.train(
                config("learn", true, 4, r -> r.withTableLrRule(Recipe.FIXED_RULE)), run, false, null, false);
        assertTrue(s.finalTop1() > 0.35, "10 classes, chance 10%: top-1 " + s.finalTop1());
        assertEquals(4, run.readMetrics().size());
        assertTrue(Files.isRegularFile(run.config()));
        assertTrue(Files.isRegularFile(run.tables()));
        assertTrue(Files.isRegularFile(run.checkpoints().resolve("latest")));
        assertEquals(
                Checkpoints.KEEP,
                Files.list(run.checkpoints())
                        .filter(p -> p.getFileName().toString().startsWith("epoch-"))
                        .count());
        EpochMetrics last = run.readMetrics().get(3);
        assertEquals(1, last.tables().size());
        assertNotEquals(last.tables().get(0).lumaMean(), 0);
        assertEquals(s.finalTop1(), last.testTop1());
        assertTrue(last.residentMemoryMb() > 0, "resident memory recorded");
        assertTrue(last.nativeHeapMb() != null && last.nativeHeapMb() != 0, "C heap recorded: " + last.nativeHeapMb());
        // evaluating the last checkpoint reproduces the recorded test accuracy
        try (NDManager m = NDManager.newBaseManager()) {
            RunAssembly.Prepared p = RunAssembly.load(run, m);
            assertEquals(
                    s.finalTop1(),
                    Evaluation.evaluate(p.network().block(), p.test(), m).top1(),
                    1e-9);
        }
    }

    @Test
    void resumedRunEndsAsTheUninterruptedOne() throws IOException {
        RunDirectory whole = new RunDirectory(dir.resolve("whole"));
        RunTraining.train(config("r", true, 2, r -> r), whole, false, null, false);

        RunDirectory killed = new RunDirectory(dir.resolve("killed"));
        RunTraining.train(config("r", true, 2, r -> r), killed, false, null, false);
        // the state a kill during epoch 2 leaves: checkpoint and metrics of epoch 1 only
        FileTrees.delete(new Checkpoints(killed.checkpoints()).directory(2));
        killed.writeMetrics(killed.readMetrics().subList(0, 1));
        Files.delete(killed.summary());

        RunSummary resumed = RunTraining.train(config("r", true, 2, r -> r), killed, true, null, false);
        List<EpochMetrics> a = whole.readMetrics();
        List<EpochMetrics> b = killed.readMetrics();
        assertEquals(2, b.size());
        assertEquals(a.get(1).trainLoss(), b.get(1).trainLoss(), 1e-6);
        assertEquals(a.get(1).testLoss(), b.get(1).testLoss(), 1e-6);
        assertEquals(a.get(1).testTop1(), resumed.finalTop1(), 1e-9);
        assertEquals(
                a.get(1).tables().get(0).lumaMean(), b.get(1).tables().get(0).lumaMean(), 1e-6);
    }

    @Test
    void divergingLossStopsWithAClearMessageAndKeepsTheCheckpoint() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("nan"));
        RunTraining.train(config("nan", false, 1, r -> r), run, false, null, false);
        // continue the same run with an absurd learning rate: the loss overflows in epoch 2
        RunConfig exploding = config("nan", false, 2, r -> r.withModelLr(1e30));
        run.writeConfig(exploding);
        TrainingLoop.DivergedException e = assertThrows(
                TrainingLoop.DivergedException.class, () -> RunTraining.train(exploding, run, true, null, false));
        assertTrue(e.getMessage().contains("epoch 2"), e.getMessage());
        assertTrue(e.getMessage().contains("checkpoint"), e.getMessage());
        assertEquals(1, new Checkpoints(run.checkpoints()).latestEpoch().orElseThrow());
        assertEquals(1, run.readMetrics().size());
    }

    @Test
    void existingRunIsNotOverwritten() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("once"));
        RunTraining.train(config("once", false, 1, r -> r), run, false, null, false);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RunTraining.train(config("once", false, 1, r -> r), run, false, null, false));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"));
    }

    @Test
    void resumeSaysWhatItFindsAndNamesEverySettingThatDiffers() throws IOException {
        RunDirectory missing = new RunDirectory(dir.resolve("never"));
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class,
                () -> RunTraining.train(config("never", false, 1, r -> r), missing, true, null, false));
        assertTrue(none.getMessage().contains(missing.root() + ": no run to resume"), none.getMessage());
        assertFalse(Files.exists(missing.root()), "a refused resume leaves no folder");

        RunDirectory run = new RunDirectory(dir.resolve("kept"));
        RunTraining.train(config("kept", false, 1, r -> r), run, false, null, false);
        IllegalArgumentException changed = assertThrows(
                IllegalArgumentException.class,
                () -> RunTraining.train(config("kept", false, 2, r -> r.withBatchSize(16)), run, true, null, false));
        assertTrue(
                changed.getMessage().contains("recipe epochs: 1 (saved) vs 2 (now)")
                        && changed.getMessage().contains("recipe batchSize: 32 (saved) vs 16 (now)"),
                changed.getMessage());
        assertFalse(changed.getMessage().contains("modelLr"), "only what differs: " + changed.getMessage());

        RunDirectory fresh = new RunDirectory(dir.resolve("fresh"));
        fresh.writeConfig(config("fresh", false, 1, r -> r));
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        RunTraining.train(
                config("fresh", false, 1, r -> r),
                fresh,
                true,
                new PrintStream(lines, true, StandardCharsets.UTF_8),
                false);
        assertTrue(
                lines.toString(StandardCharsets.UTF_8)
                        .contains(fresh.root() + " has no checkpoint yet: training " + "from epoch 1"),
                lines.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRunThatNeverFinishedAnEpochCanBeStartedAgain() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("again"));
        run.writeConfig(config("again", false, 1, r -> r));
        RunSummary s = RunTraining.train(config("again", false, 1, r -> r), run, false, null, false);
        assertEquals(1, s.epochs());
        RunDirectory bad = new RunDirectory(dir.resolve("bad-data"));
        RunConfig unreadable = new RunConfig(
                "bad-data",
                "cifar10",
                dir.resolve("nowhere").toString(),
                "resnet8",
                false,
                Recipe.cifar().withEpochs(1),
                0,
                0,
                0,
                2,
                Map.of());
        assertThrows(RuntimeException.class, () -> RunTraining.train(unreadable, bad, false, null, false));
        assertFalse(Files.exists(bad.root()), "a run that could not start leaves no folder behind");
    }

    @Test
    void thePlannedTimeIsSaidAfterTheFirstBatches() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("plan"));
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        RunTraining.train(
                config("plan", false, 2, r -> r),
                run,
                false,
                new PrintStream(lines, true, StandardCharsets.UTF_8),
                false);
        String log = lines.toString(StandardCharsets.UTF_8);
        // 320 images in batches of 32: ten batches an epoch, the pace measured over all ten of the first
        assertTrue(
                log.matches("(?s).*plan: planned 2 epoch\\(s\\) of 10 batches ≈ [0-9hms]+ at the first 10 "
                        + "batches' pace.*"),
                log);
        assertEquals(1, log.lines().filter(l -> l.contains("planned")).count(), "said once");
    }

    @Test
    void aValidationSplitIsEvaluatedEveryEpochAndRecordedInTheConfig() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("val"));
        RunConfig config =
                config("val", true, 2, r -> r).withDataSettings(new DataSettings(0, false, 0, null, 0, 0.25));
        RunSummary s = RunTraining.train(config, run, false, null, false);
        assertEquals(
                320,
                s.trainImages(),
                "a quarter of the whole training split is held out first, then the "
                        + "training limit applies to the rest");
        for (EpochMetrics m : run.readMetrics()) {
            assertTrue(
                    m.validation() != null
                            && m.validation().top1() >= 0
                            && m.validation().top1() <= 1,
                    "" + m);
        }
        assertEquals(0.25, run.readConfig().dataSettings().validationFraction());
        assertTrue(Files.readString(run.config()).contains("\"validationFraction\" : 0.25"));
        RunDirectory plain = new RunDirectory(dir.resolve("noval"));
        RunTraining.train(config("noval", true, 1, r -> r), plain, false, null, false);
        assertFalse(Files.readString(plain.metrics()).contains("validation"), "no split, no validation field");
    }
}
