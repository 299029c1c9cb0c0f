package org.jpegdl.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.Random;
import org.jpegdl.data.Batches;
import org.jpegdl.data.DatasetSplits;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.data.Synthetic;
import org.jpegdl.model.PixelNormalization;
import org.junit.jupiter.api.Test;

/** GradCAM++ against its closed form on a conv → ReLU → global pool → linear network, and on a trained one. */
class GradCamPlusPlusTest {

    private static SequentialBlock convPoolLinear(int filters, int classes) {
        return new SequentialBlock()
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .setFilters(filters)
                        .build())
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
    }

    /**
     * Score S_c = Σ_k v_ck·Ā_k + b_c with Ā_k = (1/Z) Σ_ij A_kij (Z = h·w positions), so g = ∂S_c/∂A_kij = v_ck/Z
     * at every position, and GradCAM++'s α_kij = g² / (2g² + Σ_ab A_kab·g³) = 1 / (2 + v_ck·Ā_k), the weight
     * w_k = Σ_ij α_kij·relu(g) = relu(v_ck) / (2 + v_ck·Ā_k), and the map relu(Σ_k w_k·A_k).
     */
    @Test
    void linearThenPoolWeightsMatchTheClosedForm() {
        int k = 6;
        int classes = 3;
        int size = 8;
        int n = 3;
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            SequentialBlock net = convPoolLinear(k, classes);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, size, size));
            Random random = new Random(2);
            double[][] v = new double[classes][k];
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getKey().endsWith("Linear_weight")) {
                    float[] w = new float[classes * k];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) random.nextGaussian() * 0.5f;
                        v[i / k][i % k] = w[i];
                    }
                    p.getValue().getArray().set(w);
                }
            }
            FeatureLayer layer = FeatureLayers.last(net);
            assertEquals("02LambdaBlock", layer.path(), "the ReLU after the convolution");
            assertEquals(new Shape(1, k, size, size), layer.outputShape());

            float[] pixels = new float[n * size * size];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextFloat();
            }
            NDArray x = m.create(pixels, new Shape(n, 1, size, size));
            int[] explained = {0, 2, 1};
            GradCamPlusPlus.Explanation e = new GradCamPlusPlus(net, layer).explain(x, explained);

            // A independently: the first two blocks
            ParameterStore store = new ParameterStore(m, false);
            NDList a = new NDList(x);
            for (int b = 0; b < 2; b++) {
                a = net.getChildren().get(b).getValue().forward(store, a, false);
            }
            float[] activations = a.singletonOrThrow().toFloatArray();
            int z = size * size;
            for (int i = 0; i < n; i++) {
                int c = explained[i];
                float[] expectedWeights = new float[k];
                float[] expectedAlphas = new float[k * z];
                float[] expectedMap = new float[z];
                for (int ch = 0; ch < k; ch++) {
                    double mean = 0;
                    for (int p = 0; p < z; p++) {
                        mean += activations[(i * k + ch) * z + p];
                    }
                    mean /= z;
                    double denominator = 2 + v[c][ch] * mean;
                    assertTrue(denominator > 0, "pick weights that keep the closed form defined");
                    for (int p = 0; p < z; p++) {
                        expectedAlphas[ch * z + p] = (float) (1 / denominator);
                    }
                    expectedWeights[ch] = (float) (Math.max(0, v[c][ch]) / denominator);
                    for (int p = 0; p < z; p++) {
                        expectedMap[p] += expectedWeights[ch] * activations[(i * k + ch) * z + p];
                    }
                }
                for (int p = 0; p < z; p++) {
                    expectedMap[p] = Math.max(0, expectedMap[p]);
                }
                assertArrayEquals(expectedAlphas, e.alphas()[i], 1e-4f, "alphas of image " + i);
                assertArrayEquals(expectedWeights, e.weights()[i], 1e-5f, "weights of image " + i);
                assertArrayEquals(expectedMap, e.maps()[i], 1e-5f, "map of image " + i);
                assertEquals(c, e.classes()[i]);
            }
            assertEquals(size, e.height());
            assertEquals(size * size, e.heat()[0].length);
        }
    }

    @Test
    void theHeatMapPeaksInsideTheObjectOnTheSyntheticSquares() {
        int size = 16;
        int classes = 3;
        Engine.getInstance().setRandomSeed(3);
        DatasetSplits<ImageDataset> data = Synthetic.builder()
                .optNumClasses(classes)
                .optImageSize(size, size)
                .build()
                .splits(150, 30, 9);
        float[][] stats = data.train().normalization();
        SequentialBlock classifier = new SequentialBlock()
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .setFilters(8)
                        .build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .setFilters(8)
                        .build())
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
        SequentialBlock network = new SequentialBlock()
                .add(new PixelNormalization(stats[0], stats[1]))
                .add(classifier);
        try (Model model = Model.newInstance("cam")) {
            model.setBlock(network);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed(0.01f))
                            .build());
            Batches train = Batches.builder()
                    .setDataset(data.train())
                    .setBatchSize(30)
                    .optSeed(1)
                    .build();
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 3, size, size));
                for (int epoch = 0; epoch < 12; epoch++) {
                    try (EpochIterator it = train.epoch(epoch)) {
                        while (it.hasNext()) {
                            try (Batch batch = it.next(trainer.getManager())) {
                                EasyTrain.trainBatch(trainer, batch);
                                trainer.step();
                            }
                        }
                    }
                }
            }
            ImageDataset test = data.test();
            try (NDManager m = NDManager.newBaseManager()) {
                float[] pixels = new float[test.size() * test.imageBytes()];
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = test.pixels()[i] & 0xFF;
                }
                NDArray x = m.create(pixels, new Shape(test.size(), 3, size, size));
                FeatureLayer layer = FeatureLayers.last(classifier);
                assertEquals("04LambdaBlock", layer.path(), "the ReLU after the second convolution");
                GradCamPlusPlus.Explanation e = new GradCamPlusPlus(network, layer).explain(x, test.labels());
                int inside = 0;
                int correct = 0;
                for (int i = 0; i < test.size(); i++) {
                    int[] box = squareOf(test.label(i), classes, size);
                    checkBoxIsTheObject(test, i, box);
                    int[] peak = e.peak(i);
                    if (peak[0] >= box[0]
                            && peak[0] < box[0] + box[2]
                            && peak[1] >= box[1]
                            && peak[1] < box[1] + box[2]) {
                        inside++;
                    }
                    if (e.predicted()[i] == test.label(i)) {
                        correct++;
                    }
                }
                System.out.printf(
                        "GradCAM++ peak inside the square in %d of %d images (top-1 %d/%d)%n",
                        inside, test.size(), correct, test.size());
                assertTrue(correct >= test.size() * 0.8, "the network did not learn: " + correct);
                assertTrue(inside >= test.size() * 0.8, "peak inside the object in only " + inside + " images");
            }
        }
    }

    /** Top, left and side of the square of a class, as {@code Synthetic.draw} places it. */
    private static int[] squareOf(int label, int classes, int size) {
        int side = Math.max(2, size / 4);
        int grid = (int) Math.ceil(Math.sqrt(classes));
        int top = Math.round((float) (label / grid) * (size - side) / (grid - 1));
        int left = Math.round((float) (label % grid) * (size - side) / (grid - 1));
        return new int[] {top, left, side};
    }

    /** Guards the copy of Synthetic's geometry: the box is much brighter than the rest of the image. */
    private static void checkBoxIsTheObject(ImageDataset data, int image, int[] box) {
        int size = data.width();
        double in = 0;
        double out = 0;
        int inCount = 0;
        for (int c = 0; c < data.channels(); c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int v = data.pixels()[image * data.imageBytes() + (c * size + y) * size + x] & 0xFF;
                    if (y >= box[0] && y < box[0] + box[2] && x >= box[1] && x < box[1] + box[2]) {
                        in += v;
                        inCount++;
                    } else {
                        out += v;
                    }
                }
            }
        }
        in /= inCount;
        out /= data.imageBytes() - inCount;
        assertTrue(in > out + 60, "image " + image + ": the box is not the square (" + in + " vs " + out + ")");
    }
}
