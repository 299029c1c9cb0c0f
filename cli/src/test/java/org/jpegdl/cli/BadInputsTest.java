package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jpegdl.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The faults of careless use, one test each, on one tiny finished run (copied where a test damages it): every one
 * answered with one line naming the file or option, exit 2, and no run overwritten, escaped from or shortened. The
 * option ranges are in {@link OptionRangesTest}, the JSON files in {@link JsonFilesTest}, two trainings at once in
 * the core module's {@code ConcurrentTrainingTest}.
 */
class BadInputsTest {

    @TempDir
    static Path dir;

    private static Path finished;

    @BeforeAll
    static void trainTinyRun() {
        finished = RunFixtures.train(dir, "r");
    }

    /** One line on stderr, exit 2, no stack trace, naming each of {@code parts}. */
    private static CliRun assertOneLine(CliRun r, String... parts) {
        assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        for (String part : parts) {
            assertTrue(r.err().contains(part), "'" + part + "' in " + r.err());
        }
        return r;
    }

    private static Path copy(String name) {
        return RunFixtures.copy(finished, dir.resolve(name));
    }

    @Test
    void aSecondTrainingIntoALiveRunIsRefused() throws Exception {
        // item 1: the folder's owner is recorded while it trains; a live lock refuses the second
        Path live = copy("live");
        Files.delete(live.resolve("summary.json"));
        try (var lock = org.jpegdl.run.RunLock.acquire(live, "train", null)) {
            assertOneLine(CliRun.of(RunFixtures.train(dir, "live", true)), live.toString(), "in use by process");
        }
    }

    @Test
    void aNameIsOnePathComponent() throws Exception {
        // item 2
        Path outer = Files.createDirectories(dir.resolve("outer"));
        Path inner = outer.resolve("inner");
        assertOneLine(CliRun.of("train", "--runs-dir", inner.toString(), "--name", "..", "--epochs", "1"), "--name");
        assertOneLine(CliRun.of("train", "--runs-dir", inner.toString(), "--name", ".", "--epochs", "1"), "--name");
        assertOneLine(
                CliRun.of("sweep", "--runs-dir", inner.toString(), "--name", "../esc", "--space", "alpha=2,5"),
                "--name",
                "../esc");
        assertOneLine(
                CliRun.of("compare", "--runs-dir", inner.toString(), "--name", "../esc", "--epochs", "1"), "--name");
        try (var left = Files.list(outer)) {
            assertEquals(List.of(), left.toList(), "nothing written outside the runs folder");
        }
    }

