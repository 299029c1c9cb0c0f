package org.jpegdl.nd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** Scalar operands that stay valid until the backward pass. */
class ScalarsTest {

    @Test
    void aFactorFromHereSurvivesACollectionBetweenForwardAndBackward() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 10; i++) {
                try (NDManager batch = m.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray x = batch.create(new float[] {0.5f, -1.5f, 2f});
                    x.setRequiresGradient(true);
                    NDArray y =
                            x.mul(Scalars.like(x, 3)).div(Scalars.like(x, 4)).sum();
                    FreedBuffers.collectAndOverwrite();
                    collector.backward(y);
                    float[] g = x.getGradient().toFloatArray();
                    for (float v : g) {
                        assertEquals(0.75f, v, "d(3x/4)/dx after a collection, step " + i);
                    }
                }
            }
        }
    }

    @Test
    void hasTheOperandsTypeAndAnExactValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray doubles = m.zeros(new Shape(2), DataType.FLOAT64);
            NDArray s = Scalars.like(doubles, 0.1);
            assertEquals(DataType.FLOAT64, s.getDataType());
            assertEquals(new Shape(), s.getShape());
            assertEquals(0.1, s.getDouble());
            NDArray floats = m.zeros(new Shape(2));
            assertEquals(DataType.FLOAT32, Scalars.like(floats, 0.1).getDataType());
            assertEquals(0.1f, Scalars.like(floats, 0.1).getFloat());
            assertEquals(floats.getDevice(), Scalars.like(floats, 0.1).getDevice());
        }
    }
}
