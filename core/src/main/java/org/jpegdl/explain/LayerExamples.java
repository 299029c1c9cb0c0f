package org.jpegdl.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.data.Batches;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.experiment.Network;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.nd.Devices;
import org.jpegdl.run.RunDirectory;

/**
 * Example test images of a JPEG-DL run before and after its JPEG layer, from the last checkpoint: the input, what
 * the classifier sees with the soft quantiser it was trained with, and with hard rounding (what a real JPEG codec
 * with the learned tables would give). Computed, not drawn; pixel arrays hold the images one after the other, each
 * channel-major (C, H, W) in [0,255].
 *
 * @param indices the images' indices in the test split
 * @param classNames each image's class name
 * @param channels C of every image
 * @param height H
 * @param width W
 * @param inputs the images as the network gets them
 * @param soft after the JPEG layer with soft quantisation, normalisation undone
 * @param hard after the JPEG layer with hard rounding, normalisation undone
 */
public record LayerExamples(
        int[] indices,
        List<String> classNames,
        int channels,
        int height,
        int width,
        float[] inputs,
        float[] soft,
        float[] hard) {

    /** Images shown. */
    public int images() {
        return indices.length;
    }

    /**
     * The examples of {@code images} test images (the first of every class, then the second, ...); the layer's
     * quantisation is restored afterwards.
     *
     * @throws IllegalArgumentException for a baseline run (no JPEG layer)
     * @throws IOException when the run has no checkpoint or its data cannot be read
     */
    public static LayerExamples of(RunDirectory run, int images) throws IOException {
        try (NDManager manager = Devices.newBaseManager()) {
            RunAssembly.Prepared p = RunAssembly.load(run, manager);
            Network network = p.network();
            JpegLayer layer = network.jpegLayer();
            if (layer == null) {
                throw new IllegalArgumentException(run.root() + " is a baseline run: it has no JPEG layer");
            }
            // photo data sets too: the chosen test files are decoded as the run's evaluation decodes them
            LabelledImages test = p.data().test();
            int[] indices = CamExplanations.pick(test, images);
            LabelledImages chosen = test.subset(indices);
            Batches batches = RunAssembly.evaluationBatches(chosen, p.config(), chosen.size());
            JpegLayer.Quantization trained = layer.getQuantization();
            try (EpochIterator it = batches.epoch(0);
                    Batch batch = it.next(manager)) {
                NDArray x = batch.getData().singletonOrThrow();
                float[] input = x.toFloatArray();
                layer.setQuantization(JpegLayer.Quantization.SOFT);
                float[] soft = CamExplanations.networkView(network, x);
                layer.setQuantization(JpegLayer.Quantization.HARD);
                float[] hard = CamExplanations.networkView(network, x);
                List<String> classNames = new ArrayList<>();
                for (int i = 0; i < chosen.size(); i++) {
                    classNames.add(chosen.classNames().get(chosen.label(i)));
                }
                return new LayerExamples(
                        indices,
                        classNames,
                        (int) x.getShape().get(1),
                        (int) x.getShape().get(2),
                        (int) x.getShape().get(3),
                        input,
                        soft,
                        hard);
            } finally {
                layer.setQuantization(trained);
            }
        }
    }
}
