package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import java.util.List;
import org.jpegdl.data.Batches;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.experiment.Network;
import org.jpegdl.nd.Scalars;
import org.junit.jupiter.api.Test;

/**
 * The masking checks flag a deliberately masked model (its forward pass rounds the input hard to steps of 32 pixel
 * levels, so every gradient is exactly zero while a score-based attack still moves it), and pass the same linear
 * model without the rounding. The monotonic check alone on made-up curves.
 */
class MaskingChecksTest {

    private static final int SIZE = 8;
    private static final int IMAGES = 12;

    private static AttackSettings settings() {
        return new AttackSettings(List.of(16.0, 40.0), 3, 8, 1, true, 0, IMAGES, false, 1, 0, 8, true, 150);
    }

    /** The checks of {@code classifier} (pixels in [0,255] → logits) on images it classifies as their labels. */
    private static RobustnessEvaluation.Measurement measure(Block classifier, LinearModels lm, NDManager m) {
        // the network sees pixels: the baseline's normalisation with std 1/255 is the identity
        Network network = Network.baseline(classifier, new float[] {0}, new float[] {1 / 255f});
        NDArray x = m.create(lm.pixels, new Shape(IMAGES, 1, SIZE, SIZE));
        int[] labels = new int[IMAGES];
        try (AttackTarget t = AttackTarget.plain(network.block())) {
            NDArray predicted = t.logits(x).argMax(1);
            for (int i = 0; i < IMAGES; i++) {
                labels[i] = (int) predicted.getLong(i);
            }
        }
        byte[] bytes = new byte[lm.pixels.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Math.round(lm.pixels[i]);
        }
        ImageDataset data = new ImageDataset("linear", "test", bytes, labels, lm.classes, 1, SIZE, SIZE, null);
        Batches batches = Batches.builder()
                .setDataset(data)
                .setBatchSize(IMAGES)
                .optShuffle(false)
                .build();
        return RobustnessEvaluation.measure(network, batches, settings(), m, System.out);
    }

    @Test
    void aModelThatRoundsItsInputHardIsFlaggedAndTheSameModelWithoutRoundingIsNot() {
        try (NDManager m = NDManager.newBaseManager()) {
            LinearModels lm = LinearModels.of(3, SIZE, IMAGES, 8, 30, 5, m);
            Block rounding = LambdaBlock.singleton(
                    x -> {
                        NDArray step = Scalars.like(x, 32);
                        return x.div(step).round().mul(step);
                    },
                    "round-to-32");
            SequentialBlock masked = new SequentialBlock().add(rounding).add(lm.model);

            MaskingChecks flagged = measure(masked, lm, m).masking();
            System.out.print(flagged.toText());
            assertTrue(flagged.masked());
            assertEquals(
                    MaskingChecks.Status.FAIL,
                    flagged.check("score-based").status(),
                    flagged.check("score-based").finding());
            assertTrue(flagged.check("score-based").finding().contains("masked"));
            assertEquals(
                    MaskingChecks.Status.FAIL,
                    flagged.check("unbounded").status(),
                    flagged.check("unbounded").finding());
            // a baseline without another arm: its surrogate transfer repeats its PGD, so no transfer to check
            assertEquals(MaskingChecks.Status.NOT_RUN, flagged.check("transfer").status());

            MaskingChecks honest = measure(lm.model, lm, m).masking();
            System.out.print(honest.toText());
            assertFalse(honest.masked(), honest.toText());
            assertEquals(MaskingChecks.Status.PASS, honest.check("score-based").status());
            assertEquals(MaskingChecks.Status.PASS, honest.check("unbounded").status());
            assertEquals(MaskingChecks.Status.PASS, honest.check("monotonic").status());
        }
    }

    @Test
    void aCurveThatRisesWithEpsFailsTheMonotonicCheck() {
        AttackSettings s = settings();
        List<AttackSettings.Spec> specs =
                s.attacks(false).stream().map(Attack::spec).toList().subList(0, 2);
        List<AttackReport.Curve> curves = List.of(curve("FGSM", 80, 60), curve("PGD-3", 70, 75));
        MaskingChecks c = MaskingChecks.of(100, 90, 10, specs, curves, curve("worst case", 70, 60), null);
        MaskingChecks.Check monotonic = c.check("monotonic");
        assertEquals(MaskingChecks.Status.FAIL, monotonic.status());
        assertTrue(
                monotonic.finding().contains("PGD-3 rises from 70.00% at 16/255 to 75.00% at 40/255"),
                monotonic.finding());
        assertEquals(List.of(40.0), monotonic.failedEps());
        assertEquals(MaskingChecks.Status.NOT_RUN, c.check("unbounded").status());
        assertEquals(MaskingChecks.Status.NOT_RUN, c.check("score-based").status());
        // a rise of one image in a hundred is within the tolerance
        MaskingChecks noise = MaskingChecks.of(
                100,
                90,
                10,
                specs,
                List.of(curve("FGSM", 80, 60), curve("PGD-3", 70, 71)),
                curve("worst case", 70, 60),
                null);
        assertEquals(MaskingChecks.Status.PASS, noise.check("monotonic").status());
    }

    @Test
    void aScoreBasedAttackThatBeatsOnlyThePlainGradientPassesAndSaysThePlainGradientIsMasked() {
        List<AttackSettings.Spec> specs = settings().attacks(false).stream()
                .map(Attack::spec)
                .filter(s -> List.of(AttackSettings.PGD_STRONG, AttackSettings.BPDA_CLAMP_PGD, AttackSettings.SQUARE)
                        .contains(s.key()))
                .toList();
        assertEquals(3, specs.size());
        List<AttackReport.Curve> curves =
                List.of(curve("PGD-8", 70, 60), curve("BPDA-clamp-PGD-8", 50, 20), curve("Square-150", 51, 21));
        MaskingChecks c = MaskingChecks.of(100, 90, 10, specs, curves, curve("worst case", 50, 20), null);
        MaskingChecks.Check scoreBased = c.check("score-based");
        assertEquals(MaskingChecks.Status.PASS, scoreBased.status(), scoreBased.finding());
        assertTrue(
                scoreBased
                                .finding()
                                .contains("Square-150 beats the best attack on the network's own gradient "
                                        + "(PGD-8) by 39.00 points at 40/255")
                        && scoreBased.finding().contains("own gradient is masked"),
                scoreBased.finding());
        // without the BPDA attack the same numbers fail the check
        MaskingChecks failed = MaskingChecks.of(
                100,
                90,
                10,
                List.of(specs.get(0), specs.get(2)),
                List.of(curves.get(0), curves.get(2)),
                curve("worst case", 50, 20),
                null);
        assertEquals(MaskingChecks.Status.FAIL, failed.check("score-based").status());
        assertEquals(List.of(16.0, 40.0), failed.check("score-based").failedEps());
    }

    private static AttackReport.Curve curve(String name, int... correct) {
        return new AttackReport.Curve(
                name,
                name,
                "plain",
                1,
                1,
                null,
                List.of(
                        new AttackReport.Point(16, correct[0] / 100.0, correct[0]),
                        new AttackReport.Point(40, correct[1] / 100.0, correct[1])));
    }
}
