package org.jpegdl.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.util.Pair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.data.Batches;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.ParameterGroup;
import org.jpegdl.nd.Devices;
import org.jpegdl.recipe.Recipe;

/**
 * Trains a network jointly with its JPEG layer: every batch, one forward and backward pass, then every trainable
 * parameter stepped by its group's optimiser at its group's rate and clamped as its group says ({@link
 * ParameterGroups}: the model by SGD, the tables, alphas and a table predictor each by their own). Every batch lives in its own NDManager, closed when
 * the batch is done, so native memory stays flat. Everything else (test evaluation, metrics, memory, tables,
 * checkpoints and resuming, progress, the divergence guard) is a {@link TrainingListener}.
 */
public final class TrainingLoop {

    private final String runName;
    private final Block network;
    private final JpegLayer jpegLayer;
    private final Recipe recipe;
    private final long seed;
    private final Batches train;
    private final List<TrainingListener> listeners;
    private final LossTerm extraLoss;
    private final double smallestStep;

    /**
     * @param runName the run's name, for messages
     * @param network the whole network, not yet initialised (pixels in [0,255] in, logits out)
     * @param jpegLayer the JPEG layer inside {@code network}, or null for a baseline
     * @param recipe the resolved recipe
     * @param seed seed of the initialisation
     * @param train training batches (augmented, shuffled per epoch)
     * @param listeners called in this order
     */
    public TrainingLoop(
            String runName,
            Block network,
            JpegLayer jpegLayer,
            Recipe recipe,
            long seed,
            Batches train,
            List<TrainingListener> listeners) {
        this(runName, network, jpegLayer, recipe, seed, train, listeners, null);
    }

    /**
     * As the other constructor, with {@code extraLoss} (null for none) added to every batch's cross-entropy before
     * the backward pass; the recorded training loss stays the cross-entropy.
     */
    public TrainingLoop(
            String runName,
            Block network,
            JpegLayer jpegLayer,
            Recipe recipe,
            long seed,
            Batches train,
            List<TrainingListener> listeners,
            LossTerm extraLoss) {
        this(runName, network, jpegLayer, recipe, seed, train, listeners, extraLoss, JpegLayer.MIN_STEP);
    }

    /**
     * The same, the tables kept at or above {@code smallestStep} from the first step on
     * ({@link ParameterGroups#SMALLEST_FILE_STEP} for tables a JPEG file must hold).
     */
    public TrainingLoop(
            String runName,
            Block network,
            JpegLayer jpegLayer,
            Recipe recipe,
            long seed,
            Batches train,
            List<TrainingListener> listeners,
            LossTerm extraLoss,
            double smallestStep) {
        if (!recipe.isResolved()) {
            throw new IllegalArgumentException("the training loop needs a resolved recipe (Recipe.resolve)");
        }
        this.runName = runName;
        this.network = network;
        this.jpegLayer = jpegLayer;
        this.recipe = recipe;
        this.seed = seed;
        this.train = train;
        this.listeners = List.copyOf(listeners);
        this.extraLoss = extraLoss;
        this.smallestStep = smallestStep;
    }

    /** Raised when the loss stops being finite. */
    public static final class DivergedException extends RuntimeException {
        /** A divergence described by {@code message}. */
        public DivergedException(String message) {
            super(message);
        }
    }

    /** Trains every epoch from the start, or from where a listener's checkpoint left off; returns the final state. */
    public TrainingState run() throws IOException {
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager root = Devices.newBaseManager()) {
            int[] shape = train.imageShape();
            network.initialize(root, DataType.FLOAT32, new Shape(1, shape[0], shape[1], shape[2]));
            TrainingState state = new TrainingState(runName, network, jpegLayer, recipe, root);
            ParameterGroups groups =
                    ParameterGroups.of(recipe, network, jpegLayer, train.batchesPerEpoch(), smallestStep, root);
            state.optimizers().putAll(groups.optimizers());
            for (TrainingListener l : listeners) {
                l.onTrainingBegin(state);
            }
            // after the listeners: a frozen classifier's weights are in (copied, or a checkpoint resumed)
            groups.freezeFrozenGroup();
            groups.clampAll(); // tables made below the smallest step start at it (a no-op in the layer's own range)
            List<Pair<String, Parameter>> parameters = new ArrayList<>();
            for (Pair<String, Parameter> p : network.getParameters()) {
                if (p.getValue().requiresGradient()
                        && groups.stepped(p.getValue().getId())) {
                    parameters.add(p);
                }
            }
            for (int epoch = state.startEpoch(); epoch < recipe.epochs(); epoch++) {
                state.beginEpoch(
                        epoch,
                        groups.learningRate(ParameterGroup.MODEL, epoch),
                        groups.learningRate(ParameterGroup.TABLES, epoch));
                long t0 = System.nanoTime();
                trainEpoch(state, root, parameters, groups);
                state.endEpoch((System.nanoTime() - t0) / 1e9);
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(state);
                }
            }
            for (TrainingListener l : listeners) {
                l.onTrainingEnd(state);
            }
            return state;
        }
    }

    private void trainEpoch(
            TrainingState state, NDManager root, List<Pair<String, Parameter>> parameters, ParameterGroups groups)
            throws IOException {
        ParameterStore store = new ParameterStore(root, false);
        SoftmaxCrossEntropyLoss lossFunction = new SoftmaxCrossEntropyLoss();
        int batchIndex = 0;
        try (EpochIterator it = train.epoch(state.epoch())) {
            for (TrainingListener l : listeners) {
                l.onEpochBegin(state, it.batchesInEpoch());
            }
            while (it.hasNext()) {
                try (Batch batch = it.next(root)) {
                    NDArray labels = batch.getLabels().singletonOrThrow();
                    NDArray logits;
                    NDArray loss;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        logits = network.forward(store, batch.getData(), true).singletonOrThrow();
                        loss = lossFunction.evaluate(new NDList(labels), new NDList(logits));
                        collector.backward(
                                extraLoss == null
                                        ? loss
                                        : loss.add(extraLoss.compute(
                                                store, batch.getData().singletonOrThrow())));
                    }
                    float value = loss.getFloat();
                    BatchResult result = new BatchResult(batchIndex, value, logits, labels, batch.getSize());
                    if (Float.isFinite(value)) {
                        state.addBatch(value, Evaluation.count(logits, labels).top1(), batch.getSize());
                    }
                    for (TrainingListener l : listeners) {
                        l.onBatch(state, result);
                    }
                    for (Pair<String, Parameter> p : parameters) {
                        groups.step(
                                p.getKey(), p.getValue().getId(), p.getValue().getArray(), null, state.epoch());
                    }
                    batchIndex++;
                }
            }
        }
    }
}
