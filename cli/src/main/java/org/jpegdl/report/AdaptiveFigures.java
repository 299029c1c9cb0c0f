package org.jpegdl.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpegdl.experiment.ImageMultipliers;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunDirectory;

/**
 * The figures of what an adaptive JPEG layer learned, drawn from a run's {@code adaptive.json}: the distribution of
 * the test images' coarseness and its mean per class ({@code plots/adaptive.png}), and the test images that got the
 * coarsest and the finest tables ({@code plots/adaptive-extremes.png}).
 */
public final class AdaptiveFigures {

    private AdaptiveFigures() {}

    /** Draws both figures of {@code run}; returns their files. */
    public static List<Path> write(RunDirectory run) throws IOException {
        ImageMultipliers.Summary s = Json.read(run.adaptiveTables(), ImageMultipliers.Summary.class);
        Plots.adaptiveMultipliers(s, run.adaptivePlot());
        List<List<BufferedImage>> rows = List.of(tiles(s, s.coarsestPixels()), tiles(s, s.finestPixels()));
        List<String> columns = new ArrayList<>();
        for (int k = 0; k < s.coarsest().length; k++) {
            columns.add(String.format(
                    Locale.ROOT, "%.4f / %.4f", s.coarseness()[s.coarsest()[k]], s.coarseness()[s.finest()[k]]));
        }
        ImageGrid.write(
                columns,
                List.of("coarsest\ntables", "finest\ntables"),
                rows,
                ImageGrid.scaleFor(s.height(), s.width()),
                run.adaptiveExtremesPlot());
        return List.of(run.adaptivePlot(), run.adaptiveExtremesPlot());
    }

    private static List<BufferedImage> tiles(ImageMultipliers.Summary s, int[][] images) {
        List<BufferedImage> out = new ArrayList<>();
        for (int[] pixels : images) {
            float[] chw = new float[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                chw[i] = pixels[i];
            }
            out.add(ImageGrid.fromPixels(chw, 0, s.channels(), s.height(), s.width()));
        }
        return out;
    }
}
