package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.jpegdl.attack.AttackReport;
import org.jpegdl.attack.AttackSettings;
import org.jpegdl.attack.RobustnessTable;
import org.jpegdl.explain.CamExplanations;
import org.jpegdl.run.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** attack, cam and compare --attacks as a user calls them, on a tiny one-epoch comparison. */
class AttackCommandsTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static final String[] ATTACK = {
        "--limit",
        "10",
        "--eps",
        "0,2/255,8",
        "--steps",
        "2",
        "--strong-steps",
        "3",
        "--restarts",
        "2",
        "--attack-batch-size",
        "6",
        "--apgd-steps",
        "3",
        "--square-queries",
        "20"
    };

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void defaultOptionsAreThePapersSettings() {
        AttackCommand command = new AttackCommand();
        new CommandLine(command).parseArgs("--run", "r");
        assertEquals(AttackSettings.defaults(), command.attack.settings());
        assertEquals(10, command.attack.settings().epsPixels().size());
        assertEquals(4.0, command.attack.settings().epsPixels().get(9), 1e-12);
    }

    @Test
    void compareAttacksEveryRunAndCamExplainsBoth() throws Exception {
        CliRun trained = run(
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
                "60",
                "--test-limit",
                "20",
                "--batch-size",
                "20",
                "--init",
                "quality:50",
                "--runs-dir",
                dir.toString(),
                "--name",
                "c",
                "--no-progress");
        assertEquals(0, trained.exit(), trained.out() + trained.err());
        Path cmp = dir.resolve("c");
        Path baseline = cmp.resolve("baseline-s0");
        Path jpegDl = cmp.resolve("jpegdl-s0");

        CliRun attacked = run(concat(new String[] {"compare", "--from", cmp.toString(), "--attacks"}, ATTACK));
        assertEquals(0, attacked.exit(), attacked.out() + attacked.err());
        RobustnessTable table = Json.read(cmp.resolve("robustness.json"), RobustnessTable.class);
        assertEquals(
                List.of(
                        "clean",
                        "FGSM",
                        "PGD-2",
                        "PGD-3x2",
                        "BPDA-PGD-3x2",
                        "BPDA-clamp-PGD-3x2",
                        "BPDA-soft-PGD-3x2",
                        "APGD-CE-3",
                        "APGD-DLR-3",
                        "BPDA-clamp-APGD-CE-3",
                        "BPDA-clamp-APGD-DLR-3",
                        "Square-20",
                        "surrogate-transfer-PGD-3",
                        "transfer-PGD-3",
                        "worst case"),
                table.columns());
        assertEquals(2, table.masking().size(), "the masking checks of both runs");
        assertEquals(9, table.rows().size(), "baseline, JPEG-DL and difference per eps");
        String md = Files.readString(cmp.resolve("robustness.md"));
        assertTrue(md.contains("| 2/255 | JPEG-DL |") && md.contains("BPDA-PGD-3x2"), md);
        assertTrue(md.contains("Masking checks") && md.contains("an unbounded attack (eps = 255) drives accuracy"), md);
        assertTrue(Files.isRegularFile(cmp.resolve("robustness.png")));
        AttackReport report = Json.read(jpegDl.resolve("attack.json"), AttackReport.class);
        assertEquals(10, report.images());
        assertEquals("SOFT", report.quantization());
        assertTrue(report.eot().deterministic(), report.eot().note());
        assertEquals(report.cleanTop1(), report.curves().get(0).points().get(0).top1(), 1e-12, "eps 0 is clean");
        assertTrue(Files.isRegularFile(jpegDl.resolve("plots/attack.png")));
        AttackReport base = Json.read(baseline.resolve("attack.json"), AttackReport.class);
        assertEquals("none", base.quantization());
        assertTrue(
                base.curveFor("bpda-pgd").note().contains("repeats"),
                base.curveFor("bpda-pgd").note());
        assertTrue(base.curveFor("bpda-clamp-pgd").repeatsPlainAttack());
        assertEquals(jpegDl.toString(), base.transferFrom(), "the baseline's transfer images come from JPEG-DL");
        assertEquals(baseline.toString(), report.transferFrom());
        assertTrue(
                report.curveFor("transfer").gradient().contains("baseline"),
                report.curveFor("transfer").gradient());
        assertTrue(report.masking() != null && report.masking().checks().size() == 4);

        // the same settings again: both reports are reused, and the two-run plot is drawn
        CliRun again =
                run(concat(new String[] {"attack", "--run", baseline.toString(), "--run", jpegDl.toString()}, ATTACK));
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("reusing"), again.out());
        assertTrue(again.out().contains("BPDA-PGD-3x2") && again.out().contains("masking checks"), again.out());
        assertTrue(Files.isRegularFile(baseline.resolve("plots/attack-vs-jpegdl-s0.png")));

        CliRun layers = run("cam", "--run", jpegDl.toString(), "--list-layers");
        assertEquals(0, layers.exit(), layers.err());
        assertTrue(layers.out().contains("* 01network/06ParallelBlock"), layers.out());
        CliRun cam = run("cam", "--run", baseline.toString(), "--run", jpegDl.toString(), "--images", "3");
        assertEquals(0, cam.exit(), cam.out() + cam.err());
        Path png = baseline.resolve("plots/gradcam-vs-jpegdl-s0.png");
        assertTrue(Files.isRegularFile(png), cam.out());
        CamExplanations.Summary summary =
                Json.read(baseline.resolve("plots/gradcam-vs-jpegdl-s0.json"), CamExplanations.Summary.class);
        assertEquals(3, summary.images().size());
        assertEquals(2, summary.images().get(0).predicted().size());
        assertEquals(
                List.of(0, 1, 2),
                summary.images().stream().map(CamExplanations.Image::label).toList(),
                "one image of every class first");
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 7 * 32 && image.getHeight() > 3 * 32, image.getWidth() + "x" + image.getHeight());

        CliRun reported = run("report", cmp.toString(), "--no-examples");
        assertEquals(0, reported.exit(), reported.out() + reported.err());
        org.jsoup.nodes.Document page =
                org.jsoup.Jsoup.parse(cmp.resolve("report.html").toFile(), "UTF-8");
        assertEquals(9, page.select("#robustness tr:has(td)").size(), "the robustness table, row for row");
        assertEquals("masking", page.select("#robustness th").last().text());
        assertEquals(
                2,
                page.select("#robustness ul.checks > li").size(),
                page.select("#robustness").text());
        assertEquals(
                table.rows().get(0).cells().get(0).mean(),
                Double.parseDouble(
                        page.select("#robustness td[data-value]").first().attr("data-value")));
        assertEquals(
                1, page.select("#gradcam img").size(), page.select("#gradcam").text());

        CliRun badLayer = run("cam", "--run", jpegDl.toString(), "--layer", "nothing-here");
        assertEquals(Main.EXIT_USAGE, badLayer.exit());
        assertTrue(badLayer.err().contains("ParallelBlock"), "lists the layers: " + badLayer.err());
        CliRun self = run("attack", "--run", jpegDl.toString(), "--transfer-from", jpegDl.toString());
        assertEquals(Main.EXIT_USAGE, self.exit());
        assertTrue(self.err().contains("is the run attacked"), self.err());
        assertFalse(self.err().contains("\tat "), self.err());
        CliRun noRun = run("attack", "--run", dir.resolve("missing").toString());
        assertEquals(Main.EXIT_USAGE, noRun.exit());
        assertFalse(noRun.err().contains("\tat "), noRun.err());
        assertTrue(noRun.err().contains(dir.resolve("missing") + ": no such run directory"), noRun.err());
    }
}
