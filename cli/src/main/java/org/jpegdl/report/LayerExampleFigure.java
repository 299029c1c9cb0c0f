package org.jpegdl.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpegdl.explain.LayerExamples;
import org.jpegdl.run.RunDirectory;

/**
 * The example figure of a JPEG-DL run ({@code plots/examples.png}): per image the input, what the classifier sees
 * with the soft quantiser, and with hard rounding.
 */
public final class LayerExampleFigure {

    private LayerExampleFigure() {}

    /**
     * Computes the examples of {@code images} test images ({@link LayerExamples#of}) and draws them to the run's
     * {@code plots/examples.png}.
     *
     * @return the figure's path
     * @throws IllegalArgumentException for a baseline run (no JPEG layer)
     * @throws IOException when the run has no checkpoint or its data cannot be read
     */
    public static Path write(RunDirectory run, int images) throws IOException {
        Path png = run.examplesPlot();
        write(LayerExamples.of(run, images), png);
        return png;
    }

    /** Draws the examples as one PNG grid at {@code png}. */
    public static void write(LayerExamples examples, Path png) throws IOException {
        int channels = examples.channels();
        int height = examples.height();
        int width = examples.width();
        int plane = channels * height * width;
        List<List<BufferedImage>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < examples.images(); i++) {
            rows.add(List.of(
                    ImageGrid.fromPixels(examples.inputs(), i * plane, channels, height, width),
                    ImageGrid.fromPixels(examples.soft(), i * plane, channels, height, width),
                    ImageGrid.fromPixels(examples.hard(), i * plane, channels, height, width)));
            labels.add(String.format(
                    Locale.ROOT,
                    "#%d %s",
                    examples.indices()[i],
                    examples.classNames().get(i)));
        }
        ImageGrid.write(
                List.of("input", "after the JPEG layer:\nsoft, as trained", "hard rounding:\nas a real JPEG codec"),
                labels,
                rows,
                ImageGrid.scaleFor(height, width),
                png);
    }
}
