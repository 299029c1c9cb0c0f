package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A model from the zoo trains with DJL's Trainer: SGD on one fixed, seeded tiny batch lowers the loss. */
class TrainingSmokeTest {

    private static final int BATCH = 8;
    private static final int CLASSES = 10;
    private static final int STEPS = 10;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"resnet8", "vgg8"})
    void sgdStepsLowerTheLossOnAFixedBatch(String name) {
        Engine.getInstance().setRandomSeed(42);
        ModelSpec spec = ModelZoo.spec(name);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(0.05f))
                        .optMomentum(0.9f)
                        .build());
        try (Model model = Model.newInstance("smoke-" + name)) {
            model.setBlock(spec.build(CLASSES));
            try (Trainer trainer = model.newTrainer(config)) {
                Shape inputShape = new Shape(BATCH, 3, 32, 32);
                trainer.initialize(inputShape);
                try (NDManager batchManager = trainer.getManager().newSubManager()) {
                    Random random = new Random(7);
                    float[] pixels = new float[(int) inputShape.size()];
                    for (int i = 0; i < pixels.length; i++) {
                        pixels[i] = (float) random.nextGaussian();
                    }
                    float[] classes = new float[BATCH];
                    for (int i = 0; i < BATCH; i++) {
                        classes[i] = i % CLASSES;
                    }
                    NDArray images = batchManager.create(pixels, inputShape);
                    NDArray labels = batchManager.create(classes);

                    float first = Float.NaN;
                    float last = Float.NaN;
                    for (int step = 0; step < STEPS; step++) {
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(images)).singletonOrThrow();
                            NDArray loss = trainer.getLoss().evaluate(new NDList(labels), new NDList(logits));
                            collector.backward(loss);
                            last = loss.getFloat();
                        }
                        trainer.step();
                        if (step == 0) {
                            first = last;
                        }
                        assertTrue(Float.isFinite(last), "loss became " + last + " at step " + step);
                    }
                    System.out.printf("%s: loss %.4f → %.4f in %d SGD steps%n", name, first, last, STEPS);
                    assertTrue(last < 0.75f * first, name + ": loss " + first + " → " + last);
                }
            }
        }
    }
}
