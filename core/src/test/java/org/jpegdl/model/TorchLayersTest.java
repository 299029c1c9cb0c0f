package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The layers behave as PyTorch's defaults. */
class TorchLayersTest {

    @Test
    void batchNormRunningMeanMovesOneTenthTowardTheBatchMeanAsPyTorch() {
        // PyTorch momentum 0.1: running = 0.9·running + 0.1·batch. From 0 toward a batch mean of 10 → 1.
        BatchNorm bn = TorchLayers.batchNorm();
        Shape shape = new Shape(4, 2, 1, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            bn.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.full(shape, 10f);
            bn.forward(new ParameterStore(manager, false), new NDList(x), true);
            NDArray runningMean = bn.getParameters().get("runningMean").getArray();
            assertEquals(1.0f, runningMean.getFloat(0), 1e-6f);
            assertEquals(1.0f, runningMean.getFloat(1), 1e-6f);
        }
    }
}
