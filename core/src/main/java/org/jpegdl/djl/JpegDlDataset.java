package org.jpegdl.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpegdl.data.Batches;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.data.PreparedBatch;

/**
 * A jpegdl data pipeline ({@link Batches}) as a DJL {@link RandomAccessDataset}, for DJL's {@code Trainer} and
 * {@code EasyTrain.fit}: iterating it ({@code getData}) hands out exactly the pipeline's batches, epoch after epoch
 * (the first iteration is epoch 0, each further one the next epoch), with its shuffle, augmentation and seed, so a
 * DJL training loop sees the batches jpegdl's own loop sees. The arrays are made from the pipeline's Java arrays on
 * the manager DJL passes (the trainer's, so on its device), each batch in its own sub-manager that closing the batch
 * frees. {@link #get} is one image as the pipeline's evaluation transform gives it (no augmentation), for DJL's
 * samplers and {@code toArray}.
 *
 * <pre>{@code
 * RunAssembly.Prepared p = RunAssembly.prepare(config, RunAssembly.Options.standalone());
 * JpegDlDataset train = JpegDlDataset.of(p.train());
 * EasyTrain.fit(trainer, config.recipe().epochs(), train, JpegDlDataset.of(p.test()));
 * }</pre>
 */
public final class JpegDlDataset extends RandomAccessDataset {

    private final Batches batches;
    private final AtomicInteger nextEpoch = new AtomicInteger();

    private JpegDlDataset(Builder builder) {
        super(builder);
        this.batches = builder.batches;
    }

    /** The pipeline {@code batches} as a DJL dataset, sampled in batches of its own size. */
    public static JpegDlDataset of(Batches batches) {
        Builder builder = new Builder(batches);
        builder.setSampling(batches.batchSize(), false);
        return new JpegDlDataset(builder);
    }

    /** The pipeline behind this dataset. */
    public Batches batches() {
        return batches;
    }

    /** The epoch the next iteration ({@code getData}) hands out. */
    public int nextEpoch() {
        return nextEpoch.get();
    }

    /** Makes the next iteration hand out epoch {@code epoch} (a resumed training run). */
    public void setNextEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epochs count from 0, got " + epoch);
        }
        nextEpoch.set(epoch);
    }

    /** Image {@code index} with its label, as the pipeline's evaluation transform gives it. */
    @Override
    public Record get(NDManager manager, long index) {
        PreparedBatch one = batches.evaluationImages(Math.toIntExact(index));
        long[] shape = {one.channels(), one.height(), one.width()};
        return new Record(
                new NDList(manager.create(one.data(), new Shape(shape))), new NDList(manager.create(one.labels()[0])));
    }

    /**
     * The pipeline's next epoch with this dataset's own sampler (what {@code getData(manager)} and DJL's trainer
     * use); with another sampler, DJL's own batching over {@link #get}.
     */
    @Override
    public Iterable<Batch> getData(NDManager manager, Sampler sampler, ExecutorService executorService)
            throws IOException, TranslateException {
        if (sampler != this.sampler) {
            return super.getData(manager, sampler, executorService);
        }
        int epoch = nextEpoch.getAndIncrement();
        return () -> new EpochBatches(batches.epoch(epoch), manager);
    }

    /** {@inheritDoc} */
    @Override
    protected long availableSize() {
        return batches.dataset().size();
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Progress progress) {
        // the pipeline reads its images itself
    }

    /** One epoch of the pipeline as DJL batches; the epoch's threads stop when it is used up. */
    private static final class EpochBatches implements Iterator<Batch> {
        private final EpochIterator epoch;
        private final NDManager manager;

        EpochBatches(EpochIterator epoch, NDManager manager) {
            this.epoch = epoch;
            this.manager = manager;
        }

        @Override
        public boolean hasNext() {
            boolean more = epoch.hasNext();
            if (!more) {
                epoch.close();
            }
            return more;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the epoch has no more batches");
            }
            return epoch.next(manager);
        }
    }

    /** DJL's dataset builder, over a pipeline. */
    private static final class Builder extends BaseBuilder<Builder> {
        private final Batches batches;

        Builder(Batches batches) {
            this.batches = batches;
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
