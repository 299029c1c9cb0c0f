package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jpegdl.experiment.Comparison;
import org.jpegdl.run.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verbs as a user calls them: listings, a tiny comparison, and user mistakes. */
class CommandsTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void noVerbPrintsTheUsageAndExitsTwo() {
        CliRun r = run();
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("Usage: jpegdl") && r.err().contains("quickstart"), r.err());
    }

    @Test
    void versionNamesJpegdl() {
        CliRun r = run("--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().strip().matches("jpegdl \\S+"), "'" + r.out() + "'");
    }

    @Test
    void modelsListsNamesWithExactCounts() {
        CliRun r = run("models");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("resnet20") && r.out().contains("278,324"), r.out());
        assertTrue(r.out().contains("vgg8") && r.out().contains("3,965,028"), r.out());
    }

    @Test
    void datasetsListsAndChecks() {
        CliRun list = run("datasets");
        assertEquals(0, list.exit());
        assertTrue(list.out().contains("fashion-mnist-mini") && list.out().contains("cifar100"), list.out());
        CliRun check = run("datasets", "--dataset", "fashion-mnist-mini");
        assertEquals(0, check.exit(), check.err());
        assertTrue(check.out().contains("4,000 images") && check.out().contains("1,000 images"), check.out());
    }

    @Test
    void benchTimesALayerOfTheQuantiserRoundsAsked() {
        CliRun r = run(
                "bench",
                "--model",
                "resnet8",
                "--batch-size",
                "4",
                "--size",
                "16",
                "--classes",
                "10",
                "--rounds",
                "1",
                "--steps",
                "1",
                "--quantiser-rounds",
                "3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("JPEG layer of 3 quantiser round(s)"), r.out());
        assertTrue(r.out().contains("JpegLayer(channels=3, rounds=3,"), "the layer timed has 3 rounds: " + r.out());
        CliRun none = run("bench", "--quantiser-rounds", "0", "--rounds", "1", "--steps", "1");
        assertEquals(Main.EXIT_USAGE, none.exit(), none.out());
        assertTrue(none.err().contains("--quantiser-rounds must be in 1..64, got 0"), none.err());
        CliRun profiled = run("bench", "--profile", "layer", "--quantiser-rounds", "2");
        assertEquals(Main.EXIT_USAGE, profiled.exit(), profiled.out());
        assertTrue(profiled.err().contains("--quantiser-rounds goes with the step benchmark"), profiled.err());
    }

    @Test
    void benchReportsStepsLayerAndPipelineWithConsistentFigures() {
        CliRun r = run(
                "bench",
                "--model",
                "resnet8",
                "--batch",
                "8",
                "--size",
                "16",
                "--classes",
                "10",
                "--rounds",
                "3",
                "--steps",
                "1");
        assertEquals(0, r.exit(), r.err());
        Matcher steps = Pattern.compile(
                        "baseline step +([0-9.]+) ms +([0-9.]+) img/s\\s+JPEG-DL step +([0-9.]+) ms +([0-9.]+) img/s\\s+"
                                + "layer fwd\\+bwd +([0-9.]+) ms")
                .matcher(r.out());
        assertTrue(steps.find(), r.out());
        double baselineMs = Double.parseDouble(steps.group(1));
        assertEquals(
                8 * 1000 / baselineMs,
                Double.parseDouble(steps.group(2)),
                0.01 * 8000 / baselineMs,
                "img/s = batch / step time (ms printed to 0.1)");
        double jpegMs = Double.parseDouble(steps.group(3));
        double layerMs = Double.parseDouble(steps.group(5));
        assertTrue(baselineMs > 0 && jpegMs > 0 && layerMs > 0, r.out());
        Matcher ratio = Pattern.compile(
                        "paired per round: ([0-9.]+) \\(quartiles ([0-9.]+)–([0-9.]+), 95% CI of the median ([0-9.]+)–([0-9.]+); "
                                + "layer adds ([-+0-9.]+)%\\), "
                                + "layer share of the JPEG-DL step: ([0-9.]+)%")
                .matcher(r.out());
        assertTrue(ratio.find(), r.out());
        double median = Double.parseDouble(ratio.group(1));
        assertTrue(
                Double.parseDouble(ratio.group(2)) <= median && median <= Double.parseDouble(ratio.group(3)), r.out());
        assertTrue(
                Double.parseDouble(ratio.group(4)) <= median && median <= Double.parseDouble(ratio.group(5)), r.out());
        assertEquals(100 * (median - 1), Double.parseDouble(ratio.group(6)), 0.051, r.out());
        double share = 100 * layerMs / jpegMs; // both times are printed to 0.1 ms, the share to 0.1 %
        assertEquals(
                share, Double.parseDouble(ratio.group(7)), share * (0.05 / layerMs + 0.05 / jpegMs) + 0.051, r.out());
        assertTrue(r.out().contains("data pipeline (fashion-mnist-mini"), r.out());
    }

    @Test
    void userMistakesGetOneLineAndExitTwo() {
        CliRun badData = run(
                "train",
                "--dataset",
                "cifar10",
                "--data",
                dir.resolve("nowhere").toString(),
                "--runs-dir",
                dir.toString());
        assertEquals(Main.EXIT_USAGE, badData.exit());
        assertTrue(badData.err().startsWith("error:") && badData.err().contains("nowhere"), badData.err());
        assertFalse(badData.out().contains("no baseline run"), "no note on a run that never starts: " + badData.out());
        CliRun badModel = run("train", "--model", "resnet21", "--epochs", "1", "--runs-dir", dir.toString());
        assertEquals(Main.EXIT_USAGE, badModel.exit());
        assertTrue(badModel.err().contains("resnet21"), badModel.err());
        CliRun noRun = run("eval", "--run", dir.resolve("missing").toString());
        assertEquals(Main.EXIT_USAGE, noRun.exit());
        assertTrue(noRun.err().contains("missing"), noRun.err());
        CliRun badInit = run("train", "--init", "sensitivity", "--epochs", "1", "--runs-dir", dir.toString());
        assertEquals(Main.EXIT_USAGE, badInit.exit());
        assertTrue(badInit.err().contains("sensitivity:RUN_DIR"), badInit.err());
        CliRun badValidation = run("train", "--val-fraction", "0.7", "--epochs", "1", "--runs-dir", dir.toString());
        assertEquals(Main.EXIT_USAGE, badValidation.exit());
        assertTrue(
                badValidation.err().contains("--val-fraction must be 0 or in (0, 0.5], got 0.7"), badValidation.err());
        for (CliRun r : new CliRun[] {badData, badModel, noRun, badInit, badValidation}) {
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void compareTrainsBothArmsFromTheBaselinesSensitivity() throws Exception {
        CliRun r = run(
                "compare",
                "--dataset",
                "synthetic",
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--seeds",
                "0",
                "--train-limit",
                "160",
                "--test-limit",
                "100",
                "--batch-size",
                "32",
                "--runs-dir",
                dir.toString(),
                "--name",
                "tiny",
                "--no-progress");
        assertEquals(0, r.exit(), r.out() + r.err());
        Path cmp = dir.resolve("tiny");
        assertTrue(Files.isRegularFile(cmp.resolve("baseline-s0/sensitivity.json")));
        assertTrue(Files.isRegularFile(cmp.resolve("baseline-s0/plots/sensitivity.png")));
        assertTrue(
                r.out().contains("baseline-s0: computing its DCT sensitivity map")
                        && r.out().contains("baseline-s0: sensitivity map of 160 images"),
                r.out());
        assertTrue(Files.isRegularFile(cmp.resolve("jpegdl-s0/tables.json")));
        assertTrue(Files.isRegularFile(cmp.resolve("curves.png")));
        Comparison c = Json.read(cmp.resolve("compare.json"), Comparison.class);
        assertEquals(1, c.baseline().runs());
        String config = Files.readString(cmp.resolve("jpegdl-s0/config.json"));
        assertTrue(config.contains("sensitivity:" + cmp.resolve("baseline-s0")), config);
        assertTrue(r.out().contains("| baseline | 1 |"), r.out());
        // rerunning reuses the finished runs
        CliRun again = run(
                "compare",
                "--dataset",
                "synthetic",
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--seeds",
                "0",
                "--train-limit",
                "160",
                "--test-limit",
                "100",
                "--batch-size",
                "32",
                "--runs-dir",
                dir.toString(),
                "--name",
                "tiny",
                "--no-progress");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("reusing"), again.out());
        // the table regenerates from the kept summaries alone
        Files.delete(cmp.resolve("compare.json"));
        CliRun collected = run("compare", "--from", cmp.toString());
        assertEquals(0, collected.exit(), collected.err());
        assertEquals(
                c.baseline().top1Mean(),
                Json.read(cmp.resolve("compare.json"), Comparison.class)
                        .baseline()
                        .top1Mean());
    }

    @Test
    void plainTrainWorksAndSaysWhereItsTablesStart() throws Exception {
        CliRun r = run(
                "train",
                "--dataset",
                "synthetic",
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--train-limit",
                "160",
                "--test-limit",
                "100",
                "--batch-size",
                "32",
                "--runs-dir",
                dir.toString(),
                "--no-progress",
                "--no-report");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("the tables start from JPEG quality 50"), r.out());
        assertTrue(Json.MAPPER
                .readTree(dir.resolve("resnet8-jpegdl-s0/config.json").toFile())
                .get("recipe")
                .get("tableInit")
                .asText()
                .equals("quality:50"));
    }
}
