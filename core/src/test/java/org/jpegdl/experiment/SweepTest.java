package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jpegdl.recipe.DataSettings;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.SearchSpace;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.SweepDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Successive halving keeps the right trials on a synthetic objective and chooses by the last rung; a killed sweep of
 * real runs resumes without training a finished trial again, and its trials read validation data only.
 */
class SweepTest {

    @TempDir
    Path dir;

    private static RunConfig template(Recipe recipe) {
        return new RunConfig(
                "sweep",
                "fashion-mnist-mini",
                null,
                "resnet8",
                true,
                recipe,
                0,
                0,
                0,
                1,
                Map.of(),
                DataSettings.defaults().withValidation(0.25, true));
    }

    @Test
    void halvingKeepsTheBestThirdAndChoosesOnTheLastRung() throws IOException {
        SearchSpace space = SearchSpace.parse(List.of("alpha=1,2,3,4,5,6,7,8,9"));
        Sweep.Plan plan = new Sweep.Plan(space, space.grid(), "grid", List.of(100, 300, 900), 3);
        assertEquals(List.of(9, 3, 1), plan.trialsPerRung());
        // the objective: a small budget prefers large alpha, the largest budget prefers alpha 7 over 8 and 9
        List<String> calls = new ArrayList<>();
        Sweep.TrialRunner objective = (rung, images, trial, settings) -> {
            calls.add(rung + ":" + (trial < 0 ? "baseline" : settings.get("alpha")));
            double alpha = trial < 0 ? 0 : Double.parseDouble(settings.get("alpha"));
            double top1 = rung < 2 ? 0.5 + alpha / 100 : 0.9 - Math.abs(alpha - 7) / 100;
            return new SweepResult.Score(
                    rung, images, "r" + rung + "t" + trial, trial < 0 ? 0.6 : top1, 1, 1 - top1, 0);
        };
        SweepDirectory sweepDir = new SweepDirectory(dir.resolve("s"));
        SweepResult result = Sweep.run(plan, template(Recipe.cifar()), objective, sweepDir, null, "test");
        assertEquals(
                List.of(
                        "0:baseline",
                        "0:1",
                        "0:2",
                        "0:3",
                        "0:4",
                        "0:5",
                        "0:6",
                        "0:7",
                        "0:8",
                        "0:9",
                        "1:baseline",
                        "1:7",
                        "1:8",
                        "1:9",
                        "2:baseline",
                        "2:9"),
                calls);
        assertEquals(8, result.chosen(), "trial 8 (alpha 9) is the only one at the last rung");
        assertTrue(result.finished());
        assertEquals(3, result.trials().get(8).rungs().size());
        assertEquals(1, result.trials().get(0).rungs().size());
        assertEquals(3, result.baseline().size());
        SweepResult read = Json.read(sweepDir.sweepJson(), SweepResult.class);
        assertEquals(result, read);
        assertTrue(Files.readString(sweepDir.sweepMarkdown()).contains("| 8 (chosen) | alpha=9 |"));

        // with eta 2 and two rungs the last rung ranks 5 trials and picks by its own order, not rung 0's
        Sweep.Plan two = new Sweep.Plan(space, space.grid(), "grid", List.of(100, 0), 2);
        SweepResult chosenLate = Sweep.run(
                two,
                template(Recipe.cifar()),
                (rung, images, trial, settings) -> {
                    double alpha = trial < 0 ? 0 : Double.parseDouble(settings.get("alpha"));
                    double top1 = rung == 0 ? alpha / 10 : 1 - Math.abs(alpha - 6) / 10;
                    return new SweepResult.Score(rung, images, "r", top1, 1, 0.5, 0);
                },
                new SweepDirectory(dir.resolve("s2")),
                null,
                "test");
        assertEquals(
                List.of(4, 5, 6, 7, 8),
                chosenLate.trials().stream()
                        .filter(t -> t.rungs().size() == 2)
                        .map(SweepResult.Trial::id)
                        .toList(),
                "the best half of rung 0, rounded up: alpha 5..9");
        assertEquals(5, chosenLate.chosen(), "alpha 6 wins the last rung");
    }

