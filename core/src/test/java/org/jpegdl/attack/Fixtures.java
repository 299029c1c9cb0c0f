package org.jpegdl.attack;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
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
import org.jpegdl.experiment.Network;
import org.jpegdl.jpeg.JpegLayer;
import org.junit.jupiter.api.AfterEach;

/**
 * What the attack tests share: linear classifiers with seeded weights, a JPEG layer with a classifier and a batch in
 * one manager ({@link Scene}), seeded test images, the loss gradient at the layer output, and a briefly trained JPEG-DL
 * network.
 */
final class Fixtures {

    private Fixtures() {}

    /**
     * A JPEG layer with a linear classifier behind it and a batch of images and labels, made in one manager by a test's
     * {@code @BeforeEach} ({@link #scene}) and closed after each test.
     */
    abstract static class Scene {
        protected NDManager m;
        protected JpegLayer layer;
        protected SequentialBlock classifier;
        protected NDArray x;
        protected NDArray y;
        protected float[] pixels;

        /**
         * Initialises {@code jpeg} for (1, channels, size, size) and puts a {@link #linear} classifier of
         * {@code classes} (weights N(0, std²), seed {@code seed}) behind it; x holds {@code images}, y {@code labels}.
         */
        protected void scene(
                JpegLayer jpeg,
                int channels,
                int size,
                int classes,
                double std,
                long seed,
                float[] images,
                float[] labels) {
            m = NDManager.newBaseManager();
            layer = jpeg;
            layer.initialize(m, DataType.FLOAT32, new Shape(1, channels, size, size));
            classifier = linear(channels, size, classes, std, seed, m);
            pixels = images;
            x = m.create(pixels, new Shape(labels.length, channels, size, size));
            y = m.create(labels);
        }

        @AfterEach
        void closeScene() {
            m.close();
        }
    }

    /** {@code count} pixel values drawn uniformly from 0…255 with a seeded generator. */
    static float[] randomPixels(int count, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[count];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        return pixels;
    }

    /**
     * {@code count} pixel values, about a third each within 3 levels of 0, within 3 of 255 and anywhere in 0…255: many
     * at or near the ends of the range, where an ε-ball leaves [0,255].
     */
    static float[] edgePixels(int count, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[count];
        for (int i = 0; i < pixels.length; i++) {
            int r = random.nextInt(3);
            pixels[i] = r == 0 ? random.nextInt(4) : r == 1 ? 255 - random.nextInt(4) : random.nextInt(256);
        }
        return pixels;
    }

    /** The largest magnitude in {@code v}. */
    static float maxAbs(float[] v) {
        float max = 0;
        for (float f : v) {
            max = Math.max(max, Math.abs(f));
        }
        return max;
    }

    /**
     * The cross-entropy's gradient with respect to the layer's output for images x and labels y, the layer in its
     * current quantisation (the classifier's gradient a BPDA surrogate's backward pass receives).
     */
    static NDArray gradientAtLayerOutput(JpegLayer layer, Block classifier, NDArray x, NDArray y, NDManager m) {
        ParameterStore store = new ParameterStore(m, false);
        NDArray out =
                layer.forward(store, new NDList(x), false).singletonOrThrow().stopGradient();
        out.setRequiresGradient(true);
        try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray logits = classifier.forward(store, new NDList(out), false).singletonOrThrow();
            c.backward(AttackTarget.crossEntropySum(logits, y));
        }
        return out.getGradient().duplicate();
    }

    /** flatten → Linear(classes), initialised for (1, channels, size, size) with seeded N(0, std²) weights. */
    static SequentialBlock linear(int channels, int size, int classes, double std, long seed, NDManager manager) {
        SequentialBlock block = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, size, size));
        Random random = new Random(seed);
        for (Pair<String, Parameter> p : block.getParameters()) {
            float[] values = new float[(int) p.getValue().getArray().size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (std * random.nextGaussian());
            }
            p.getValue().getArray().set(values);
        }
        return block;
    }

    /** A network (grey 16×16, 4 classes, linear classifier) trained briefly on the synthetic squares. */
    record Trained(Model model, Network network, DatasetSplits<ImageDataset> data) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /** JPEG-DL (quality-50 tables, soft quantiser, tables frozen) or the baseline, trained for a few epochs. */
    static Trained trained(boolean jpeg, int epochs) {
        Engine.getInstance().setRandomSeed(11);
        DatasetSplits<ImageDataset> data = Synthetic.builder()
                .optNumClasses(4)
                .optChannels(1)
                .optImageSize(16, 16)
                .optNoiseStd(40)
                .build()
                .splits(240, 48, 5);
        float[][] stats = data.train().normalization();
        JpegLayer layer = JpegLayer.builder()
                .optChannels(1)
                .optNormalization(stats[0], stats[1])
                .build();
        Block classifier = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(4).build());
        Network network = jpeg ? Network.jpegDl(layer, classifier) : Network.baseline(classifier, stats[0], stats[1]);
        Model model = Model.newInstance("attack-fixture");
        model.setBlock(network.block());
        if (jpeg) {
            layer.freezeParameters(true); // train the classifier only: the tables stay at quality 50
        }
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed(0.01f))
                        .build());
        Batches train = Batches.builder()
                .setDataset(data.train())
                .setBatchSize(40)
                .optSeed(3)
                .build();
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(new Shape(1, 1, 16, 16));
            for (int epoch = 0; epoch < epochs; epoch++) {
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
        if (jpeg) {
            layer.freezeParameters(false);
        }
        return new Trained(model, network, data);
    }
}
