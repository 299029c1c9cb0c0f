package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.run.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The robustness table's statistics over seeds and the eps syntax, without attacking anything. */
class RobustnessTableTest {

    @TempDir
    Path dir;

    private static final AttackSettings SETTINGS =
            new AttackSettings(List.of(1.0, 4.0), 5, 50, 2, true, 100, 50, false, 8, 0);

    /** A report whose curves at eps index e hold top1[e] for every attack (the worst case 0.1 lower). */
    private static AttackReport report(String run, boolean jpeg, double clean, double... top1) {
        List<AttackReport.Curve> curves = new ArrayList<>();
        for (Attack a : SETTINGS.attacks(false)) {
            AttackSettings.Spec s = a.spec();
            curves.add(new AttackReport.Curve(
                    s.key(),
                    s.name(),
                    "plain",
                    s.steps(),
                    s.restarts(),
                    null,
                    List.of(new AttackReport.Point(1, top1[0], 0), new AttackReport.Point(4, top1[1], 0))));
        }
        AttackReport.Curve worst = new AttackReport.Curve(
                "worst",
                "worst case",
                "all",
                0,
                0,
                null,
                List.of(new AttackReport.Point(1, top1[0] - 0.1, 0), new AttackReport.Point(4, top1[1] - 0.1, 0)));
        return new AttackReport(
                run,
                run,
                "resnet20",
                "cifar100",
                jpeg,
                240,
                jpeg ? "SOFT" : "none",
                100,
                clean,
                SETTINGS,
                new Eot.Assessment(true, 1, "no-op"),
                curves,
                worst,
                2,
                1,
                "test",
                null,
                0,
                null);
    }

    @Test
    void cellsAreMeanAndSampleStdOverSeedsAndTheDifferenceOfMeans() throws Exception {
        RobustnessTable t = RobustnessTable.of(
                List.of(report("baseline-s0", false, 0.70, 0.30, 0.10), report("baseline-s1", false, 0.72, 0.34, 0.14)),
                List.of(report("jpegdl-s0", true, 0.71, 0.40, 0.20), report("jpegdl-s1", true, 0.73, 0.44, 0.22)),
                List.of(0L, 1L),
                "cmd");
        assertEquals(
                List.of(
                        "clean",
                        "FGSM",
                        "PGD-5",
                        "PGD-50x2",
                        "BPDA-PGD-50x2",
                        "BPDA-clamp-PGD-50x2",
                        "BPDA-soft-PGD-50x2",
                        "surrogate-transfer-PGD-50",
                        "worst case"),
                t.columns());
        assertEquals(6, t.rows().size());
        RobustnessTable.Row base = t.rows().get(0);
        assertEquals("baseline", base.arm());
        assertEquals(0.71, base.cells().get(0).mean(), 1e-12);
        assertEquals(Math.sqrt(2 * 0.01 * 0.01), base.cells().get(0).std(), 1e-12);
        assertEquals(0.32, base.cells().get(1).mean(), 1e-12);
        assertEquals(0.22, base.cells().get(8).mean(), 1e-12, "worst case");
        RobustnessTable.Row difference = t.rows().get(2);
        assertEquals("difference", difference.arm());
        assertEquals(0.42 - 0.32, difference.cells().get(1).mean(), 1e-12);
        assertEquals(4.0, t.rows().get(3).epsPixels());
        String md = t.toMarkdown();
        assertTrue(md.contains("| 1/255 | baseline | 71.00 ± 1.41 | 32.00 ± 2.83 |"), md);
        assertTrue(md.contains("| 1/255 | difference | +1.00 | +10.00 |"), md);
        Json.write(dir.resolve("t.json"), t);
        assertEquals(t, Json.read(dir.resolve("t.json"), RobustnessTable.class), "JSON round trip");

        RobustnessTable one = RobustnessTable.of(
                List.of(report("baseline-s0", false, 0.70, 0.30, 0.10)),
                List.of(report("jpegdl-s0", true, 0.71, 0.40, 0.20)),
                List.of(0L),
                "cmd");
        String oneMd = one.toMarkdown();
        assertTrue(oneMd.contains("| 1/255 | baseline | 70.00 | 30.00 |"), oneMd);
        assertFalse(oneMd.contains("±"), "one seed has no spread: " + oneMd);
    }

