package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.model.ModelSpec;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.train.ParameterOptimizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model of the zoo trains with the JPEG layer in front: a few joint steps (each parameter group with its own
 * Adam, a setting every architecture tolerates on a batch of four) on a fixed tiny batch lower the loss and move the
 * tables. Every model at 32×32 (the 224-px designs pool
 * globally, so they run there too).
 */
class ZooWithJpegLayerTest {

    static Stream<String> models() {
        return ModelZoo.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void jointStepsLowerTheLoss(String name) {
        ModelSpec spec = ModelZoo.spec(name);
        int size = 32;
        int batch = 4;
        int classes = 4;
        Engine.getInstance().setRandomSeed(11);
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer = JpegLayer.builder()
                    .optTableInit(TableInit.quality(50))
                    .optNormalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f})
                    .build();
            Network net = Network.jpegDl(layer, spec.build(classes, 3));
            Shape shape = new Shape(batch, 3, size, size);
            net.block().initialize(m, DataType.FLOAT32, shape);
            Random r = new Random(5);
            float[] pixels = new float[(int) shape.size()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = r.nextInt(256);
            }
            NDArray x = m.create(pixels, shape);
            NDArray y = m.create(new float[] {0, 1, 2, 3});
            List<Pair<String, Parameter>> trainable = new ArrayList<>();
            for (Pair<String, Parameter> p : net.block().getParameters()) {
                if (p.getValue().requiresGradient()) {
                    trainable.add(p);
                }
            }
            ParameterOptimizer modelAdam = new ParameterOptimizer.Adam(m, 0);
            ParameterOptimizer adam = new ParameterOptimizer.Adam(m, 0);
            float[] tablesBefore = layer.tables().lumaSteps(0);
            double first = 0;
            double last = 0;
            int steps = 5;
            for (int s = 0; s < steps; s++) {
                float loss;
                Engine.getInstance().setRandomSeed(17); // the same dropout masks every step (SqueezeNet)
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = net.block()
                            .forward(new ParameterStore(m, false), new NDList(x), true)
                            .singletonOrThrow();
                    assertEquals(new Shape(batch, classes), logits.getShape());
                    NDArray l = new SoftmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits));
                    gc.backward(l);
                    loss = l.getFloat();
                }
                for (Pair<String, Parameter> p : trainable) {
                    boolean table =
                            net.tableParameterIds().contains(p.getValue().getId());
                    (table ? adam : modelAdam).step(p.getKey(), p.getValue().getArray(), table ? 0.01 : 0.001);
                }
                if (s == 0) {
                    first = loss;
                }
                last = loss;
            }
            assertTrue(last < first, name + ": loss " + first + " -> " + last);
            assertTrue(!Arrays.equals(tablesBefore, layer.tables().lumaSteps(0)), name + ": tables moved");
        }
    }
}
