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
import java.util.concurrent.ExecutorService;

/**
 * The batches of one epoch of {@link Batches}, in order. {@link #next(NDManager)} creates each batch's arrays in a
 * new sub-manager of the given manager and hands it to the {@link Batch}: closing the batch closes that sub-manager
 * and its arrays, so close every batch when done with it. With prefetch on, a background thread prepares the next
 * batches' float arrays (up to {@link Batches#prefetchDepth()} ahead) while the caller works; only the NDArray
 * creation happens on the caller's thread. Image files are decoded by a pool of {@link Batches#decodeThreads()}
 * threads that lives as long as the epoch. Use from one thread; close the iterator (try-with-resources) to stop the
 * background threads early. A {@link DatasetException} while preparing a batch reaches the caller as a
 * {@link DatasetException} with the same message (it names the file).
 */
public final class EpochIterator implements AutoCloseable {

    private final Batches batches;
    private final int epoch;
    private final int[] order;
    private final int total;
    private final BlockingQueue<Object> ready;
    private final Thread producer;
    private final ExecutorService decoders;
    private int delivered;
    private boolean closed;

    EpochIterator(Batches batches, int epoch, int[] order) {
        this.batches = batches;
        this.epoch = epoch;
        this.order = order;
        this.total = batches.batchesPerEpoch();
        this.decoders = total > 0 ? batches.newDecoderPool() : null;
        if (batches.prefetch() && total > 0) {
            ready = new ArrayBlockingQueue<>(batches.prefetchDepth());
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
            return new Batch(
                    manager,
                    new NDList(data),
                    new NDList(labels),
                    prepared.size(),
                    Batchifier.STACK,
                    Batchifier.STACK,
                    prepared.batchIndex(),
                    total,
                    indices);
        } catch (RuntimeException | Error e) {
            manager.close();
            throw e;
        }
    }

    /** The next batch as plain float arrays (no engine involved). */
    public PreparedBatch nextPrepared() {
        if (!hasNext()) {
            throw new NoSuchElementException(
                    closed ? "epoch iterator is closed" : "epoch " + epoch + " has only " + total + " batches");
        }
        PreparedBatch prepared;
        if (producer == null) {
            prepared = batches.prepare(epoch, delivered, order, decoders);
            if (delivered + 1 == total) {
                stopDecoders(false);
            }
        } else {
            prepared = take();
        }
        delivered++;
        return prepared;
    }

    /** Stops the background threads, if any; further calls to {@link #hasNext()} answer false. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopDecoders(true);
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
            throw new IllegalStateException(
                    "interrupted while waiting for batch " + delivered + " of epoch " + epoch, e);
        }
        if (item instanceof Failure failure) {
            close();
            if (failure.cause instanceof DatasetException data) {
                throw new DatasetException(data.getMessage(), data);
            }
            throw new IllegalStateException(
                    "preparing batch " + failure.batchIndex + " of epoch " + epoch + " failed: " + failure.cause,
                    failure.cause);
        }
        return (PreparedBatch) item;
    }

    private void produce() {
        int batchIndex = 0;
        try {
            for (; batchIndex < total && !Thread.currentThread().isInterrupted(); batchIndex++) {
                ready.put(batches.prepare(epoch, batchIndex, order, decoders));
            }
            stopDecoders(false);
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

    private void stopDecoders(boolean now) {
        if (decoders != null) {
            if (now) {
                decoders.shutdownNow();
            } else {
                decoders.shutdown();
            }
        }
    }

    /** What the background thread hands over instead of a batch when preparing it failed. */
    private record Failure(int batchIndex, Throwable cause) {}
}
