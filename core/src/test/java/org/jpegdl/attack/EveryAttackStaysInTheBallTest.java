package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.jpeg.JpegLayer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every attack of the suite, through every gradient it can follow, keeps every pixel of every image it returns (and of
 * every iterate or query it tries) inside the ε-ball around the clean image and inside [0,255], on images with many
 * pixels at the ends of the range, where the ball leaves it.
 */
class EveryAttackStaysInTheBallTest extends Fixtures.Scene {

    private static final int N = 4;
    private static final int SIZE = 8;
    private static final double EPS = 6;

    @BeforeEach
    void build() {
        scene(
                JpegLayer.builder().optBits(6).build(),
                3,
                SIZE,
                3,
                0.05,
                3,
                Fixtures.edgePixels(N * 3 * SIZE * SIZE, 1),
                new float[] {0, 1, 2, 0});
    }

    /**
     * The targets every gradient attack is run through: the plain gradient, the three BPDA surrogates, the surrogate
     * network, and another network (a transfer attack makes its images there).
     */
    private List<Function<NDManager, AttackTarget>> targets() {
        List<Function<NDManager, AttackTarget>> out = new ArrayList<>();
        out.add(mm -> AttackTarget.plain(JpegDlModel.of(layer, classifier)));
        out.add(mm -> AttackTarget.bpda(layer, classifier, JpegLayer.Quantization.OFF));
        out.add(mm -> AttackTarget.bpda(layer, classifier, JpegLayer.Quantization.CLAMPED));
        out.add(mm -> AttackTarget.bpdaSoft(layer, classifier, Bpda.SOFT_HARDNESS));
        out.add(mm -> AttackTarget.surrogate(layer, classifier, JpegLayer.Quantization.CLAMPED));
        out.add(mm -> AttackTarget.plain(Fixtures.linear(3, SIZE, 3, 0.05, 8, mm)));
        return out;
    }

    @Test
    void gradientAttacksThroughEveryGradient() {
        int checked = 0;
        for (Function<NDManager, AttackTarget> make : targets()) {
            try (AttackTarget t = make.apply(m)) {
                String who = t.gradient();
                check(Fgsm.attack(t, x, y, EPS), pixels, "FGSM, " + who);
                Pgd.Listener listener = (restart, step, adv, clean) ->
                        check(adv, clean.toFloatArray(), who + " restart " + restart + " step " + step);
                check(Pgd.of(4).withRestarts(2).attack(t, x, y, EPS, 1, listener), pixels, "PGD, " + who);
                for (AttackLoss loss : AttackLoss.values()) {
                    check(
                            Apgd.of(6, loss).withRestarts(2).attack(t, x, y, EPS, 2, listener),
                            pixels,
                            "APGD-" + loss.shortName() + ", " + who);
                }
                checked++;
            }
        }
        assertEquals(6, checked);
    }

    @Test
    void theSquareAttacksEveryQuery() {
        List<Integer> queries = new ArrayList<>();
        try (AttackTarget t = AttackTarget.plain(JpegDlModel.of(layer, classifier))) {
            Square.Result r = Square.of(40).attack(t, x, y, EPS, 4, (restart, query, adv, clean) -> {
                check(adv, clean.toFloatArray(), "query " + query);
                queries.add(query);
            });
            check(r.adversarial(), pixels, "Square");
        }
        assertTrue(queries.contains(1) && queries.size() > 1, queries.toString());
    }

    @Test
    void theUnboundedAttackStaysInThePixelRange() {
        // the unbounded check's PGD: the ball is the whole range, so only [0,255] binds
        try (AttackTarget t = AttackTarget.bpda(layer, classifier, JpegLayer.Quantization.CLAMPED)) {
            NDArray adversarial = Pgd.of(5).withoutRandomStart().attack(t, x, y, MaskingChecks.UNBOUNDED_EPS, 0);
            check(adversarial, pixels, MaskingChecks.UNBOUNDED_EPS, "unbounded");
            assertTrue(adversarial.sub(x).abs().max().getFloat() > 100, "the unbounded attack hardly moved");
        }
    }

    private static void check(NDArray adversarial, float[] clean, String where) {
        check(adversarial, clean, EPS, where);
    }

    private static void check(NDArray adversarial, float[] clean, double eps, String where) {
        float[] a = adversarial.toFloatArray();
        assertEquals(clean.length, a.length, where);
        for (int i = 0; i < clean.length; i++) {
            assertTrue(a[i] >= 0 && a[i] <= 255, where + ": pixel " + i + " = " + a[i] + " outside [0,255]");
            double change = Math.abs(a[i] - clean[i]);
            assertTrue(change <= eps + 1e-3, where + ": pixel " + i + " moved " + change + " > eps " + eps);
        }
    }
}
