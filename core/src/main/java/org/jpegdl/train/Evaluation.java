package org.jpegdl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import org.jpegdl.data.Batches;
import org.jpegdl.data.EpochIterator;

/** Test-split evaluation of a classifier block: mean cross-entropy, top-1 and top-5. */
public final class Evaluation {

    /** What an evaluation measured. */
    public record Result(double loss, double top1, double top5, int images) {}

    private Evaluation() {}

    /** Evaluates in inference mode over every batch of {@code data}'s epoch 0 (no gradient is recorded). */
    public static Result evaluate(Block block, Batches data, NDManager manager) {
        ParameterStore store = new ParameterStore(manager, false);
        SoftmaxCrossEntropyLoss lossFunction = new SoftmaxCrossEntropyLoss();
        double lossSum = 0;
        long top1 = 0;
        long top5 = 0;
        int images = 0;
        try (EpochIterator it = data.epoch(0)) {
            while (it.hasNext()) {
                try (Batch batch = it.next(manager)) {
                    NDArray labels = batch.getLabels().singletonOrThrow();
                    NDArray logits =
                            block.forward(store, batch.getData(), false).singletonOrThrow();
                    int n = batch.getSize();
                    lossSum += lossFunction
                                    .evaluate(new NDList(labels), new NDList(logits))
                                    .getFloat()
                            * n;
                    Counts c = count(logits, labels);
                    top1 += c.top1();
                    top5 += c.top5();
                    images += n;
                }
            }
        }
        return new Result(lossSum / images, (double) top1 / images, (double) top5 / images, images);
    }

    /** Correct predictions in a batch at top-1 and top-5 (top-k capped at the number of classes). */
    public record Counts(long top1, long top5) {}

    /** Counts correct top-1 and top-5 predictions of {@code logits} (N, classes) for float labels (N). */
    public static Counts count(NDArray logits, NDArray labels) {
        NDArray truth = labels.toType(DataType.INT64, false);
        long top1 = logits.argMax(1)
                .toType(DataType.INT64, false)
                .eq(truth)
                .sum()
                .toType(DataType.INT64, false)
                .getLong();
        long classes = logits.getShape().get(1);
        int k = (int) Math.min(5, classes);
        NDArray ranked = logits.argSort(1, false).get(":, 0:" + k);
        long top5 = ranked.eq(truth.expandDims(1))
                .toType(DataType.INT32, false)
                .sum(new int[] {1})
                .gt(0)
                .sum()
                .toType(DataType.INT64, false)
                .getLong();
        return new Counts(top1, top5);
    }
}
