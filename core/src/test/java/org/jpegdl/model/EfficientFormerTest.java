package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

/** timm EfficientFormer-L1: exact parameter count, output shapes at two sizes, a few training steps. */
class EfficientFormerTest {

    @Test
    void l1BuiltFor224HasTimmParameterCount() {
        assertEquals(
                12_289_928L,
                ModelChecks.trainableParameters(EfficientFormer.l1(1000, 3, 224), new Shape(1, 3, 224, 224)));
    }

    @Test
    void biasTableFollowsTheTokenGrid() {
        // 8 heads × (49 − 4) offsets fewer at 64 px (2×2 grid) than at 224 px (7×7).
        assertEquals(
                12_289_928L - 8 * 45,
                ModelChecks.trainableParameters(EfficientFormer.l1(1000, 3, 64), new Shape(1, 3, 64, 64)));
        assertEquals(7, EfficientFormer.tokenGridSide(224));
        assertEquals(3, EfficientFormer.tokenGridSide(96));
        assertEquals(2, EfficientFormer.tokenGridSide(64));
    }

    @Test
    void relativeOffsetsFollowTimmOnANonSquareGrid() {
        // 2 rows × 3 columns; token 0 is (0,0), token 4 is (1,1): column = |Δrow|·3 + |Δcol|.
        int[][] offsets = EfficientFormer.Attention.relativeOffsets(2, 3);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, offsets[0]);
        assertArrayEquals(new int[] {4, 3, 4, 1, 0, 1}, offsets[4]);
    }

    @Test
    void poolMixerAveragesOnlyRealPixelsLikeCountIncludePadFalse() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] pixels = {1, 2, 3, 4, 5, 6, 7, 8, 10};
            NDArray x = m.create(pixels, new Shape(1, 1, 3, 3));
            NDArray y = new EfficientFormer.PoolMixer()
                    .forward(new ParameterStore(m, false), new NDList(x), false)
                    .singletonOrThrow();
            // Corner (0,0): mean of 1,2,4,5; edge (0,1): mean of 1..6; centre: mean of all nine; then minus x.
            float corner = (1 + 2 + 4 + 5) / 4f - 1;
            float edge = (1 + 2 + 3 + 4 + 5 + 6) / 6f - 2;
            float centre = (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 10) / 9f - 5;
            float[] out = y.toFloatArray();
            assertEquals(corner, out[0], 1e-5f);
            assertEquals(edge, out[1], 1e-5f);
            assertEquals(centre, out[4], 1e-5f);
            assertEquals((5 + 6 + 8 + 10) / 4f - 10, out[8], 1e-5f);
        }
    }

    @Test
    void geluIsTheExactErfFormLikeTorchNnGelu() {
        try (NDManager m = NDManager.newBaseManager()) {
            // x·Φ(x) at 1 is 0.8413447; the tanh approximation gives 0.8411920.
            assertEquals(0.8413447f, Activation.gelu(m.create(1f)).getFloat(), 2e-6f);
        }
    }

    @Test
    void outputShapes() {
        assertEquals(
                new Shape(1, 1000),
                ModelChecks.inferenceOutputShape(EfficientFormer.l1(1000, 3), new Shape(1, 3, 224, 224)));
        assertEquals(
                new Shape(1, 200),
                ModelChecks.inferenceOutputShape(EfficientFormer.l1(200, 3, 64), new Shape(1, 3, 64, 64)));
        assertEquals(
                new Shape(2, 10), ModelChecks.inferenceOutputShape(EfficientFormer.l1(10, 1), new Shape(2, 1, 96, 96)));
    }

    @Test
    void refusesAnInputSizeItWasNotBuiltFor() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ModelChecks.inferenceOutputShape(EfficientFormer.l1(10, 3, 224), new Shape(1, 3, 64, 64)));
        System.out.println(e.getMessage());
    }

    @Test
    void trainingReducesLossOnAFixedBatch() {
        ModelChecks.assertLossDecreases(
                ModelChecks.trainOnFixedBatch(EfficientFormer.l1(10, 3, 64), new Shape(4, 3, 64, 64), 10, 3, 0.05f));
    }

    @Test
    void attentionBiasesReceiveGradients() {
        Block block = EfficientFormer.l1(10, 3, 64);
        try (Model model = Model.newInstance("bias-gradient")) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                trainer.initialize(new Shape(2, 3, 64, 64));
                NDArray x = trainer.getManager().randomNormal(new Shape(2, 3, 64, 64));
                NDArray y = trainer.getManager().create(new float[] {1, 2});
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    gc.backward(trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
                }
                Parameter biases = block.getParameters().values().stream()
                        .filter(p -> p.getName().equals("attention_biases"))
                        .findFirst()
                        .orElseThrow();
                assertEquals(new Shape(8, 4), biases.getArray().getShape());
                assertTrue(
                        biases.getArray().getGradient().abs().sum().getFloat() > 0,
                        "no gradient reached the attention biases");
            }
        }
    }

    @Test
    void attentionMatchesADirectComputation() {
        // dim 4, 2 heads, key dim 2, value dim 2, a 1×2 token grid, batch 1: every step written out by hand.
        EfficientFormer.Attention attention = new EfficientFormer.Attention(4, 2, 2, 1, 1, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            attention.initialize(m, DataType.FLOAT32, new Shape(1, 2, 4));
            Parameter table = attention.getDirectParameters().get("attention_biases");
            table.getArray().set(new float[] {0.3f, -0.7f, 1.1f, 0.2f});
            float[] x = {0.5f, -1f, 2f, 0.25f, -0.5f, 1.5f, 0.75f, -2f};
            float[] qkvW =
                    attention.qkv.getParameters().get("weight").getArray().toFloatArray(); // (12, 4)
            float[] qkvB = attention.qkv.getParameters().get("bias").getArray().toFloatArray();
            float[] projW =
                    attention.proj.getParameters().get("weight").getArray().toFloatArray(); // (4, 4)
            float[] projB =
                    attention.proj.getParameters().get("bias").getArray().toFloatArray();
            float[] biases = table.getArray().toFloatArray();
            assertTrue(Math.abs(qkvW[0]) + Math.abs(qkvW[5]) > 0, "weights were not initialised");

            double[][] qkv = new double[2][12];
            for (int t = 0; t < 2; t++) {
                for (int o = 0; o < 12; o++) {
                    qkv[t][o] = qkvB[o];
                    for (int i = 0; i < 4; i++) {
                        qkv[t][o] += x[t * 4 + i] * qkvW[o * 4 + i];
                    }
                }
            }
            double[][] mixed = new double[2][4];
            for (int h = 0; h < 2; h++) {
                int base = h * 6; // per head: q (2), k (2), v (2)
                for (int p = 0; p < 2; p++) {
                    double[] logits = new double[2];
                    for (int q = 0; q < 2; q++) {
                        double dot = qkv[p][base] * qkv[q][base + 2] + qkv[p][base + 1] * qkv[q][base + 3];
                        logits[q] = dot / Math.sqrt(2) + biases[h * 2 + Math.abs(p - q)];
                    }
                    double max = Math.max(logits[0], logits[1]);
                    double e0 = Math.exp(logits[0] - max);
                    double e1 = Math.exp(logits[1] - max);
                    for (int d = 0; d < 2; d++) {
                        mixed[p][h * 2 + d] = (e0 * qkv[0][base + 4 + d] + e1 * qkv[1][base + 4 + d]) / (e0 + e1);
                    }
                }
            }
            float[] expected = new float[8];
            for (int t = 0; t < 2; t++) {
                for (int o = 0; o < 4; o++) {
                    double v = projB[o];
                    for (int i = 0; i < 4; i++) {
                        v += mixed[t][i] * projW[o * 4 + i];
                    }
                    expected[t * 4 + o] = (float) v;
                }
            }
            NDArray out = attention
                    .forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(1, 2, 4))), false)
                    .singletonOrThrow();
            assertEquals(new Shape(1, 2, 4), out.getShape());
            assertArrayEquals(expected, out.toFloatArray(), 1e-5f);
        }
    }
}
