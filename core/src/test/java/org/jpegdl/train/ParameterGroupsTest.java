package org.jpegdl.train;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jpegdl.data.DataKind;
import org.jpegdl.experiment.Network;
import org.jpegdl.jpeg.Adaptation;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.ParameterGroup;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.recipe.Recipe;
import org.junit.jupiter.api.Test;

/**
 * Each optimiser group's first update against the update rule written out by hand, for global, spatial, colour and
 * adaptive layers: the model by SGD with weight decay, the tables by LSQ-scaled SGD with n the blocks of each entry's
 * region (twice for the chroma table, which serves Cb and Cr) or by Adam, alphas and the table predictor by their own
 * optimiser without LSQ's scale.
 */
class ParameterGroupsTest {

    /** 24×24 images: 3×3 blocks; regions of 16 px hold 2×2, 2×1, 1×2 and 1×1 blocks. */
    private static final int SIZE = 24;

    private static final double[] BLOCKS_PER_REGION_16 = {4, 2, 2, 1};
    private static final long QP_8_BITS = 127;

    private static Recipe lsq() {
        // a large table rate, so that LSQ's small steps stand well clear of float rounding
        return Recipe.imageNetLsq()
                .withEpochs(1)
                .withBatchSize(2)
                .withTableLr(2000)
                .withAlphaLr(0.02)
                .withTableLrRule(Recipe.FIXED_RULE)
                .resolve(ModelZoo.spec("resnet8"), DataKind.IN_MEMORY);
    }

    private static Recipe adam() {
        return Recipe.cifar()
                .withEpochs(1)
                .withBatchSize(2)
                .withTableLr(0.003)
                .withAlphaLr(0.02)
                .withTableLrRule(Recipe.FIXED_RULE)
                .resolve(ModelZoo.spec("resnet8"), DataKind.IN_MEMORY);
    }

    @Test
    void lsqScalesAGlobalGrayscaleTableByItsBlocks() {
        check(lsq(), layer(1, 0, Adaptation.NONE, false), new double[] {9});
    }

    @Test
    void lsqScalesTheChromaTableByBothChannelsItServes() {
        check(lsq(), layer(3, 0, Adaptation.NONE, true), new double[] {9});
    }

    @Test
    void lsqScalesEachRegionOfSpatialTablesByThatRegionsBlocks() {
        check(lsq(), layer(3, 16, Adaptation.NONE, true), BLOCKS_PER_REGION_16);
    }

    @Test
    void lsqLeavesTheTablePredictorsGradientUnscaled() {
        check(lsq(), layer(3, 0, Adaptation.PER_FREQUENCY, false), new double[] {9});
    }

    @Test
    void adamStepsTablesAlphasAndPredictorEachAtItsOwnRate() {
        check(adam(), layer(3, 16, Adaptation.PER_IMAGE, true), BLOCKS_PER_REGION_16);
    }

    private static JpegLayer layer(int channels, int regionSize, Adaptation adaptation, boolean trainableAlpha) {
        return JpegLayer.builder()
                .optChannels(channels)
                .optTableInit(TableInit.quality(50))
                .optRegionSize(regionSize)
                .optAdaptation(adaptation)
                .optTrainableAlpha(trainableAlpha)
                .optHardness(0)
                .build();
    }

