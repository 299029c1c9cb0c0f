package org.jpegdl.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.model.ModelZoo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The last convolutional stage of zoo models, found by walking the block tree; capturing leaves them unchanged. */
class FeatureLayersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "resnet8, 16, 01network/06ParallelBlock, 64, 4",
        "vgg8, 16, 01network/05block4, 512, 2",
        "mobilenetv2, 32, 01network/23LambdaBlock, 1280, 2"
    })
    void findsTheLastStageAndExplainsThroughTheJpegLayer(
            String name, int size, String expectedPath, long channels, long side) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            Block classifier = ModelZoo.build(name, 5);
            JpegLayer layer = JpegLayer.builder().build();
            JpegDlModel model = JpegDlModel.of(layer, classifier);
            model.initialize(m, DataType.FLOAT32, new Shape(1, 3, size, size));
            List<FeatureLayer> all = FeatureLayers.list(classifier);
            FeatureLayer last = FeatureLayers.last(classifier);
            System.out.println(name + ": " + all.size() + " feature maps, last " + last.describe());
            assertEquals(expectedPath, last.path());
            assertEquals(new Shape(1, channels, side, side), last.outputShape());
            assertEquals(
                    last.path(),
                    FeatureLayers.find(
                                    classifier,
                                    last.path().substring(last.path().indexOf('/') + 1))
                            .path(),
                    "a unique suffix finds it too");
            assertThrows(IllegalArgumentException.class, () -> FeatureLayers.find(classifier, "no-such-layer"));

            NDArray x = m.randomUniform(0, 255, new Shape(2, 3, size, size));
            ParameterStore store = new ParameterStore(m, false);
            List<String> namesBefore = names(classifier);
            float[] before = model.forward(store, new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
            GradCamPlusPlus.Explanation e = new GradCamPlusPlus(model, last).explain(x, null);
            assertEquals(namesBefore, names(classifier), "the capture block was not taken out");
            assertArrayEquals(
                    before,
                    model.forward(store, new NDList(x), false)
                            .singletonOrThrow()
                            .toFloatArray());
            assertEquals(2, e.images());
            assertEquals(size * size, e.heat()[0].length);
            for (float[] heat : e.heat()) {
                float max = 0;
                for (float h : heat) {
                    assertTrue(h >= 0 && h <= 1, "heat " + h);
                    max = Math.max(max, h);
                }
                assertTrue(max == 0 || Math.abs(max - 1) < 1e-6, "normalised to a maximum of 1: " + max);
            }
        }
    }

    /** Every block's path in the tree, depth first. */
    private static List<String> names(Block root) {
        List<String> out = new ArrayList<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(Block block, String path, List<String> out) {
        for (Pair<String, Block> child : block.getChildren()) {
            out.add(path + "/" + child.getKey());
            collect(child.getValue(), path + "/" + child.getKey(), out);
        }
        if (block instanceof SequentialBlock s) {
            out.add(path + " size " + s.getChildren().size());
        }
    }
}
