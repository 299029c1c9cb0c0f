package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** torchvision DenseNet-121: exact parameter counts, output shapes, a few training steps. */
class DenseNetTest {

    @Test
    void densenet121FineGrainedHeadHasExpectedParameterCount() {
        assertEquals(7_158_856L, ModelChecks.trainableParameters(DenseNet.densenet121(200, 3), new Shape(1, 3, 224, 224)));
    }

    @Test
    void densenet121ImageNetHasTorchvisionParameterCount() {
        assertEquals(7_978_856L, ModelChecks.trainableParameters(DenseNet.densenet121(1000, 3), new Shape(1, 3, 64, 64)));
    }

    @Test
    void outputShapes() {
        assertEquals(new Shape(1, 200), ModelChecks.inferenceOutputShape(DenseNet.densenet121(200, 3), new Shape(1, 3, 224, 224)));
        assertEquals(new Shape(1, 200), ModelChecks.inferenceOutputShape(DenseNet.densenet121(200, 3), new Shape(1, 3, 64, 64)));
        assertEquals(new Shape(1, 10), ModelChecks.inferenceOutputShape(DenseNet.densenet121(10, 1), new Shape(1, 1, 64, 64)));
    }

    @Test
    void trainingReducesLossOnAFixedBatch() {
        ModelChecks.assertLossDecreases(
                ModelChecks.trainOnFixedBatch(DenseNet.densenet121(10, 3), new Shape(4, 3, 32, 32), 10, 2, 0.05f));
    }
}
