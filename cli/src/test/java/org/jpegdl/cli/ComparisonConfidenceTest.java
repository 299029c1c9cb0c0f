package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jpegdl.experiment.Comparison;
import org.jpegdl.run.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A comparison over two seeds: the paired difference with its interval in compare.md and on the page, whether the
 * tables learned in one sentence, the travel curve; the same comparison cut to one seed says it has no interval.
 */
class ComparisonConfidenceTest {

    @TempDir
    Path dir;

    @Test
    void twoSeedsGiveAnIntervalAndOneSeedSaysItHasNone() throws Exception {
        CliRun r = CliRun.of(
                "compare",
                "--dataset",
                "synthetic",
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--seeds",
                "0,1",
                "--train-limit",
                "96",
                "--test-limit",
                "64",
                "--batch-size",
                "32",
                "--init",
                "quality:50",
                "--runs-dir",
                dir.toString(),
                "--name",
                "two",
                "--no-progress");
        assertEquals(0, r.exit(), r.out() + r.err());
        Path cmp = dir.resolve("two");
        Comparison c = Json.read(cmp.resolve("compare.json"), Comparison.class);
        assertEquals(2, c.paired().differences().size());
        assertTrue(c.paired().hasInterval());
        assertEquals(
                c.jpegDl().top1PerSeed().get(1) - c.baseline().top1PerSeed().get(1),
                c.paired().differences().get(1),
                1e-12);
        assertTrue(
                r.out().contains("paired difference JPEG-DL − baseline")
                        && r.out().contains("95% interval")
                        && r.out().contains("Student's t over 2 seeds"),
                r.out());
        String page = Files.readString(cmp.resolve("report.html"));
        assertTrue(page.contains("95% interval"), "the comparison page shows the interval");
        assertTrue(page.contains("id=\"travel\"") && page.contains("Table travel"), "the travel curve");
        assertTrue(
                page.matches("(?s).*The tables (learned|did not learn|moved only a little).*"),
                "one sentence on whether the tables learned");

        Path one = dir.resolve("one");
        Files.createDirectories(one);
        for (String run : new String[] {"baseline-s0", "jpegdl-s0"}) {
            copy(cmp.resolve(run), one.resolve(run));
        }
        CliRun single = CliRun.of("compare", "--from", one.toString());
        assertEquals(0, single.exit(), single.err());
        assertTrue(single.out().contains("one seed gives no confidence interval"), single.out());
        assertFalse(single.out().contains("NaN"), single.out());
    }

    private static void copy(Path from, Path to) throws Exception {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(from)) {
            all = walk.toList();
        }
        for (Path p : all) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
    }
}
