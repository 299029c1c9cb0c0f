package org.jpegdl.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.run.EpochMetrics;

/**
 * What the training loop and its listeners share: the network, its optimisers, the epoch under way with its running
 * loss and accuracy, and the metrics of the epochs finished so far (restored ones included). The loop writes the
 * batch and epoch figures; listeners add what they measure for the epoch (test results, memory, the index clamp's
 * saturation) before the metrics listener records it.
 */
public final class TrainingState {

    /** Memory after an epoch, in MiB (-1 where the platform cannot say). */
    public record MemoryReading(double residentMb, double nativeHeapInUseMb) {}

    private final String runName;
    private final Block network;
    private final JpegLayer jpegLayer;
    private final Recipe recipe;
    private final NDManager manager;
    private final Map<String, ParameterOptimizer> optimizers = new LinkedHashMap<>();
    private final List<EpochMetrics> history = new ArrayList<>();
    private int startEpoch;
    private int epoch;
    private double modelLr;
    private double tableLr;
    private double lossSum;
    private long correct;
    private long images;
    private double trainSeconds;
    private Evaluation.Result test;
    private Evaluation.Result validation;
    private double validationSeconds;
    private double testSeconds;
    private MemoryReading memory = new MemoryReading(-1, -1);
    private List<EpochMetrics.Saturation> saturation;

    TrainingState(String runName, Block network, JpegLayer jpegLayer, Recipe recipe, NDManager manager) {
        this.runName = runName;
        this.network = network;
        this.jpegLayer = jpegLayer;
        this.recipe = recipe;
        this.manager = manager;
    }

    /** The run's name, for messages. */
    public String runName() {
        return runName;
    }

    /** The whole network, pixels in [0,255] in, logits out. */
    public Block network() {
        return network;
    }

    /** The JPEG layer, or null for a baseline. */
    public JpegLayer jpegLayer() {
        return jpegLayer;
    }

    /** The resolved recipe the run trains with. */
    public Recipe recipe() {
        return recipe;
    }

    /** The manager the network's parameters and the optimisers' state live in. */
    public NDManager manager() {
        return manager;
    }

    /** The optimisers by name ("model", and "tables" for JPEG-DL), as checkpoints save them. */
    public Map<String, ParameterOptimizer> optimizers() {
        return optimizers;
    }

    /** The metrics of every finished epoch, in order. */
    public List<EpochMetrics> history() {
        return history;
    }

    /** The first epoch (0-based) this process trains: 0, or the epochs a loaded checkpoint had finished. */
    public int startEpoch() {
        return startEpoch;
    }

    /** Continues after {@code finishedEpochs} epochs (a resumed run). */
    public void resumeAfter(int finishedEpochs) {
        this.startEpoch = finishedEpochs;
    }

    /** The epoch under way or just finished, 0-based. */
    public int epoch() {
        return epoch;
    }

    /** The model's learning rate in this epoch. */
    public double modelLr() {
        return modelLr;
    }

    /** The tables' learning rate in this epoch (0 for a baseline). */
    public double tableLr() {
        return tableLr;
    }

    /** Mean training loss of this epoch's batches so far. */
    public double trainLoss() {
        return lossSum / Math.max(images, 1);
    }

    /** Training accuracy of this epoch's batches so far. */
    public double trainTop1() {
        return (double) correct / Math.max(images, 1);
    }

    /** Training images of this epoch so far. */
    public long trainImages() {
        return images;
    }

    /** Seconds this epoch's training batches took (set at the epoch's end). */
    public double trainSeconds() {
        return trainSeconds;
    }

    /** The epoch's test result, once a listener has evaluated it. */
    public Evaluation.Result test() {
        return test;
    }

    /** Seconds the epoch's test evaluation took. */
    public double testSeconds() {
        return testSeconds;
    }

    /** Records the epoch's result on the validation split and the seconds its evaluation took. */
    public void recordValidation(Evaluation.Result result, double seconds) {
        this.validation = result;
        this.validationSeconds = seconds;
    }

    /** Seconds the epoch's validation evaluation took (0 without one). */
    public double validationSeconds() {
        return validationSeconds;
    }

    /** The epoch's validation result, once a listener has evaluated it; null without a validation split. */
    public Evaluation.Result validation() {
        return validation;
    }

    /** Records the epoch's test result and how long it took. */
    public void recordTest(Evaluation.Result result, double seconds) {
        this.test = result;
        this.testSeconds = seconds;
    }

    /** The memory reading after the epoch. */
    public MemoryReading memory() {
        return memory;
    }

    /** Records the memory reading after the epoch. */
    public void recordMemory(MemoryReading reading) {
        this.memory = reading;
    }

    /** The index clamp's saturation in this epoch's training passes, per round; null when none was recorded. */
    public List<EpochMetrics.Saturation> saturation() {
        return saturation;
    }

    /** Records the index clamp's saturation in this epoch's training passes, per round. */
    public void recordSaturation(List<EpochMetrics.Saturation> perRound) {
        this.saturation = List.copyOf(perRound);
    }

    void beginEpoch(int epoch, double modelLr, double tableLr) {
        this.epoch = epoch;
        this.modelLr = modelLr;
        this.tableLr = tableLr;
        lossSum = 0;
        correct = 0;
        images = 0;
        trainSeconds = 0;
        test = null;
        validation = null;
        validationSeconds = 0;
        testSeconds = 0;
        memory = new MemoryReading(-1, -1);
        saturation = null;
    }

    void addBatch(float loss, long correctInBatch, int size) {
        lossSum += loss * size;
        correct += correctInBatch;
        images += size;
    }

    void endEpoch(double seconds) {
        this.trainSeconds = seconds;
    }
}