    /** One forward and backward pass, every group's first step, each parameter checked against its rule. */
    private static void check(Recipe recipe, JpegLayer layer, double[] blocksPerRegion) {
        int channels = layer.channels();
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = Network.jpegDl(layer, ModelZoo.build("resnet8", 4, channels));
            Shape shape = new Shape(2, channels, SIZE, SIZE);
            net.block().initialize(m, DataType.FLOAT32, shape);
            Random r = new Random(3);
            float[] pixels = new float[(int) shape.size()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = r.nextInt(256);
            }
            ParameterGroups groups = ParameterGroups.of(recipe, net.block(), layer, 5, m);
            if (!recipe.tableOptimizer().equals(Recipe.ADAM)) {
                // the predictor's output layer starts at zero, which leaves the tables without a gradient: move it
                for (Parameter p : layer.predictorParameters()) {
                    p.getArray().addi(0.01);
                }
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.block()
                        .forward(new ParameterStore(m, false), new NDList(m.create(pixels, shape)), true)
                        .singletonOrThrow();
                gc.backward(new SoftmaxCrossEntropyLoss()
                        .evaluate(new NDList(m.create(new float[] {0, 3})), new NDList(logits)));
            }
            Map<String, float[]> before = new LinkedHashMap<>();
            Map<String, float[]> gradients = new LinkedHashMap<>();
            List<Pair<String, Parameter>> trainable = net.block().getParameters().stream()
                    .filter(p -> p.getValue().requiresGradient())
                    .toList();
            for (Pair<String, Parameter> p : trainable) {
                before.put(p.getKey(), p.getValue().getArray().toFloatArray());
                gradients.put(p.getKey(), p.getValue().getArray().getGradient().toFloatArray());
            }
            for (Pair<String, Parameter> p : trainable) {
                groups.step(p.getKey(), p.getValue().getId(), p.getValue().getArray(), null, 0);
            }
            int[] seen = new int[ParameterGroup.values().length];
            int moved = 0;
            for (Pair<String, Parameter> p : trainable) {
                Parameter parameter = p.getValue();
                ParameterGroup group = groups.groupOf(parameter.getId());
                seen[group.ordinal()]++;
                float[] w = before.get(p.getKey());
                float[] g = gradients.get(p.getKey());
                float[] after = parameter.getArray().toFloatArray();
                if (group == ParameterGroup.TABLES) {
                    for (int i = 0; i < w.length; i++) {
                        moved += Math.abs(after[i] - w[i]) > 1000 * Math.ulp(w[i]) ? 1 : 0;
                    }
                }
                for (int i = 0; i < w.length; i++) {
                    double expected = expected(recipe, layer, parameter, group, w[i], g[i], i, blocksPerRegion);
                    if (Double.isNaN(expected)) {
                        continue;
                    }
                    // within a thousandth of the step, and float rounding of the values
                    double tolerance = 1e-3 * Math.abs(expected - w[i])
                            + 4 * Math.ulp((float) Math.max(Math.abs(w[i]), Math.abs(expected)));
                    assertEquals(expected, after[i], tolerance, group + " " + p.getKey() + "[" + i + "]");
                }
            }
            assertTrue(seen[ParameterGroup.MODEL.ordinal()] > 0, "the model's weights are stepped");
            assertEquals(channels == 3 ? 2 : 1, seen[ParameterGroup.TABLES.ordinal()], "luma (and chroma) tables");
            assertTrue(moved > 0, "table entries moved by more than float rounding");
            assertEquals(layer.alphaParameters().size(), seen[ParameterGroup.ALPHAS.ordinal()]);
            assertEquals(layer.predictorParameters().size(), seen[ParameterGroup.PREDICTOR.ordinal()]);
        }
    }

    /** Entry {@code i} after its group's first step, by hand; NaN where Adam's epsilon makes the rule inexact. */
    private static double expected(
            Recipe recipe,
            JpegLayer layer,
            Parameter parameter,
            ParameterGroup group,
            double w,
            double g,
            int i,
            double[] blocksPerRegion) {
        boolean adam = recipe.tableOptimizer().equals(Recipe.ADAM);
        return switch (group) {
            case MODEL -> w - recipe.modelLrAt(0) * (g + recipe.weightDecay() * w);
            case TABLES -> {
                double value;
                if (adam) {
                    // bias-corrected m/√v is ±1 on the first step
                    value = Math.abs(g) < 1e-4 ? Double.NaN : w - recipe.tableLrAt(0) * Math.signum(g);
                } else {
                    boolean chroma = layer.channels() == 3 && parameter == layer.chromaTable(0);
                    double n = blocksPerRegion[i / 64] * (chroma ? 2 : 1);
                    value = w - recipe.tableLrAt(0) * g / Math.sqrt(n * QP_8_BITS);
                }
                yield Double.isNaN(value) ? value : Math.max(JpegLayer.MIN_STEP, Math.min(JpegLayer.MAX_STEP, value));
            }
            case ALPHAS -> {
                double value = adam
                        ? (Math.abs(g) < 1e-4 ? Double.NaN : w - recipe.alphaLrAt(0) * Math.signum(g))
                        : w - recipe.alphaLrAt(0) * g;
                yield Double.isNaN(value) ? value : Math.max(JpegLayer.MIN_ALPHA, value);
            }
            case PREDICTOR ->
                adam
                        ? (Math.abs(g) < 1e-4 ? Double.NaN : w - recipe.tableLrAt(0) * Math.signum(g))
                        : w - recipe.tableLrAt(0) * g;
            case FROZEN -> throw new IllegalArgumentException("a frozen parameter is never stepped");
        };
    }

    @Test
    void theTablesAloneTakeTheBudgetRulesRate() {
        Recipe budget =
                Recipe.cifar().withEpochs(2).withAlphaLr(0.02).resolve(ModelZoo.spec("resnet8"), DataKind.IN_MEMORY);
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer = layer(3, 0, Adaptation.PER_IMAGE, true);
            Network net = Network.jpegDl(layer, ModelZoo.build("resnet8", 4, 3));
            ParameterGroups groups = ParameterGroups.of(budget, net.block(), layer, 5, m);
            // 240 × 782 steps of the CIFAR recipe over 2 × 5 of this run
            assertEquals(0.003 * 240 * 782 / 10, groups.learningRate(ParameterGroup.TABLES, 0), 1e-9);
            assertEquals(0.02, groups.learningRate(ParameterGroup.ALPHAS, 0), 1e-15);
            assertEquals(0.003, groups.learningRate(ParameterGroup.PREDICTOR, 0), 1e-15);
            assertEquals(budget.modelLrAt(0), groups.learningRate(ParameterGroup.MODEL, 0), 1e-15);
            assertEquals(
                    List.of("model", "tables", "alphas", "predictor"),
                    List.copyOf(groups.optimizers().keySet()));
        }
    }
}
