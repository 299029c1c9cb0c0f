package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.jpeg.JpegLayer;
import org.junit.jupiter.api.Test;

/** PGD's iterates, through the whole JPEG-DL network: always inside the ε-ball and the pixel range. */
class PgdTest {

    @Test
    void everyIterateStaysInTheEpsBallAndInTheValidRange() {
        int n = 5;
        int size = 8;
        double eps = 6;
        // many pixels at or near the ends of the range, where the ball leaves [0,255]
        float[] pixels = Fixtures.edgePixels(n * 3 * size * size, 1);
        float[] labels = {0, 1, 2, 0, 1};
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer = JpegLayer.builder().build();
            layer.initialize(m, DataType.FLOAT32, new Shape(1, 3, size, size));
            SequentialBlock classifier = Fixtures.linear(3, size, 3, 0.05, 3, m);
            JpegDlModel model = JpegDlModel.of(layer, classifier);
            NDArray x = m.create(pixels, new Shape(n, 3, size, size));
            NDArray y = m.create(labels);
            List<String> iterates = new ArrayList<>();
            Pgd pgd = Pgd.of(7).withRestarts(3);
            assertEquals(2.5 * eps / 7, pgd.stepSize(eps), 1e-12);
            NDArray adversarial;
            try (AttackTarget target = AttackTarget.plain(model)) {
                adversarial = pgd.attack(target, x, y, eps, 42, (restart, step, adv, clean) -> {
                    checkInBall(adv.toFloatArray(), clean.toFloatArray(), eps, "restart " + restart + " step " + step);
                    iterates.add(restart + ":" + step);
                });
            }
            checkInBall(adversarial.toFloatArray(), pixels, eps, "result");
            assertTrue(iterates.contains("0:0") && iterates.contains("0:7"), iterates.toString());
            // the start is random: it moved the image
            float[] moved = adversarial.toFloatArray();
            double largest = 0;
            for (int i = 0; i < moved.length; i++) {
                largest = Math.max(largest, Math.abs(moved[i] - pixels[i]));
            }
            assertTrue(largest > eps / 2, "largest change " + largest);
        }
    }

    @Test
    void zeroEpsLeavesTheImagesUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock model = Fixtures.linear(1, 4, 3, 0.05, 3, m);
            float[] pixels = new float[2 * 16];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = i * 7 % 256;
            }
            NDArray x = m.create(pixels, new Shape(2, 1, 4, 4));
            try (AttackTarget target = AttackTarget.plain(model)) {
                float[] pgd = Pgd.of(3)
                        .withRestarts(2)
                        .attack(target, x, m.create(new float[] {0, 1}), 0, 1)
                        .toFloatArray();
                float[] fgsm =
                        Fgsm.attack(target, x, m.create(new float[] {0, 1}), 0).toFloatArray();
                for (int i = 0; i < pixels.length; i++) {
                    assertEquals(pixels[i], pgd[i], 0);
                    assertEquals(pixels[i], fgsm[i], 0);
                }
            }
        }
    }

    private static void checkInBall(float[] adversarial, float[] clean, double eps, String where) {
        assertEquals(clean.length, adversarial.length);
        for (int i = 0; i < clean.length; i++) {
            float a = adversarial[i];
            assertTrue(a >= 0 && a <= 255, where + ": pixel " + i + " = " + a + " outside [0,255]");
            assertTrue(
                    Math.abs(a - clean[i]) <= eps + 1e-3,
                    where + ": pixel " + i + " moved " + Math.abs(a - clean[i]) + " > eps " + eps);
        }
    }
}
