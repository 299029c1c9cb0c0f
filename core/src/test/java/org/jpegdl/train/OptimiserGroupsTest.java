package org.jpegdl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.Random;
import org.jpegdl.experiment.Network;
import org.jpegdl.jpeg.Adaptation;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.model.ModelZoo;
import org.junit.jupiter.api.Test;

/** One optimisation step moves both the model's weights and the tables, each through its own optimiser. */
class OptimiserGroupsTest {

    @Test
    void oneStepUpdatesModelBySgdAndTablesByAdam() {
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer =
                    JpegLayer.builder().optTableInit(TableInit.quality(50)).build();
            Network net = Network.jpegDl(layer, ModelZoo.build("resnet8", 10, 3));
            Shape shape = new Shape(4, 3, 16, 16);
            net.block().initialize(m, DataType.FLOAT32, shape);
            Random r = new Random(1);
            float[] pixels = new float[(int) shape.size()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = r.nextInt(256);
            }
            NDArray x = m.create(pixels, shape);
            NDArray y = m.create(new float[] {0, 1, 2, 3});
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.block()
                        .forward(new ParameterStore(m, false), new NDList(x), true)
                        .singletonOrThrow();
                gc.backward(new SoftmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits)));
            }
            ParameterOptimizer sgd = new ParameterOptimizer.Sgd(m, 0.9, 5e-4);
            ParameterOptimizer adam = new ParameterOptimizer.Adam(m, 0);
            float[] tableBefore = layer.tables().lumaSteps(0);
            Parameter someWeight = null;
            float[] weightBefore = null;
            float[] tableGrad = layer.lumaTable(0).getArray().getGradient().toFloatArray();
            for (Pair<String, Parameter> p : net.block().getParameters()) {
                if (!p.getValue().requiresGradient()) {
                    continue;
                }
                boolean table = net.tableParameterIds().contains(p.getValue().getId());
                if (!table
                        && someWeight == null
                        && p.getValue().getArray().getShape().dimension() == 4) {
                    someWeight = p.getValue();
                    weightBefore = someWeight.getArray().toFloatArray();
                }
                (table ? adam : sgd).step(p.getKey(), p.getValue().getArray(), table ? 0.003 : 0.05);
            }
            assertEquals(2, adam.trackedParameters(), "Adam holds exactly the luma and chroma tables");
            assertEquals(
                    net.block().getParameters().stream()
                                    .filter(p -> p.getValue().requiresGradient())
                                    .count()
                            - 2,
                    sgd.trackedParameters(),
                    "SGD holds every other trainable parameter");
            float[] tableAfter = layer.tables().lumaSteps(0);
            // Adam's first step moves each entry with a non-zero gradient by lr·sign(g) (bias-corrected m/√v = ±1)
            for (int i = 0; i < 64; i++) {
                if (Math.abs(tableGrad[i]) > 1e-6) {
                    assertEquals(
                            tableBefore[i] - 0.003 * Math.signum(tableGrad[i]),
                            tableAfter[i],
                            1e-4,
                            "table entry " + i);
                }
            }
            assertFalse(Arrays.equals(tableBefore, tableAfter));
            float[] weightAfter = someWeight.getArray().toFloatArray();
            assertFalse(Arrays.equals(weightBefore, weightAfter));
            assertTrue(Math.abs(weightAfter[0] - weightBefore[0]) < 1, "an SGD-sized step");
            assertArrayEquals(
                    new float[64],
                    layer.lumaTable(0).getArray().getGradient().toFloatArray(),
                    "gradients are zeroed after the step");
        }
    }

    @Test
    void thePredictorOfAdaptiveTablesTrainsWithTheTablesNeverWithTheModel() {
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer = JpegLayer.builder()
                    .optTableInit(TableInit.quality(50))
                    .optAdaptation(Adaptation.PER_FREQUENCY)
                    .build();
            Network net = Network.jpegDl(layer, ModelZoo.build("resnet8", 10, 3));
            Shape shape = new Shape(4, 3, 16, 16);
            net.block().initialize(m, DataType.FLOAT32, shape);
            Random r = new Random(2);
            float[] pixels = new float[(int) shape.size()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = r.nextInt(256);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.block()
                        .forward(new ParameterStore(m, false), new NDList(m.create(pixels, shape)), true)
                        .singletonOrThrow();
                gc.backward(new SoftmaxCrossEntropyLoss()
                        .evaluate(new NDList(m.create(new float[] {0, 1, 2, 3})), new NDList(logits)));
            }
            assertEquals(4, layer.predictorParameters().size());
            for (Parameter p : layer.predictorParameters()) {
                assertTrue(net.tableParameterIds().contains(p.getId()), p.getName() + " goes to the tables' optimiser");
            }
            // the output layer starts at zero with a gradient: Adam's first step moves it by lr·sign(g)
            Parameter output = layer.predictorParameters().stream()
                    .filter(p -> p.getArray().getShape().equals(new Shape(128, 32)))
                    .findFirst()
                    .orElseThrow();
            float[] before = output.getArray().toFloatArray();
            float[] grad = output.getArray().getGradient().toFloatArray();
            ParameterOptimizer sgd = new ParameterOptimizer.Sgd(m, 0.9, 5e-4);
            ParameterOptimizer adam = new ParameterOptimizer.Adam(m, 0);
            for (Pair<String, Parameter> p : net.block().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    boolean table =
                            net.tableParameterIds().contains(p.getValue().getId());
                    (table ? adam : sgd).step(p.getKey(), p.getValue().getArray(), table ? 0.003 : 0.05);
                }
            }
            assertEquals(2 + 4, adam.trackedParameters(), "Adam holds the two tables and the predictor's four");
            float[] after = output.getArray().toFloatArray();
            int moved = 0;
            for (int i = 0; i < before.length; i++) {
                // Adam's epsilon (1e-8) shortens the step of a gradient near its size: compare where it cannot
                if (Math.abs(grad[i]) > 1e-4) {
                    assertEquals(before[i] - 0.003 * Math.signum(grad[i]), after[i], 1e-5, "output weight " + i);
                    moved++;
                }
            }
            assertTrue(moved > 0, "the predictor's output layer has a gradient");
        }
    }
}