    /** An attack.json as written before APGD, Square, transfer and the masking checks existed. */
    private static final String OLD_REPORT = """
            {"run": "jpegdl-s0", "runDirectory": "runs/c/jpegdl-s0", "model": "resnet20", "dataset": "fashion-mnist",
             "jpeg": true, "epoch": 2, "quantization": "SOFT", "images": 100, "cleanTop1": 0.78,
             "settings": {"epsPixels": [1.0, 8.0], "steps": 5, "strongSteps": 20, "restarts": 1, "strong": true,
                          "limit": 100, "batchSize": 100, "hard": false, "eotSamples": 8, "seed": 0},
             "eot": {"deterministic": true, "samples": 1, "note": "no-op"},
             "curves": [{"key": "bpda-pgd", "name": "BPDA-PGD-20", "gradient": "BPDA (identity surrogate)",
                         "steps": 20, "restarts": 1, "note": null,
                         "points": [{"epsPixels": 1.0, "top1": 0.75, "correct": 75},
                                    {"epsPixels": 8.0, "top1": 0.2, "correct": 20}]}],
             "worstCase": {"key": "worst", "name": "worst case", "gradient": "every attack above", "steps": 0,
                           "restarts": 0, "note": null,
                           "points": [{"epsPixels": 1.0, "top1": 0.75, "correct": 75},
                                      {"epsPixels": 8.0, "top1": 0.19, "correct": 19}]},
             "threads": 2, "wallSeconds": 30.0, "command": "attack"}
            """;

    @Test
    void reportsWrittenBeforeTheNewAttacksStillRead() throws Exception {
        Path file = Files.writeString(dir.resolve("attack.json"), OLD_REPORT);
        AttackReport old = Json.read(file, AttackReport.class);
        assertEquals(new AttackSettings(List.of(1.0, 8.0), 5, 20, 1, true, 100, 100, false, 8, 0), old.settings());
        assertEquals(0, old.settings().apgdSteps());
        assertEquals(null, old.masking());
        assertEquals(null, old.curves().get(0).seconds());
        assertEquals(null, old.transferFrom());
        Json.write(dir.resolve("again.json"), old);
        assertEquals(old, Json.read(dir.resolve("again.json"), AttackReport.class), "JSON round trip");
    }

    @Test
    void reportsOfDifferentSettingsAreNotMixed() {
        AttackReport other = new AttackReport(
                "x",
                "x",
                "resnet20",
                "cifar100",
                true,
                240,
                "SOFT",
                50,
                0.7,
                SETTINGS,
                null,
                report("j", true, 0.7, 0.3, 0.1).curves(),
                report("j", true, 0.7, 0.3, 0.1).worstCase(),
                2,
                1,
                "t",
                null,
                0,
                null);
        assertThrows(
                IllegalArgumentException.class,
                () -> RobustnessTable.of(
                        List.of(report("b", false, 0.7, 0.3, 0.1)), List.of(other), List.of(0L), "cmd"));
    }

    @Test
    void epsAreReadAsPixelLevelsOf255() {
        List<Double> paper = AttackSettings.parseEps(AttackSettings.PAPER_EPS);
        assertEquals(10, paper.size());
        assertEquals(1.0, paper.get(0), 1e-12);
        assertEquals(4.0 / 3, paper.get(1), 1e-12);
        assertEquals(4.0, paper.get(9), 1e-12);
        assertEquals(List.of(1.0, 2.0, 8.0), AttackSettings.parseEps("1/255, 2,8/255"));
        assertEquals("1.33/255", AttackSettings.format(4.0 / 3));
        assertEquals("2/255", AttackSettings.format(2));
        assertThrows(IllegalArgumentException.class, () -> AttackSettings.parseEps("one"));
        assertThrows(IllegalArgumentException.class, () -> AttackSettings.parseEps("1:4:0"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new AttackSettings(List.of(2.0, 1.0), 5, 50, 2, true, 0, 10, false, 1, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new AttackSettings(List.of(-1.0), 5, 50, 2, true, 0, 10, false, 1, 0));
    }
}
