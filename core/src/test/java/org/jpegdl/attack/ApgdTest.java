package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * APGD on an undefended linear model ({@link LinearModels}): at an ε that provably suffices for every image it fools
 * every image, with either loss; below the smallest sufficient ε it fools none (which also shows it stays in the
 * ball). With two classes the sign of the cross-entropy's gradient is sign(w_other − w_y) everywhere, the direction of
 * the optimal vertex, so 2% above the bound is enough. The checkpoints are AutoAttack's.
 */
class ApgdTest {

    private static final int SIZE = 8;

    @Test
    void checkpointsAreAutoAttacks() {
        assertEquals(
                List.of(22, 41, 57, 70, 80, 87, 93, 99),
                Apgd.of(100, AttackLoss.CROSS_ENTROPY).checkpoints());
        assertEquals(
                List.of(2, 3, 4, 5, 6, 7, 8, 9, 10), Apgd.of(10, AttackLoss.DLR).checkpoints());
    }

    @Test
    void crossEntropyFoolsEveryImageOfATwoClassLinearModelJustAboveTheClosedFormEps() {
        check(2, AttackLoss.CROSS_ENTROPY, 1.02, 20);
    }

    /**
     * With more classes ε* still suffices (the vertex towards the nearest class), but the gradient's sign no longer
     * points at that vertex exactly, so the attack gets 10% more than the bound.
     */
    @Test
    void bothLossesFoolEveryImageOfAFourClassLinearModelAtTheClosedFormEpsPlusTenPercent() {
        check(4, AttackLoss.DLR, 1.1, 50);
        check(4, AttackLoss.CROSS_ENTROPY, 1.1, 50);
    }

    private static void check(int classes, AttackLoss loss, double factor, int steps) {
        try (NDManager m = NDManager.newBaseManager()) {
            LinearModels lm = LinearModels.of(classes, SIZE, 12, 3, 30, 5, m);
            NDArray x = m.create(lm.pixels, new Shape(12, 1, SIZE, SIZE));
            NDArray y = m.create(lm.labels);
            try (AttackTarget target = AttackTarget.plain(lm.model)) {
                assertEquals(12, Rows.count(target.correct(x, y)), "labels are the model's predictions");
                Apgd apgd = Apgd.of(steps, loss);
                double enough = factor * lm.largestEps();
                boolean[] survives = target.correct(apgd.attack(target, x, y, enough, 3), y);
                assertEquals(
                        0,
                        Rows.count(survives),
                        loss + " at eps " + enough + " (largest eps* " + lm.largestEps() + ")");
                double tooLittle = 0.98 * lm.smallestEps();
                survives = target.correct(apgd.attack(target, x, y, tooLittle, 3), y);
                assertEquals(12, Rows.count(survives), loss + " below the smallest eps* " + lm.smallestEps());
            }
        }
    }
}
