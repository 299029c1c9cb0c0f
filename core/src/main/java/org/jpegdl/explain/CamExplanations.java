package org.jpegdl.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.data.Batches;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.experiment.Network;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.nd.Devices;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;

/**
 * GradCAM++ of one or two trained runs on the same test images, computed and not drawn: per image its pixels, and
 * per run what the network sees (the JPEG layer's output un-normalised to [0,255]; the input itself for a baseline)
 * and the heat map, with the {@link Summary} that goes into the JSON (layer, classes, predictions, heat-map peaks).
 * Pixel arrays hold the images one after the other, each channel-major (C, H, W) in [0,255].
 *
 * @param classNames the data set's class names, by class index
 * @param channels C of every image
 * @param height H
 * @param width W
 * @param inputs the test images' pixels
 * @param runs per run, in the order given
 * @param summary what the JSON holds
 */
public record CamExplanations(
        List<String> classNames,
        int channels,
        int height,
        int width,
        float[] inputs,
        List<RunView> runs,
        Summary summary) {

    /** Which class a heat map explains. */
    public enum Target {
        /** The network's top-1 class. */
        PREDICTED,
        /** The image's true class. */
        LABEL
    }

    /** What the explanations show, as written to the JSON. */
    public record Summary(List<String> runs, List<String> layers, List<Image> images, String command) {}

    /** One image: its test index and class, and per run the class explained, top-1 and peak. */
    public record Image(
            int index,
            int label,
            String className,
            List<Integer> explained,
            List<Integer> predicted,
            List<int[]> peaks) {}

    /**
     * One run's part.
     *
     * @param name the run's name
     * @param jpegDl whether {@code networkView} is the JPEG layer's output (else the input itself)
     * @param networkView what the classifier sees, laid out as {@code inputs}
     * @param explanation the GradCAM++ explanation of every image
     */
    public record RunView(String name, boolean jpegDl, float[] networkView, GradCamPlusPlus.Explanation explanation) {}

    /** Images explained. */
    public int images() {
        return summary.images().size();
    }

    /**
     * Explains the same test images of every run.
     *
     * @param runs one or two run directories on the same data set
     * @param images how many test images (classes taken in turn: the first image of every class, then the second)
     * @param layer a feature-map path ({@link FeatureLayers#find}) or null for the last convolutional stage
     * @param target which class each heat map explains
     * @param log where the explained layer of each run is named; may be null
     * @param command the command line, recorded in the summary
     */
    public static CamExplanations compute(
            List<RunDirectory> runs, int images, String layer, Target target, PrintStream log, String command)
            throws IOException {
        if (runs.isEmpty() || runs.size() > 2) {
            throw new IllegalArgumentException("GradCAM++ figures take one or two runs, got " + runs.size());
        }
        if (images < 1) {
            throw new IllegalArgumentException("--images must be at least 1, got " + images);
        }
        List<NDManager> managers = new ArrayList<>();
        try {
            List<RunAssembly.Prepared> prepared = new ArrayList<>();
            for (RunDirectory run : runs) {
                NDManager m = Devices.newBaseManager();
                managers.add(m);
                prepared.add(RunAssembly.load(run, m));
            }
            ImageDataset test = prepared.get(0).inMemory().test();
            for (RunAssembly.Prepared p : prepared) {
                ImageDataset other = p.inMemory().test();
                if (!other.name().equals(test.name())
                        || other.size() != test.size()
                        || other.imageBytes() != test.imageBytes()) {
                    throw new IllegalArgumentException(
                            "the runs were not tested on the same images (" + test + " vs " + other + ")");
                }
            }
            int[] indices = pick(test, images);
            ImageDataset chosen = test.subset(indices);
            List<String> layers = new ArrayList<>();
            float[] inputs = null;
            List<RunView> views = new ArrayList<>();
            int[] shape = null;
            for (int r = 0; r < runs.size(); r++) {
                RunAssembly.Prepared p = prepared.get(r);
                RunConfig config = p.config();
                Network network = p.network();
                FeatureLayer featureLayer = layer == null
                        ? FeatureLayers.last(network.classifier())
                        : FeatureLayers.find(network.classifier(), layer);
                layers.add(featureLayer.describe());
                if (log != null) {
                    log.printf("%s: GradCAM++ at %s%n", config.name(), featureLayer.describe());
                }
                Batches batches = RunAssembly.evaluationBatches(chosen, config.recipe(), chosen.size());
                try (EpochIterator it = batches.epoch(0);
                        Batch batch = it.next(managers.get(r))) {
                    NDArray x = batch.getData().singletonOrThrow();
                    int[] s = {
                        (int) x.getShape().get(1),
                        (int) x.getShape().get(2),
                        (int) x.getShape().get(3)
                    };
                    shape = shape == null ? s : shape;
                    if (s[1] != shape[1] || s[2] != shape[2]) {
                        throw new IllegalArgumentException("the runs feed images of different sizes to their "
                                + "networks (" + shape[1] + "×" + shape[2] + " vs " + s[1] + "×" + s[2] + ")");
                    }
                    if (inputs == null) {
                        inputs = x.toFloatArray();
                    }
                    float[] seen = networkView(network, x);
                    GradCamPlusPlus.Explanation explanation = new GradCamPlusPlus(network.block(), featureLayer)
                            .explain(x, target == Target.LABEL ? chosen.labels() : null);
                    views.add(new RunView(config.name(), network.isJpegDl(), seen, explanation));
                }
            }
            List<Image> records = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) {
                List<Integer> explained = new ArrayList<>();
                List<Integer> predicted = new ArrayList<>();
                List<int[]> peaks = new ArrayList<>();
                for (RunView view : views) {
                    GradCamPlusPlus.Explanation e = view.explanation();
                    explained.add(e.classes()[i]);
                    predicted.add(e.predicted()[i]);
                    peaks.add(e.peak(i));
                }
                records.add(new Image(
                        indices[i],
                        chosen.label(i),
                        chosen.classNames().get(chosen.label(i)),
                        explained,
                        predicted,
                        peaks));
            }
            List<String> names = prepared.stream().map(p -> p.config().name()).toList();
            Summary summary = new Summary(names, layers, records, command);
            return new CamExplanations(chosen.classNames(), shape[0], shape[1], shape[2], inputs, views, summary);
        } finally {
            for (NDManager m : managers) {
                m.close();
            }
        }
    }

    /** Writes the summary as JSON to {@code json}. */
    public void writeSummary(Path json) throws IOException {
        Json.write(json, summary);
    }

    /** The pixels the classifier sees, in [0,255]: the JPEG layer's output with its normalisation undone. */
    static float[] networkView(Network network, NDArray x) {
        JpegLayer layer = network.jpegLayer();
        return layer == null ? x.toFloatArray() : layer.view(x);
    }

    /** The first image of every class in test order, then the second of every class, ..., {@code count} in all. */
    static int[] pick(LabelledImages test, int count) {
        int n = Math.min(count, test.size());
        List<List<Integer>> byClass = new ArrayList<>();
        for (int k = 0; k < test.numClasses(); k++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < test.size(); i++) {
            byClass.get(test.label(i)).add(i);
        }
        int[] out = new int[n];
        int filled = 0;
        for (int round = 0; filled < n; round++) {
            for (int k = 0; k < test.numClasses() && filled < n; k++) {
                if (round < byClass.get(k).size()) {
                    out[filled++] = byClass.get(k).get(round);
                }
            }
        }
        return out;
    }
}
