package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** torchvision SqueezeNet 1.1: exact parameter count, output shapes, a few training steps. */
class SqueezeNetTest {

    @Test
    void squeezenet11ImageNetHasTorchvisionParameterCount() {
        assertEquals(1_235_496L, ModelChecks.trainableParameters(SqueezeNet.squeezenet1_1(1000, 3), new Shape(1, 3, 224, 224)));
    }

    @Test
    void outputShapes() {
        assertEquals(new Shape(1, 1000), ModelChecks.inferenceOutputShape(SqueezeNet.squeezenet1_1(1000, 3), new Shape(1, 3, 224, 224)));
        assertEquals(new Shape(1, 200), ModelChecks.inferenceOutputShape(SqueezeNet.squeezenet1_1(200, 3), new Shape(1, 3, 64, 64)));
        assertEquals(new Shape(1, 10), ModelChecks.inferenceOutputShape(SqueezeNet.squeezenet1_1(10, 1), new Shape(1, 1, 64, 64)));
    }

    @Test
    void trainingReducesLossOnAFixedBatch() {
        ModelChecks.assertLossDecreases(
                ModelChecks.trainOnFixedBatch(SqueezeNet.squeezenet1_1(10, 3), new Shape(4, 3, 64, 64), 10, 3, 0.01f));
    }
}
