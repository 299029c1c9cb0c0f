package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.jpegdl.data.Batches;
import org.jpegdl.train.Evaluation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attack suite on briefly trained networks (48 test images): ε = 0 is clean, stronger attacks never do worse,
 * and BPDA sees through the soft quantiser, which hides the gradient from plain attacks.
 */
class RobustnessEvaluationTest {

    private static Fixtures.Trained jpegDl;
    private static Fixtures.Trained baseline;

    @BeforeAll
    static void train() {
        jpegDl = Fixtures.trained(true, 2);
        baseline = Fixtures.trained(false, 2);
    }

    @AfterAll
    static void close() {
        jpegDl.close();
        baseline.close();
    }

    private static Batches test(Fixtures.Trained t) {
        return Batches.builder()
                .setDataset(t.data().test())
                .setBatchSize(24)
                .optShuffle(false)
                .build();
    }

    private static AttackSettings settings(List<Double> eps, int steps, int strongSteps, int restarts) {
        return new AttackSettings(eps, steps, strongSteps, restarts, true, 0, 24, false, 1, 0);
    }

    @Test
    void epsZeroReproducesTheCleanAccuracy() {
        try (NDManager m = NDManager.newBaseManager()) {
            double clean = Evaluation.evaluate(jpegDl.network().block(), test(jpegDl), m)
                    .top1();
            RobustnessEvaluation.Measurement r = RobustnessEvaluation.measure(
                    jpegDl.network(), test(jpegDl), settings(List.of(0.0, 8.0), 2, 3, 2), m, null);
            assertEquals(48, r.images());
            assertEquals(clean, (double) r.cleanCorrect() / r.images(), 1e-12);
            assertTrue(clean > 0.6, "the fixture did not learn: top-1 " + clean);
            assertEquals(
                    List.of(
                            "fgsm",
                            "pgd",
                            "pgd-strong",
                            "bpda-pgd",
                            "bpda-clamp-pgd",
                            "bpda-soft-pgd",
                            "surrogate-transfer"),
                    r.curves().stream().map(AttackReport.Curve::key).toList());
            for (AttackReport.Curve c : r.curves()) {
                assertEquals(r.cleanCorrect(), c.points().get(0).correct(), c.name() + " at eps 0");
            }
            assertEquals(r.cleanCorrect(), r.worstCase().points().get(0).correct());
            assertTrue(
                    r.eot().deterministic() && r.eot().samples() == 1, r.eot().note());
        }
    }

    @Test
    void aStrongerAttackNeverReportsHigherAccuracy() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Double> eps = List.of(4.0, 12.0, 32.0);
            RobustnessEvaluation.Measurement r = RobustnessEvaluation.measure(
                    baseline.network(), test(baseline), settings(eps, 5, 50, 2), m, System.out);
            AttackReport.Curve fgsm = r.curves().get(0);
            AttackReport.Curve pgd5 = r.curves().get(1);
            AttackReport.Curve pgd50 = r.curves().get(2);
            assertEquals("PGD-50x2", pgd50.name());
            AttackReport.Curve bpda = r.curves().get(3);
            assertEquals(pgd50.points(), bpda.points(), "a baseline's BPDA repeats its strong PGD");
            boolean bites = false;
            for (int e = 0; e < eps.size(); e++) {
                int f = fgsm.points().get(e).correct();
                int p5 = pgd5.points().get(e).correct();
                int p50 = pgd50.points().get(e).correct();
                assertTrue(p5 <= f + 1, "eps " + eps.get(e) + ": PGD-5 " + p5 + " > FGSM " + f);
                assertTrue(p50 <= p5 + 1, "eps " + eps.get(e) + ": PGD-50 " + p50 + " > PGD-5 " + p5);
                for (AttackReport.Curve c : r.curves()) {
                    assertTrue(r.worstCase().points().get(e).correct()
                            <= c.points().get(e).correct());
                    assertTrue(c.points().get(e).correct() <= r.cleanCorrect());
                }
                if (e > 0) {
                    assertTrue(p50 <= pgd50.points().get(e - 1).correct() + 1, "PGD-50 weaker at a larger eps");
                }
                bites |= f < r.cleanCorrect() && p50 < f;
            }
            assertTrue(bites, "the attacks never separated: nothing was compared");
        }
    }

    @Test
    void bpdaSeesThroughTheSoftQuantiser() {
        try (NDManager m = NDManager.newBaseManager()) {
            RobustnessEvaluation.Measurement r = RobustnessEvaluation.measure(
                    jpegDl.network(), test(jpegDl), settings(List.of(32.0), 5, 20, 1), m, System.out);
            int fgsm = r.curves().get(0).points().get(0).correct();
            int pgd5 = r.curves().get(1).points().get(0).correct();
            int pgd = r.curves().get(2).points().get(0).correct();
            int bpda = r.curves().get(3).points().get(0).correct();
            assertTrue(pgd5 <= fgsm + 1 && pgd <= pgd5 + 1, fgsm + " " + pgd5 + " " + pgd);
            // the soft quantiser (alpha 5, quality-50 steps) is nearly flat between levels: plain gradients see
            // almost nothing, BPDA's identity backward sees the network
            assertTrue(bpda + 10 < pgd, "BPDA " + bpda + " vs plain PGD " + pgd + " of " + r.cleanCorrect());
        }
    }
}
