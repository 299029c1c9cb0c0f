package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.codec.CodecTables;
import org.jpegdl.codec.RateAccuracy;
import org.jpegdl.codec.RateSweep;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Rate-aware tables from the command line: {@code learn-tables} on a trained classifier (tables, real files, the
 * saving, qtables.txt, the report's section), {@code rate} over a λ sweep, {@code train --lambda}, the frozen step in
 * {@code bench}, and the refusals: λ negative or not a number, a classifier run without a checkpoint.
 */
class RateAwareCommandsTest {

    @TempDir
    static Path dir;

    private static Path source;
    private static Path runs;

    private static final String[] TINY = {
        "--epochs",
        "1",
        "--train-limit",
        "160",
        "--test-limit",
        "60",
        "--batch-size",
        "32",
        "--table-lr",
        "2",
        "--table-lr-rule",
        "fixed",
        "--no-progress",
        "--threads",
        "2"
    };

    private static CliRun run(String... args) {
        String[] all = new String[args.length + TINY.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(TINY, 0, all, args.length, TINY.length);
        all[all.length - 2] = "--runs-dir";
        all[all.length - 1] = runs.toString();
        return CliRun.of(all);
    }

    @BeforeAll
    static void trainClassifier() {
        runs = dir.resolve("runs");
        source = dir.resolve("classifier/baseline-s0");
        CliRun r = CliRun.of(
                "train",
                "--baseline",
                "--dataset",
                "synthetic",
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--train-limit",
                "160",
                "--test-limit",
                "60",
                "--batch-size",
                "32",
                "--no-progress",
                "--no-report",
                "--name",
                "baseline-s0",
                "--runs-dir",
                dir.resolve("classifier").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    private static void assertOneLine(CliRun r, String... parts) {
        assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        for (String part : parts) {
            assertTrue(r.err().contains(part), "'" + part + "' in: " + r.err());
        }
    }

    @Test
    void tablesForFilesTakeBaselineJpegsIndexRangeUnlessBitsAreGiven() {
        assertEquals(11, trainConfig("--lambda", "0.1").recipe().bits());
        assertEquals(9, trainConfig("--lambda", "0.1", "--bits", "9").recipe().bits(), "--bits given: kept");
        assertEquals(8, trainConfig().recipe().bits(), "JPEG-DL without a rate term: the preset's");
    }

    private static RunConfig trainConfig(String... args) {
        TrainCommand train = new TrainCommand();
        List<String> all = new ArrayList<>(List.of("--dataset", "synthetic", "--model", "resnet8"));
        all.addAll(List.of(args));
        new CommandLine(train).parseArgs(all.toArray(String[]::new));
        return train.config();
    }

    @Test
    void learnTablesGivesTablesFilesTheSavingAndAPage() throws IOException {
        CliRun r = run("learn-tables", "--classifier", source.toString(), "--lambda", "0.5", "--name", "t05");
        assertEquals(0, r.exit(), r.out() + r.err());
        RunDirectory tables = new RunDirectory(runs.resolve("t05"));
        RunConfig config = tables.readConfig();
        assertTrue(config.frozenClassifier());
        assertEquals(0.5, config.rateLambda());
        assertEquals("resnet8", config.model(), "model and data set from the classifier's run");
        assertEquals("synthetic", config.dataset());
        assertEquals(11, config.recipe().bits(), "file tables: baseline JPEG's index range unless --bits is given");
        assertEquals(CodecTables.learned(tables, null), CodecTables.readCjpegText(tables.qtables()));
        RateAccuracy.Curve curve = Json.read(tables.rateCurve(), RateAccuracy.Curve.class);
        assertEquals(RateAccuracy.QUALITIES.size(), curve.standard().size());
        assertEquals(RateAccuracy.QUALITIES.size(), curve.standard420().size(), "colour: the 4:2:0 ladder too");
        assertNotNull(curve.saved());
        assertNotNull(curve.learned().estimatedBitsPerPixel());
        assertTrue(r.out().contains("bits saved at equal top-1"), r.out());
        Document page = Jsoup.parse(tables.report().toFile());
        assertFalse(page.select("#rate").isEmpty(), "the report has the rate section");
        assertTrue(page.select("#rate").text().contains("bits saved"));

        CliRun second =
                run("learn-tables", "--classifier", source.toString(), "--lambda", "5", "--name", "t5", "--no-report");
        assertEquals(0, second.exit(), second.out() + second.err());
        CliRun sweep = CliRun.of(
                "rate",
                "--run",
                runs.resolve("t05").toString(),
                "--run",
                runs.resolve("t5").toString(),
                "--test-limit",
                "20",
                "--out",
                dir.resolve("sweep").toString());
        assertEquals(0, sweep.exit(), sweep.out() + sweep.err());
        RateSweep s = Json.read(dir.resolve("sweep").resolve(RateSweep.FILE), RateSweep.class);
        assertTrue(s.sharedClassifier(), "one frozen classifier: one ladder");
        assertEquals(2, s.learned().size());
        assertEquals(2, s.saved().points().size());
        assertTrue(Files.size(dir.resolve("sweep").resolve(RateSweep.FIGURE)) > 1000);
        assertTrue(
                s.learned().get(1).bitsPerPixel() < s.learned().get(0).bitsPerPixel(),
                "the larger lambda gives the smaller files");
    }

    @Test
    void lambdaNegativeOrNotANumberIsOneLineNamingTheOption() {
        for (String bad : new String[] {"-1", "NaN", "Infinity"}) {
            assertOneLine(
                    run("train", "--dataset", "synthetic", "--model", "resnet8", "--lambda", bad, "--name", "bad"),
                    "--lambda",
                    bad.equals("-1") ? "-1" : bad);
            assertOneLine(run("learn-tables", "--classifier", source.toString(), "--lambda", bad), "--lambda");
        }
        assertFalse(Files.exists(runs.resolve("bad")), "nothing written");
    }

    @Test
    void aClassifierRunWithoutACheckpointIsOneLineNamingIt() throws IOException {
        Path empty = dir.resolve("unfinished");
        Files.createDirectories(empty);
        Files.copy(source.resolve("config.json"), empty.resolve("config.json"));
        assertOneLine(
                run("learn-tables", "--classifier", empty.toString(), "--lambda", "1"),
                "--classifier",
                empty.toString(),
                "checkpoint");
        assertOneLine(
                run(
                        "train",
                        "--dataset",
                        "synthetic",
                        "--model",
                        "resnet8",
                        "--init-from",
                        empty.toString(),
                        "--freeze-classifier",
                        "--lambda",
                        "1",
                        "--name",
                        "frozen-bad"),
                "--init-from",
                empty.toString(),
                "checkpoint");
        assertOneLine(
                run(
                        "train",
                        "--dataset",
                        "synthetic",
                        "--model",
                        "resnet8",
                        "--freeze-classifier",
                        "--name",
                        "frozen-bad"),
                "--freeze-classifier",
                "--init-from");
        assertFalse(Files.exists(runs.resolve("frozen-bad")));
    }

    @Test
    void jointTrainingWithALambdaRecordsItAndTheFrozenStepIsBenchmarked() throws IOException {
        CliRun r = run(
                "train",
                "--dataset",
                "synthetic",
                "--model",
                "resnet8",
                "--lambda",
                "0.2",
                "--name",
                "joint",
                "--no-report");
        assertEquals(0, r.exit(), r.out() + r.err());
        RunConfig config = new RunDirectory(runs.resolve("joint")).readConfig();
        assertEquals(0.2, config.rateLambda());
        assertFalse(config.frozenClassifier());
        assertTrue(r.out().contains("rate term: estimated"), r.out());

        CliRun bench = CliRun.of(
                "bench",
                "--profile",
                "frozen",
                "--model",
                "resnet8",
                "--batch",
                "4",
                "--size",
                "16",
                "--rounds",
                "1",
                "--steps",
                "1",
                "--classes",
                "10",
                "--threads",
                "1");
        assertEquals(0, bench.exit(), bench.out() + bench.err());
        assertTrue(bench.out().contains("frozen / full step time"), bench.out());
    }
}
