package org.jpegdl.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Image files ({@link ImageList}) decoded as batches are made ({@link ImageDecoder}, optionally through an
 * {@link ImageCache}) by {@code decodeThreads} threads and transformed by a {@link PhotoTransform}. A file that
 * fails to decode stops the epoch with a {@link DatasetException} naming it, or, when the list was read with
 * skip-bad on, is left out of its batch and remembered (a batch whose every image is bad takes the epoch's next
 * readable image).
 */
final class ImageFileBatchSource implements BatchSource {

    private final ImageList files;
    private final PhotoTransform transform;
    private final int decodeThreads;
    private final ImageCache cache;
    private final Map<Integer, DatasetException> badFiles = new LinkedHashMap<>();

    /**
     * @param transform the per-image transform (required)
     * @param decodeThreads threads decoding in parallel (1: the thread preparing the batch)
     * @param cache the decoded-image cache, or null
     */
    ImageFileBatchSource(ImageList files, PhotoTransform transform, int decodeThreads, ImageCache cache) {
        if (transform == null) {
            throw new IllegalArgumentException(files.name() + " is a list of image files: optPhotoTransform("
                    + "PhotoTransform.training(size) or .evaluation(size)) is required");
        }
        this.files = files;
        this.transform = transform;
        this.decodeThreads = decodeThreads;
        this.cache = cache;
    }

    @Override
    public LabelledImages images() {
        return files;
    }

    @Override
    public int[] imageShape() {
        return new int[] {3, transform.size(), transform.size()};
    }

    @Override
    public int defaultPrefetchDepth() {
        return 2;
    }

    @Override
    public PreparedBatch prepare(
            int[] order,
            int start,
            int size,
            long batchSeed,
            int batchIndex,
            int batchesPerEpoch,
            ExecutorService decoders) {
        int side = transform.size();
        int outValues = 3 * side * side;
        float[] decoded = new float[size * outValues];
        DatasetException[] errors = new DatasetException[size];
        if (decoders == null) {
            for (int i = 0; i < size; i++) {
                errors[i] = decodeInto(order[start + i], batchSeed, i, decoded, i * outValues);
            }
        } else {
            List<Future<DatasetException>> pending = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int position = i;
                pending.add(decoders.submit(
                        () -> decodeInto(order[start + position], batchSeed, position, decoded, position * outValues)));
            }
            for (int i = 0; i < size; i++) {
                errors[i] = await(pending.get(i), pending);
            }
        }
        int[] indices = new int[size];
        float[] labels = new float[size];
        int kept = 0;
        for (int i = 0; i < size; i++) {
            int index = order[start + i];
            if (errors[i] != null) {
                if (!files.skipBad()) {
                    throw errors[i];
                }
                remember(index, errors[i]);
                continue;
            }
            if (kept != i) {
                System.arraycopy(decoded, i * outValues, decoded, kept * outValues, outValues);
            }
            indices[kept] = index;
            labels[kept] = files.label(index);
            kept++;
        }
        if (kept == 0 && size > 0) {
            // every image of the batch is bad: take the epoch's next readable one so no batch is empty
            for (int k = 0; k < order.length && kept == 0; k++) {
                int index = order[(start + size + k) % order.length];
                DatasetException error = decodeInto(index, batchSeed, size + k, decoded, 0);
                if (error == null) {
                    indices[0] = index;
                    labels[0] = files.label(index);
                    kept = 1;
                } else {
                    remember(index, error);
                }
            }
            if (kept == 0) {
                throw new DatasetException(files.source() + ": none of the " + files.size() + " images of "
                        + files.name() + " can be decoded (first: " + errors[0].getMessage() + ")");
            }
        }
        float[] data = decoded;
        if (kept < size) {
            data = Arrays.copyOf(decoded, kept * outValues);
            indices = Arrays.copyOf(indices, kept);
            labels = Arrays.copyOf(labels, kept);
        }
        return new PreparedBatch(data, labels, indices, 3, side, side, batchIndex, batchesPerEpoch);
    }

    @Override
    public ExecutorService newDecoderPool() {
        if (decodeThreads < 2) {
            return null;
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "jpegdl-decode-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(decodeThreads, factory);
    }

    @Override
    public List<SkippedImage> failed() {
        List<SkippedImage> all = new ArrayList<>();
        synchronized (badFiles) {
            for (Map.Entry<Integer, DatasetException> bad : badFiles.entrySet()) {
                Path path = files.path(bad.getKey());
                all.add(new SkippedImage(path.toString(), problemOf(bad.getValue(), path)));
            }
        }
        return all;
    }

    @Override
    public BatchSource forEvaluation(int[] indices) {
        return new ImageFileBatchSource(files.subset(indices), PhotoTransform.evaluation(transform.size()), 1, cache);
    }

    @Override
    public boolean isRandom() {
        return transform.isRandom();
    }

    @Override
    public InputTransform inputTransform() {
        return new InputTransform(3, transform.size(), transform.size(), 0, transform.size());
    }

    /** Decodes and transforms file {@code index} into out[offset..]; returns the problem instead of throwing it. */
    private DatasetException decodeInto(int index, long batchSeed, int position, float[] out, int offset) {
        DatasetException known;
        synchronized (badFiles) {
            known = badFiles.get(index);
        }
        if (known != null) {
            return known;
        }
        Path path = files.path(index);
        try {
            RgbImage image = cache == null ? ImageDecoder.decode(path) : cache.load(path);
            SplittableRandom random = new SplittableRandom(Batches.mix(batchSeed, position));
            transform.apply(image, transform.draw(image.width(), image.height(), random), out, offset);
            return null;
        } catch (DatasetException e) {
            return e;
        }
    }

    private void remember(int index, DatasetException error) {
        synchronized (badFiles) {
            badFiles.putIfAbsent(index, error);
        }
    }

    private static DatasetException await(Future<DatasetException> future, List<Future<DatasetException>> all) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            all.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding images", e);
        } catch (ExecutionException e) {
            all.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The message of a decode error without the leading "file: ". */
    private static String problemOf(DatasetException error, Path file) {
        String message = error.getMessage();
        String prefix = file + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
