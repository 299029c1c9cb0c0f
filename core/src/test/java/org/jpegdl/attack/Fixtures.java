package org.jpegdl.attack;

import ai.djl.Model;
import ai.djl.engine.Engine;
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

/** Tiny models for the attack tests: linear classifiers with seeded weights, and a briefly trained JPEG-DL one. */
final class Fixtures {

    private Fixtures() {}

    /** flatten → Linear(classes), initialised for (1, channels, size, size) with seeded N(0, std²) weights. */
    static SequentialBlock linear(int channels, int size, int classes, double std, long seed, NDManager manager) {
        SequentialBlock block = new SequentialBlock().add(Blocks.batchFlattenBlock())
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
        DatasetSplits<ImageDataset> data = Synthetic.builder().optNumClasses(4).optChannels(1).optImageSize(16, 16)
                .optNoiseStd(40).build().splits(240, 48, 5);
        float[][] stats = data.train().normalization();
        JpegLayer layer = JpegLayer.builder().optChannels(1).optNormalization(stats[0], stats[1]).build();
        Block classifier = new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(4).build());
        Network network = jpeg ? Network.jpegDl(layer, classifier) : Network.baseline(classifier, stats[0], stats[1]);
        Model model = Model.newInstance("attack-fixture");
        model.setBlock(network.block());
        if (jpeg) {
            layer.freezeParameters(true); // train the classifier only: the tables stay at quality 50
        }
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.01f)).build());
        Batches train = Batches.builder().setDataset(data.train()).setBatchSize(40).optSeed(3).build();
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
