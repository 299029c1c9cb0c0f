package org.jpegdl.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The batches of one epoch of {@link Batches}, in order. {@link #next(NDManager)} creates each batch's arrays in a
 * new sub-manager of the given manager and hands it to the {@link Batch}: closing the batch closes that sub-manager
 * and its arrays, so close every batch when done with it. With prefetch on, a background thread prepares the next
 * batch's float arrays while the caller works; only the NDArray creation happens on the caller's thread. Use from one
 * thread; close the iterator (try-with-resources) to stop the background thread early.
 */
public final class EpochIterator implements AutoCloseable {

    private static final int PREFETCH_DEPTH = 1;

    private final Batches batches;
    private final int epoch;
    private final int[] order;
    private final int total;
    private final BlockingQueue<Object> ready;
    private final Thread producer;
    private int delivered;
    private boolean closed;

    EpochIterator(Batches batches, int epoch, int[] order) {
        this.batches = batches;
        this.epoch = epoch;
        this.order = order;
        this.total = batches.batchesPerEpoch();
        if (batches.prefetch() && total > 0) {
            ready = new ArrayBlockingQueue<>(PREFETCH_DEPTH);
            producer = new Thread(this::produce, "jpegdl-batch-prefetch");
            producer.setDaemon(true);
            producer.start();
        } else {
            ready = null;
            producer = null;
        }
    }

    /** Whether the epoch has another batch. */
    public boolean hasNext() {
        return !closed && delivered < total;
    }

    /** Batches in this epoch. */
    public int batchesInEpoch() {
        return total;
    }

    /**
     * The next batch as DJL arrays in a new sub-manager of {@code parent}: data float32 (N, C, H, W) in [0,255],
     * labels float32 (N) class indices; the batch's indices are the images' positions in the data set. Closing the
     * batch closes its sub-manager.
     */
    public Batch next(NDManager parent) {
        PreparedBatch prepared = nextPrepared();
        NDManager manager = parent.newSubManager();
        try {
            NDArray data = manager.create(prepared.data(), prepared.dataShape());
            NDArray labels = manager.create(prepared.labels(), prepared.labelShape());
            List<Integer> indices = new ArrayList<>(prepared.size());
            for (int index : prepared.indices()) {
                indices.add(index);
            }
            return new Batch(manager, new NDList(data), new NDList(labels), prepared.size(), Batchifier.STACK,
                    Batchifier.STACK, prepared.batchIndex(), total, indices);
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    /** The next batch as plain float arrays (no engine involved). */
    public PreparedBatch nextPrepared() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed ? "epoch iterator is closed"
                    : "epoch " + epoch + " has only " + total + " batches");
        }
        PreparedBatch prepared;
        if (producer == null) {
            prepared = batches.prepare(epoch, delivered, order);
        } else {
            prepared = take();
        }
        delivered++;
        return prepared;
    }

    /** Stops the background thread, if any; further calls to {@link #hasNext()} answer false. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (producer != null) {
            producer.interrupt();
            ready.clear();
            try {
                producer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private PreparedBatch take() {
        Object item;
        try {
            item = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for batch " + delivered + " of epoch "
                    + epoch, e);
        }
        if (item instanceof Failure failure) {
            close();
            throw new IllegalStateException("preparing batch " + failure.batchIndex + " of epoch " + epoch
                    + " failed: " + failure.cause, failure.cause);
        }
        return (PreparedBatch) item;
    }

    private void produce() {
        int batchIndex = 0;
        try {
            for (; batchIndex < total && !Thread.currentThread().isInterrupted(); batchIndex++) {
                ready.put(batches.prepare(epoch, batchIndex, order));
            }
        } catch (InterruptedException e) {
            // closed early: nothing more to prepare
        } catch (RuntimeException | Error e) {
            try {
                ready.put(new Failure(batchIndex, e));
            } catch (InterruptedException closedMeanwhile) {
                // the caller stopped waiting: nobody to tell
            }
        }
    }

    /** What the background thread hands over instead of a batch when preparing it failed. */
    private record Failure(int batchIndex, Throwable cause) {
    }
}
