package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import org.jpegdl.nd.FreedBuffers;
import org.junit.jupiter.api.Test;

/**
 * Blocks with scalar factors in their forward pass give the same gradients when the garbage collector runs between
 * forward and backward (the factors must outlive the forward pass: see {@link org.jpegdl.nd.Scalars}).
 */
class ScalarOperandsTest {

    @Test
    void pixelNormalizationInputGradient() {
        check(
                new PixelNormalization(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.25f, 0.3f}),
                new Shape(2, 3, 4, 4));
    }

    @Test
    void efficientFormerGradients() {
        // the attention's 1/√d scale and the mean of the two heads
        check(EfficientFormer.l1(5, 3, 64), new Shape(2, 3, 64, 64));
    }

    private static void check(Block block, Shape shape) {
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, shape);
            NDArray x = m.randomUniform(0, 255, shape);
            List<float[]> plain = FreedBuffers.gradients(block, m, x, false);
            List<float[]> collected = FreedBuffers.gradients(block, m, x, true);
            for (int i = 0; i < plain.size(); i++) {
                assertArrayEquals(plain.get(i), collected.get(i), "gradient " + i + " (0: input, then parameters)");
            }
        }
    }
}
