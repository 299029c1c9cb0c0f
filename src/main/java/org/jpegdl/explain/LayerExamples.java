package org.jpegdl.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpegdl.data.Batches;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.experiment.Network;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.report.ImageGrid;
import org.jpegdl.run.RunDirectory;

/**
 * Example test images of a JPEG-DL run before and after its JPEG layer, from the last checkpoint: the input, what
 * the classifier sees with the soft quantiser it was trained with, and with hard rounding (what a real JPEG codec
 * with the learned tables would give), written as {@code plots/examples.png}.
 */
public final class LayerExamples {

    /** The figure's file name in the run's plots directory. */
    public static final String FILE = "examples.png";

    private LayerExamples() {}

    /**
     * Writes the figure for {@code images} test images (the first of every class, then the second, ...).
     *
     * @throws IllegalArgumentException for a baseline run (no JPEG layer)
     * @throws IOException when the run has no checkpoint or its data cannot be read
     */
    public static Path write(RunDirectory run, int images) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            RunAssembly.Prepared p = RunAssembly.load(run, manager);
            Network network = p.network();
            JpegLayer layer = network.jpegLayer();
            if (layer == null) {
                throw new IllegalArgumentException(run.root() + " is a baseline run: it has no JPEG layer");
            }
            ImageDataset test = p.inMemory().test();
            int[] indices = CamFigure.pick(test, images);
            ImageDataset chosen = test.subset(indices);
            Batches batches = RunAssembly.evaluationBatches(chosen, p.config().recipe(), chosen.size());
            JpegLayer.Quantization trained = layer.getQuantization();
            try (EpochIterator it = batches.epoch(0); Batch batch = it.next(manager)) {
                NDArray x = batch.getData().singletonOrThrow();
                int channels = (int) x.getShape().get(1);
                int height = (int) x.getShape().get(2);
                int width = (int) x.getShape().get(3);
                float[] input = x.toFloatArray();
                layer.setQuantization(JpegLayer.Quantization.SOFT);
                float[] soft = CamFigure.networkView(network, x);
                layer.setQuantization(JpegLayer.Quantization.HARD);
                float[] hard = CamFigure.networkView(network, x);
                int plane = channels * height * width;
                List<List<BufferedImage>> rows = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                for (int i = 0; i < chosen.size(); i++) {
                    rows.add(List.of(ImageGrid.fromPixels(input, i * plane, channels, height, width),
                            ImageGrid.fromPixels(soft, i * plane, channels, height, width),
                            ImageGrid.fromPixels(hard, i * plane, channels, height, width)));
                    labels.add(String.format(Locale.ROOT, "#%d %s", indices[i],
                            chosen.classNames().get(chosen.label(i))));
                }
                Path png = run.plots().resolve(FILE);
                int scale = Math.max(1, Math.min(6, 160 / Math.max(height, width)));
                ImageGrid.write(List.of("input", "after the JPEG layer:\nsoft, as trained",
                        "hard rounding:\nas a real JPEG codec"), labels, rows, scale, png);
                return png;
            } finally {
                layer.setQuantization(trained);
            }
        }
    }
}
