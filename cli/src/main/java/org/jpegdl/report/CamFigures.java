package org.jpegdl.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpegdl.explain.CamExplanations;
import org.jpegdl.explain.GradCamPlusPlus;

/**
 * The GradCAM++ figure of {@code cam}: per image a row with the input, then per run what the network sees, the heat
 * map and the heat map over the input; the row label names the image's class and each run's top-1.
 */
public final class CamFigures {

    private CamFigures() {}

    /** Draws the explanations as one PNG grid at {@code png}. */
    public static void write(CamExplanations explanations, Path png) throws IOException {
        int channels = explanations.channels();
        int height = explanations.height();
        int width = explanations.width();
        int plane = channels * height * width;
        List<String> titles = new ArrayList<>(List.of("input"));
        for (CamExplanations.RunView run : explanations.runs()) {
            titles.add(run.name() + ":\n" + (run.jpegDl() ? "after the JPEG layer" : "network input"));
            titles.add(run.name() + ":\nGradCAM++");
            titles.add(run.name() + ":\noverlay");
        }
        List<List<BufferedImage>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<CamExplanations.Image> images = explanations.summary().images();
        for (int i = 0; i < images.size(); i++) {
            List<BufferedImage> row = new ArrayList<>();
            BufferedImage input = ImageGrid.fromPixels(explanations.inputs(), i * plane, channels, height, width);
            row.add(input);
            StringBuilder label = new StringBuilder(String.format(
                    Locale.ROOT, "#%d %s", images.get(i).index(), images.get(i).className()));
            for (CamExplanations.RunView run : explanations.runs()) {
                GradCamPlusPlus.Explanation e = run.explanation();
                row.add(ImageGrid.fromPixels(run.networkView(), i * plane, channels, height, width));
                row.add(ImageGrid.heat(e.heat()[i], height, width));
                row.add(ImageGrid.overlay(input, e.heat()[i], 0.5));
                label.append(String.format(
                        Locale.ROOT,
                        "%n%s: %s",
                        run.name(),
                        explanations.classNames().get(e.predicted()[i])));
            }
            rows.add(row);
            labels.add(label.toString());
        }
        ImageGrid.write(titles, labels, rows, ImageGrid.scaleFor(height, width), png);
    }
}
