package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The suite's pieces that carry logic of their own: which attack a baseline's BPDA and surrogate attacks repeat, which
 * attacks need a third class, and a report built from grouped records.
 */
class AttackSuitePiecesTest {

    private static final AttackSettings SETTINGS = new AttackSettings(
                    List.of(1.0, 4.0), 5, 50, 2, true, 100, 50, false, 8, 0)
            .withApgd(10, true)
            .withSquare(20);

    private static List<String> keys(List<Attack> attacks) {
        return attacks.stream().map(a -> a.spec().key()).toList();
    }

    @Test
    void aBaselinesBpdaAndSurrogateAttacksRepeatThePlainAttackOfTheSameBudget() {
        List<Attack> attacks = SETTINGS.attacks(true);
        List<String> keys = keys(attacks);
        int[] repeats = BaselineRepeats.of(attacks);
        for (String bpda :
                List.of(AttackSettings.BPDA_PGD, AttackSettings.BPDA_CLAMP_PGD, AttackSettings.BPDA_SOFT_PGD)) {
            assertEquals(keys.indexOf(AttackSettings.PGD_STRONG), repeats[keys.indexOf(bpda)], bpda);
        }
        assertEquals(keys.indexOf(AttackSettings.APGD_CE), repeats[keys.indexOf(AttackSettings.APGD_CE_BPDA)]);
        assertEquals(keys.indexOf(AttackSettings.APGD_DLR), repeats[keys.indexOf(AttackSettings.APGD_DLR_BPDA)]);
        // PGD-50 with one start: no plain PGD has that budget, so the strong PGD stands for it
        assertEquals(keys.indexOf(AttackSettings.PGD_STRONG), repeats[keys.indexOf(AttackSettings.SURROGATE_TRANSFER)]);
        for (String own : List.of(
                AttackSettings.FGSM,
                AttackSettings.PGD,
                AttackSettings.PGD_STRONG,
                AttackSettings.APGD_CE,
                AttackSettings.APGD_DLR,
                AttackSettings.SQUARE,
                AttackSettings.TRANSFER)) {
            assertEquals(-1, repeats[keys.indexOf(own)], own);
        }
    }

    @Test
    void theRepeatNoteNamesTheAttackRepeatedAndMarksTheCurve() {
        AttackReport.Curve pgd = new AttackReport.Curve("pgd-strong", "PGD-50x2", "plain", 50, 2, null, List.of());
        AttackSettings.Spec bpda = SETTINGS.attacks(false).get(3).spec();
        String note = BaselineRepeats.note(bpda, pgd);
        assertTrue(note.endsWith("BPDA is the plain gradient, so this repeats PGD-50x2"), note);
        assertTrue(new AttackReport.Curve("x", "x", "plain", 1, 1, note, List.of()).repeatsPlainAttack());
    }

    @Test
    void onlyDlrNeedsAThirdClass() {
        List<String> two = new ArrayList<>();
        List<String> three = new ArrayList<>();
        for (Attack a : SETTINGS.attacks(true)) {
            if (!a.runsOn(2)) {
                two.add(a.spec().key());
            }
            if (!a.runsOn(3)) {
                three.add(a.spec().key());
            }
        }
        assertEquals(List.of(AttackSettings.APGD_DLR, AttackSettings.APGD_DLR_BPDA), two);
        assertEquals(List.of(), three);
    }

    @Test
    void everyAttackOfTheSuiteIsListedOnceWithItsOwnKey() {
        List<String> keys = keys(SETTINGS.attacks(true));
        assertEquals(keys.size(), keys.stream().distinct().count(), keys.toString());
        assertEquals(
                List.of(
                        "fgsm",
                        "pgd",
                        "pgd-strong",
                        "bpda-pgd",
                        "bpda-clamp-pgd",
                        "bpda-soft-pgd",
                        "apgd-ce",
                        "apgd-dlr",
                        "apgd-ce-bpda",
                        "apgd-dlr-bpda",
                        "square",
                        "surrogate-transfer",
                        "transfer"),
                keys);
        assertFalse(keys(SETTINGS.attacks(false)).contains(AttackSettings.TRANSFER));
    }

    @Test
    void aReportFromGroupedRecordsHoldsEachPartInItsField() {
        AttackReport.Curve worst = new AttackReport.Curve(
                "worst", "worst case", "every attack above", 0, 0, null, List.of(new AttackReport.Point(1, 0.25, 10)));
        RobustnessEvaluation.Measurement m = new RobustnessEvaluation.Measurement(
                40, 30, List.of(worst), worst, new Eot.Assessment(true, 1, "no-op"), null);
        AttackReport r = AttackReport.of(
                new AttackReport.Subject("jpegdl-s0", "runs/c/jpegdl-s0", "resnet8", "cifar10", true, 12, "SOFT"),
                SETTINGS,
                m,
                new AttackReport.Transfer("runs/c/baseline-s0", 11),
                new AttackReport.Provenance(2, 3.5, "jpegdl attack"));
        assertEquals(
                new AttackReport(
                        "jpegdl-s0",
                        "runs/c/jpegdl-s0",
                        "resnet8",
                        "cifar10",
                        true,
                        12,
                        "SOFT",
                        40,
                        0.75,
                        SETTINGS,
                        m.eot(),
                        List.of(worst),
                        worst,
                        2,
                        3.5,
                        "jpegdl attack",
                        "runs/c/baseline-s0",
                        11,
                        null),
                r);
        RobustnessEvaluation.Measurement none =
                new RobustnessEvaluation.Measurement(0, 0, List.of(), worst, null, null);
        AttackReport empty = AttackReport.of(
                new AttackReport.Subject("b", "b", "m", "d", false, 1, "none"),
                SETTINGS,
                none,
                new AttackReport.Transfer(null, 0),
                new AttackReport.Provenance(1, 0, "c"));
        assertEquals(0.0, empty.cleanTop1());
        assertNull(empty.transferFrom());
    }
}
