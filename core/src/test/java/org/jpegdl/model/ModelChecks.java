package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;

/** Shared checks for the model tests: trainable parameter counts, output shapes, a few training steps. */
final class ModelChecks {

    private ModelChecks() {}

    /**
     * The number of trainable values of a block once initialised for {@code inputShape}: the sizes of all parameters
     * that require a gradient, so batch-norm running means and variances (which DJL lists as parameters) are left out.
     */
    static long trainableParameters(Block block, Shape inputShape) {
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, inputShape);
            return trainableParameters(block);
        }
    }

    /** Trainable values of an initialised block. */
    static long trainableParameters(Block block) {
        long total = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                total += p.getShape().size();
            }
        }
        return total;
    }

    /** Initialises the block for {@code inputShape}, runs one inference forward pass and returns the output shape. */
    static Shape inferenceOutputShape(Block block, Shape inputShape) {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, inputShape);
            NDArray x = manager.randomNormal(inputShape);
            NDArray y = block.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow();
            assertTrue(y.isInfinite().logicalOr(y.isNaN()).none().getBoolean(), "output has NaN or infinite values");
            return y.getShape();
        }
    }

    /**
     * Trains a fresh block for {@code steps} plain SGD steps on one fixed random batch and returns the training-mode
     * loss before each step and after the last (steps + 1 values).
     */
    static float[] trainOnFixedBatch(Block block, Shape inputShape, int numClasses, int steps, float learningRate) {
        Engine.getInstance().setRandomSeed(11);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.sgd()
                        .setLearningRateTracker(Tracker.fixed(learningRate))
                        .build());
        float[] losses = new float[steps + 1];
        try (Model model = Model.newInstance("smoke")) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inputShape);
                NDManager m = trainer.getManager();
                NDArray x = m.randomNormal(inputShape);
                long n = inputShape.get(0);
                float[] labels = new float[(int) n];
                for (int i = 0; i < n; i++) {
                    labels[i] = i % numClasses;
                }
                NDList y = new NDList(m.create(labels));
                for (int step = 0; step <= steps; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(new NDList(x));
                        NDArray loss = trainer.getLoss().evaluate(y, out);
                        losses[step] = loss.getFloat();
                        if (step < steps) {
                            gc.backward(loss);
                        }
                    }
                    if (step < steps) {
                        trainer.step();
                    }
                }
            }
        }
        return losses;
    }

    /** Asserts every loss is finite and the last is below the first. */
    static void assertLossDecreases(float[] losses) {
        String all = Arrays.toString(losses);
        for (float l : losses) {
            assertTrue(Float.isFinite(l), "non-finite loss in " + all);
        }
        assertTrue(losses[losses.length - 1] < losses[0], "loss did not decrease: " + all);
        System.out.println("losses " + all);
    }
}
