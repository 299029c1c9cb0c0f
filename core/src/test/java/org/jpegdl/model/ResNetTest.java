package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import org.junit.jupiter.api.Test;

/** torchvision ResNet: its grayscale stem, channel check and max-pool padding; counts and shapes are in {@link LargeModelsTest}. */
class ResNetTest {

    @Test
    void grayscaleStemHasOneInputChannel() {
        // 7·7·64·(3−1) fewer stem weights than the RGB model.
        assertEquals(
                11_279_112L - 7 * 7 * 64 * 2,
                ModelChecks.trainableParameters(ResNet.resnet18(200, 1), new Shape(1, 1, 64, 64)));
    }

    @Test
    void rejectsInputWithOtherChannelCount() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ModelChecks.inferenceOutputShape(ResNet.resnet18(10, 1), new Shape(1, 3, 64, 64)));
    }

    @Test
    void stemMaxPoolPadsWithMinusInfinityLikePyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {-3, -2, -5, -4}, new Shape(1, 1, 2, 2));
            NDArray y = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
            // Zero padding would give 0 here.
            assertEquals(-2f, y.getFloat(0, 0, 0, 0));
        }
    }
}