    @Test
    void tiesGoToTheLowerLossThenTheEarlierTrial() throws IOException {
        SearchSpace space = SearchSpace.parse(List.of("bits=8,11,16"));
        Sweep.Plan plan = new Sweep.Plan(space, space.grid(), "grid", List.of(100), 3);
        SweepResult r = Sweep.run(
                plan,
                template(Recipe.cifar()),
                (rung, images, trial, settings) ->
                        new SweepResult.Score(rung, images, "r", 0.5, 1, trial == 2 ? 0.1 : 0.3, 0),
                new SweepDirectory(dir.resolve("t")),
                null,
                "test");
        assertEquals(2, r.chosen());
        SweepResult same = Sweep.run(
                plan,
                template(Recipe.cifar()),
                (rung, images, trial, settings) -> new SweepResult.Score(rung, images, "r", 0.5, 1, 0.3, 0),
                new SweepDirectory(dir.resolve("u")),
                null,
                "test");
        assertEquals(0, same.chosen());
    }

    @Test
    void plansThatCannotRunAreRefused() {
        SearchSpace space = SearchSpace.parse(List.of("bits=8,11"));
        assertThrows(IllegalArgumentException.class, () -> new Sweep.Plan(space, space.grid(), "grid", List.of(), 3));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Sweep.Plan(space, space.grid(), "grid", List.of(300, 100), 3));
        assertThrows(
                IllegalArgumentException.class, () -> new Sweep.Plan(space, space.grid(), "grid", List.of(0, 100), 3));
        assertThrows(
                IllegalArgumentException.class, () -> new Sweep.Plan(space, space.grid(), "grid", List.of(100), 1));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Sweep.training(
                        new RunConfig(
                                "s", "fashion-mnist-mini", null, "resnet8", true, Recipe.cifar(), 0, 0, 0, 1, Map.of()),
                        List.of(0L),
                        new SweepDirectory(dir),
                        null,
                        false));
        assertTrue(e.getMessage().contains("--val-fraction"), e.getMessage());
    }

    @Test
    void aKilledSweepResumesWithoutTrainingAFinishedTrialAgain() throws IOException {
        Recipe recipe = Recipe.cifar().withEpochs(1).withBatchSize(32).withTableInit(TableInitialization.quality(50));
        RunConfig template = template(recipe);
        SearchSpace space = SearchSpace.parse(List.of("init=quality:50,sensitivity"));
        Sweep.Plan plan = new Sweep.Plan(space, space.grid(), "grid", List.of(100, 200), 2);
        SweepDirectory sweepDir = new SweepDirectory(dir.resolve("real"));
        Sweep.TrialRunner training = Sweep.training(template, List.of(template.seed()), sweepDir, null, false);
        int[] runs = {0};
        Sweep.TrialRunner killedAfterThree = (rung, images, trial, settings) -> {
            if (runs[0]++ == 2) {
                throw new IllegalStateException("killed");
            }
            return training.run(rung, images, trial, settings);
        };
        assertThrows(
                IllegalStateException.class, () -> Sweep.run(plan, template, killedAfterThree, sweepDir, null, "test"));
        SweepResult partial = Json.read(sweepDir.sweepJson(), SweepResult.class);
        assertFalse(partial.finished());
        assertNull(partial.chosen());
        assertEquals(
                1, partial.trials().stream().filter(t -> !t.rungs().isEmpty()).count());

        List<Long> stamps = new ArrayList<>();
        for (RunDirectory r : List.of(sweepDir.baseline(0), sweepDir.trial(0, 0))) {
            stamps.add(Files.getLastModifiedTime(r.summary()).toMillis());
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        SweepResult done = Sweep.run(
                plan,
                template,
                Sweep.training(template, List.of(template.seed()), sweepDir, out, false),
                sweepDir,
                out,
                "test");
        String printed = log.toString(StandardCharsets.UTF_8);
        assertEquals(
                2,
                printed.lines()
                        .filter(l -> l.contains("finished earlier, reusing"))
                        .count(),
                printed);
        int i = 0;
        for (RunDirectory r : List.of(sweepDir.baseline(0), sweepDir.trial(0, 0))) {
            assertEquals(stamps.get(i++), Files.getLastModifiedTime(r.summary()).toMillis(), r.root() + " untouched");
        }
        assertTrue(done.finished());
        assertEquals(
                1, done.trials().stream().filter(t -> t.rungs().size() == 2).count());
        // the sensitivity trials took the map of their rung's baseline; no run read or evaluated the test split
        RunConfig sensitivityTrial = sweepDir.trial(0, 1).readConfig();
        assertEquals(
                TableInitialization.sensitivity(sweepDir.baseline(0).root()),
                sensitivityTrial.recipe().tableInit(),
                "the map of the same rung's baseline");
        assertTrue(Files.isRegularFile(sweepDir.baseline(0).sensitivity()));
        assertEquals(200, sweepDir.trial(1, done.chosen()).readConfig().trainLimit());
        for (SweepResult.Trial t : done.trials()) {
            for (SweepResult.Score s : t.rungs()) {
                RunDirectory run = new RunDirectory(sweepDir.root().resolve(s.run()));
                assertTrue(run.readConfig().dataSettings().validationOnly());
                assertEquals(0, run.readSummary().testImages());
                for (EpochMetrics m : run.readMetrics()) {
                    assertTrue(Double.isNaN(m.testTop1()), "no test result in " + run.root());
                    assertEquals(s.validationTop1(), m.validation().top1());
                }
            }
        }
    }

    @Test
    void twoSeedsPerTrialRankByTheirMean() throws IOException {
        SearchSpace space = SearchSpace.parse(List.of("alpha=1,2,3"));
        Sweep.Plan plan = new Sweep.Plan(space, space.grid(), "grid", List.of(100), 3, List.of(0L, 1L));
        // seed 0 alone would choose alpha 1 (0.70); by the mean of both seeds alpha 2 leads: (0.68 + 0.66) / 2
        Map<String, double[]> top1 =
                Map.of("1", new double[] {0.70, 0.50}, "2", new double[] {0.68, 0.66}, "3", new double[] {0.60, 0.64});
        List<String> calls = new ArrayList<>();
        Sweep.TrialRunner bySeeds = Sweep.overSeeds(plan.seeds(), (rung, images, trial, settings, seed) -> {
            calls.add((trial < 0 ? "baseline" : settings.get("alpha")) + "/s" + seed);
            double v = trial < 0 ? 0.5 : top1.get(settings.get("alpha"))[(int) seed];
            return new SweepResult.Score(rung, images, "t" + trial + "-s" + seed, v, 1, 1 - v, 2);
        });
        SweepResult result =
                Sweep.run(plan, template(Recipe.cifar()), bySeeds, new SweepDirectory(dir.resolve("m")), null, "test");
        assertEquals(List.of("baseline/s0", "baseline/s1", "1/s0", "1/s1", "2/s0", "2/s1", "3/s0", "3/s1"), calls);
        assertEquals(1, result.chosen(), "trial 1 (alpha 2) has the best mean");
        SweepResult.Score chosen = result.trials().get(1).at(0);
        assertEquals(0.67, chosen.validationTop1(), 1e-12);
        assertEquals(List.of(0.68, 0.66), chosen.seedTop1());
        assertEquals(4, chosen.seconds(), 1e-12);
        assertEquals("t1-s0,t1-s1", chosen.run());
        assertEquals("t1-s0", chosen.firstRun());
        assertEquals(List.of(0L, 1L), result.seeds());
        assertEquals(result, Json.read(new SweepDirectory(dir.resolve("m")).sweepJson(), SweepResult.class));
        assertTrue(result.toMarkdown().contains("seeds [0, 1] (each score their mean"), result.toMarkdown());
        assertThrows(IllegalArgumentException.class, () -> Sweep.overSeeds(List.of(1L, 1L), (a, b, c, d, e) -> null));
    }
}
