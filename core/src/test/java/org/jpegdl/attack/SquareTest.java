package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * The Square attack on an undefended linear model ({@link LinearModels}): at an ε that provably suffices it fools
 * every image, below the smallest sufficient ε none; it never spends more queries than its budget.
 */
class SquareTest {

    private static final int SIZE = 8;

    @Test
    void foolsEveryImageOfALinearModelAtASufficientEpsAndNoneBelowIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            LinearModels lm = LinearModels.of(2, SIZE, 12, 3, 30, 5, m);
            NDArray x = m.create(lm.pixels, new Shape(12, 1, SIZE, SIZE));
            NDArray y = m.create(lm.labels);
            try (AttackTarget target = AttackTarget.plain(lm.model)) {
                Square square = Square.of(500);
                double enough = 1.1 * lm.largestEps();
                Square.Result r = square.attack(target, x, y, enough, 3);
                assertEquals(0, Rows.count(target.correct(r.adversarial(), y)), "eps " + enough);
                double tooLittle = 0.98 * lm.smallestEps();
                r = square.attack(target, x, y, tooLittle, 3);
                assertEquals(12, Rows.count(target.correct(r.adversarial(), y)));
                for (int q : r.queries()) {
                    assertEquals(500, q, "an image it cannot fool uses the whole budget, and no more");
                }
            }
        }
    }

    @Test
    void neverSpendsMoreQueriesThanItsBudget() {
        try (NDManager m = NDManager.newBaseManager()) {
            LinearModels lm = LinearModels.of(2, SIZE, 12, 3, 30, 8, m);
            NDArray x = m.create(lm.pixels, new Shape(12, 1, SIZE, SIZE));
            NDArray y = m.create(lm.labels);
            // between the smallest and the largest eps*: some images fall early, some never
            double eps = (lm.smallestEps() + lm.largestEps()) / 2;
            for (int budget : new int[] {1, 2, 37}) {
                long[] seen = {0};
                Square.Result r;
                try (AttackTarget target = AttackTarget.plain(lm.model)) {
                    r = Square.of(budget).attack(target, x, y, eps, 11, (restart, query, adv, clean) -> {
                        assertTrue(query >= 1 && query <= budget, "query " + query + " of " + budget);
                        seen[0] += adv.getShape().get(0);
                    });
                }
                long spent = 0;
                boolean early = false;
                for (int q : r.queries()) {
                    assertTrue(q >= 1 && q <= budget, q + " queries, budget " + budget);
                    spent += q;
                    early |= q < budget;
                }
                assertEquals(spent, seen[0], "every forward pass of an image is counted");
                if (budget == 37) {
                    assertTrue(early, "no image fell before the end: the early stop went untested");
                }
            }
        }
    }
}
