package org.jpegdl.experiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.jpegdl.data.Batches;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.jpeg.Adaptation;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.recipe.Recipe;

/**
 * The multipliers of the learned tables that an adaptive JPEG layer's predictor gives each image of a set, in the
 * set's order: 64 luma multipliers (and 64 chroma ones for colour) per image, the same 64 for
 * {@link Adaptation#PER_IMAGE}. An image's step is the learned step times its multiplier, clamped to the layer's range.
 *
 * @param adaptation how the layer adapts
 * @param luma per image, 64 luma multipliers in natural order
 * @param chroma per image, 64 chroma multipliers; null for grayscale
 */
public record ImageMultipliers(Adaptation adaptation, float[][] luma, float[][] chroma) {

    /**
     * The multipliers of every image of {@code images} as the network sees it (the recipe's padding), by the
     * predictor of {@code layer}, which must adapt its tables.
     */
    public static ImageMultipliers of(JpegLayer layer, ImageDataset images, Recipe recipe, NDManager manager) {
        if (layer.adaptation() == Adaptation.NONE) {
            throw new IllegalArgumentException("this JPEG layer does not adapt its tables to each image");
        }
        boolean color = layer.channels() == 3;
        float[][] luma = new float[images.size()][];
        float[][] chroma = color ? new float[images.size()][] : null;
        Batches batches = RunData.evaluationBatches(images, recipe, RunData.EVAL_BATCH);
        ParameterStore store = new ParameterStore(manager, false);
        int next = 0;
        try (EpochIterator it = batches.epoch(0)) {
            while (it.hasNext()) {
                try (Batch batch = it.next(manager)) {
                    NDArray m = layer.multipliers(store, batch.getData().singletonOrThrow());
                    int n = batch.getSize();
                    float[] values = m.toType(DataType.FLOAT32, false).toFloatArray();
                    int perImage = values.length / n; // 1 (per image) or C·64 (per frequency)
                    for (int i = 0; i < n; i++, next++) {
                        luma[next] = row(values, i * perImage, perImage, 0);
                        if (color) {
                            chroma[next] = row(values, i * perImage, perImage, 1);
                        }
                    }
                }
            }
        }
        if (next != images.size()) {
            throw new IllegalStateException("predicted " + next + " images' tables for a set of " + images.size());
        }
        return new ImageMultipliers(layer.adaptation(), luma, chroma);
    }

    /** Channel {@code channel}'s 64 multipliers of one image's values starting at {@code offset}. */
    private static float[] row(float[] values, int offset, int perImage, int channel) {
        float[] out = new float[64];
        if (perImage == 1) {
            Arrays.fill(out, values[offset]);
        } else {
            System.arraycopy(values, offset + channel * 64, out, 0, 64);
        }
        return out;
    }

    /** Images in the set. */
    public int size() {
        return luma.length;
    }

    /**
     * How much coarser than the learned tables an image's tables are: the geometric mean of its multipliers (luma
     * and chroma together); above 1 coarser, below 1 finer.
     */
    public double coarseness(int image) {
        double sum = 0;
        int count = 0;
        for (float[] table : chroma == null ? List.of(luma[image]) : List.of(luma[image], chroma[image])) {
            for (float v : table) {
                sum += Math.log(v);
                count++;
            }
        }
        return Math.exp(sum / count);
    }

    /**
     * What the predictor learned over a labelled set, for the report.
     *
     * @param adaptation how the layer adapts
     * @param images images summarised
     * @param coarseness per image, in the set's order (see {@link #coarseness})
     * @param labels per image
     * @param classNames class names, by label
     * @param classCoarseness per class, the geometric mean of its images' coarseness
     * @param lumaMean per frequency, the geometric mean over the images of the luma multiplier
     * @param chromaMean the same for chroma; null for grayscale
     * @param coarsest indices of the images with the coarsest tables, coarsest first
     * @param finest indices of the images with the finest tables, finest first
     * @param channels channels of the images
     * @param height image height
     * @param width image width
     * @param coarsestPixels the coarsest images' pixels, C×H×W levels 0..255 each, in the order of {@code coarsest}
     * @param finestPixels the finest images' pixels, in the order of {@code finest}
     */
    public record Summary(
            String adaptation,
            int images,
            double[] coarseness,
            int[] labels,
            List<String> classNames,
            double[] classCoarseness,
            double[] lumaMean,
            double[] chromaMean,
            int[] coarsest,
            int[] finest,
            int channels,
            int height,
            int width,
            int[][] coarsestPixels,
            int[][] finestPixels) {}

    /** The summary over {@code images} (the set these multipliers were predicted for), {@code extremes} each way. */
    public Summary summarise(ImageDataset images, int extremes) {
        if (images.size() != size()) {
            throw new IllegalArgumentException("multipliers of " + size() + " images for a set of " + images.size());
        }
        double[] coarseness =
                IntStream.range(0, size()).mapToDouble(this::coarseness).toArray();
        int[] labels = images.labels();
        double[] logSum = new double[images.numClasses()];
        int[] count = new int[images.numClasses()];
        for (int i = 0; i < size(); i++) {
            logSum[labels[i]] += Math.log(coarseness[i]);
            count[labels[i]]++;
        }
        double[] perClass = new double[logSum.length];
        for (int c = 0; c < perClass.length; c++) {
            perClass[c] = count[c] == 0 ? Double.NaN : Math.exp(logSum[c] / count[c]);
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, size()).boxed().toList());
        order.sort(Comparator.comparingDouble(i -> coarseness[i]));
        int k = Math.min(extremes, size());
        int[] finest = new int[k];
        int[] coarsest = new int[k];
        for (int i = 0; i < k; i++) {
            finest[i] = order.get(i);
            coarsest[i] = order.get(order.size() - 1 - i);
        }
        return new Summary(
                adaptation.text(),
                size(),
                coarseness,
                labels,
                images.classNames(),
                perClass,
                geometricMean(luma),
                chroma == null ? null : geometricMean(chroma),
                coarsest,
                finest,
                images.channels(),
                images.height(),
                images.width(),
                pixels(images, coarsest),
                pixels(images, finest));
    }

    private static int[][] pixels(ImageDataset images, int[] indices) {
        int[][] out = new int[indices.length][];
        for (int k = 0; k < indices.length; k++) {
            byte[] image = images.image(indices[k]);
            out[k] = new int[image.length];
            for (int i = 0; i < image.length; i++) {
                out[k][i] = image[i] & 0xFF;
            }
        }
        return out;
    }

    private static double[] geometricMean(float[][] tables) {
        double[] out = new double[64];
        for (float[] t : tables) {
            for (int i = 0; i < 64; i++) {
                out[i] += Math.log(t[i]);
            }
        }
        for (int i = 0; i < 64; i++) {
            out[i] = Math.exp(out[i] / tables.length);
        }
        return out;
    }
}