    @Test
    void theReportInlinesOnlyTheRunsOwnRegularFiles() throws Exception {
        // item 3
        Path run = copy("linked");
        Path secret = Files.writeString(dir.resolve("secret.png"), "SECRET-BYTES-OF-ANOTHER-FILE");
        Files.createDirectories(run.resolve("plots"));
        Files.deleteIfExists(run.resolve("plots/examples.png"));
        Files.createSymbolicLink(run.resolve("plots/examples.png"), secret);
        CliRun r = CliRun.of("report", run.toString(), "--no-examples");
        assertEquals(0, r.exit(), r.out() + r.err());
        String html = Files.readString(run.resolve("report.html"));
        String inlined = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(secret));
        assertFalse(html.contains(inlined), "the link's target is not inlined");
        // nor are a linked JSON file's values read into the page
        Path other = Files.copy(run.resolve("summary.json"), dir.resolve("other-summary.json"));
        Files.delete(run.resolve("summary.json"));
        Files.createSymbolicLink(run.resolve("summary.json"), other);
        assertOneLine(
                CliRun.of("report", run.toString(), "--no-examples"),
                run.resolve("summary.json").toString(),
                "symbolic link");
    }

    @Test
    void resumeRefusesMetricsThatDoNotReachTheCheckpoint() throws Exception {
        // item 4
        Path run = copy("short");
        Files.writeString(run.resolve("metrics.jsonl"), "");
        assertOneLine(
                CliRun.of(RunFixtures.train(dir, "short", true)),
                run.resolve("metrics.jsonl").toString(),
                "epoch 1",
                "missing");
        assertEquals("", Files.readString(run.resolve("metrics.jsonl")), "nothing rewritten");
    }

    @Test
    void resumeRemovesWhatAKilledCheckpointLeft() throws Exception {
        // item 5
        Path run = copy("killed");
        Path tmp = Files.writeString(run.resolve("checkpoints/.latest123456.tmp"), "epoch-0001\n");
        Path half = Files.createDirectories(run.resolve("checkpoints/.tmp-epoch-0002"));
        CliRun r = CliRun.of(RunFixtures.train(dir, "killed", true));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertFalse(Files.exists(tmp), r.out());
        assertFalse(Files.exists(half), r.out());
        assertTrue(r.out().contains("removed " + tmp), r.out());
        assertEquals(1, new RunDirectory(run).readMetrics().size());
    }

    @Test
    void aLatestFileHoldingAPathIsNamed() throws Exception {
        // item 10
        Path run = copy("latest");
        Files.writeString(run.resolve("checkpoints/latest"), "el/r1/s1/checkpoints/epoch-0001\n");
        assertOneLine(
                CliRun.of("eval", "--run", run.toString()),
                run.resolve("checkpoints/latest").toString(),
                "not the name of a checkpoint");
    }

    @Test
    void permissionDeniedIsSaidWithTheFile() {
        // item 11: the handler every verb's errors go through (as root, which these tests may run as, chmod denies
        // nothing, so the refusal is handed to it as the file system gives it)
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        Path params = finished.resolve("checkpoints/epoch-0001/model.params");
        assertEquals(Main.EXIT_USAGE, Main.handle(new AccessDeniedException(params.toString()), cli, null));
        assertEquals("error: permission denied: " + params, err.toString().strip());
        StringWriter written = new StringWriter();
        cli.setErr(new PrintWriter(written, true));
        Main.handle(new IOException("cannot write x", new AccessDeniedException("x")), cli, null);
        assertEquals(
                Main.EXIT_USAGE,
                Main.handle(new java.io.UncheckedIOException(new AccessDeniedException(dir.toString())), cli, null));
        assertTrue(written.toString().contains("error: permission denied: " + dir), written.toString());
    }

    @Test
    void aFileWhereAFolderIsNeededIsSaid() throws Exception {
        // item 12
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path png = dir.resolve("one.png");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        assertOneLine(
                CliRun.of("predict", "--run", finished.toString(), "--layer-output", file.toString(), png.toString()),
                "--layer-output " + file,
                "folder");
        assertOneLine(
                CliRun.of("compress", "--run", finished.toString(), "--out", file.toString()),
                "--out " + file,
                "folder");
        assertEquals("x", Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void repeatedSeedsAreRefused() throws Exception {
        // item 14
        assertOneLine(
                CliRun.of(
                        "compare",
                        "--dataset",
                        "synthetic",
                        "--model",
                        "resnet8",
                        "--epochs",
                        "1",
                        "--seeds",
                        "0,0",
                        "--runs-dir",
                        dir.toString(),
                        "--name",
                        "twice"),
                "--seeds [0, 0]",
                "repeats");
        assertFalse(Files.exists(dir.resolve("twice")), "nothing trained");
    }

    @Test
    void aOneClassTreeIsRefused() throws Exception {
        // item 16
        Path tree = Files.createDirectories(dir.resolve("one-class/cat"));
        for (int i = 0; i < 4; i++) {
            ImageIO.write(
                    new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB),
                    "png",
                    tree.resolve(i + ".png").toFile());
        }
        assertOneLine(
                CliRun.of(
                        "train",
                        "--dataset",
                        "imagefolder",
                        "--data",
                        tree.getParent().toString(),
                        "--test-fraction",
                        "0.25",
                        "--image-size",
                        "16",
                        "--model",
                        "resnet8",
                        "--epochs",
                        "1",
                        "--runs-dir",
                        dir.toString(),
                        "--name",
                        "one",
                        "--no-progress"),
                "one class folder (cat)",
                "two classes");
        assertFalse(Files.exists(dir.resolve("one")), "no run folder left");
    }

    @Test
    void optionsForOtherDataSetsAreRefused() {
        // item 17
        assertOneLine(
                CliRun.of(
                        "train",
                        "--dataset",
                        "synthetic",
                        "--image-size",
                        "64",
                        "--epochs",
                        "1",
                        "--runs-dir",
                        dir.toString(),
                        "--name",
                        "sized"),
                "--image-size applies to photo data sets");
        assertOneLine(
                CliRun.of(
                        "train",
                        "--dataset",
                        "synthetic",
                        "--test-fraction",
                        "0.2",
                        "--epochs",
                        "1",
                        "--runs-dir",
                        dir.toString(),
                        "--name",
                        "split"),
                "--test-fraction",
                "imagefolder");
        assertFalse(Files.exists(dir.resolve("sized")) || Files.exists(dir.resolve("split")));
    }

    @Test
    void anAttackWithNewSettingsKeepsTheOneItReplaces() throws Exception {
        // item 18
        Path run = copy("attacked");
        String[] quick = {
            "attack",
            "--run",
            run.toString(),
            "--limit",
            "8",
            "--eps",
            "1",
            "--steps",
            "1",
            "--no-strong",
            "--apgd-steps",
            "0",
            "--square-queries",
            "0",
            "--no-transfer",
            "--attack-batch-size",
            "8"
        };
        CliRun first = CliRun.of(quick);
        assertEquals(0, first.exit(), first.out() + first.err());
        String earlier = Files.readString(run.resolve("attack.json"));
        String[] other = quick.clone();
        other[6] = "2";
        CliRun second = CliRun.of(other);
        assertEquals(0, second.exit(), second.out() + second.err());
        assertEquals(earlier, Files.readString(run.resolve("attack-previous.json")));
        assertTrue(second.out().contains("kept as " + run.resolve("attack-previous.json")), second.out());
        assertFalse(earlier.equals(Files.readString(run.resolve("attack.json"))));
    }
}
