package org.jpegdl.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.explain.CamExplanations;
import org.jpegdl.explain.FeatureLayer;
import org.jpegdl.explain.FeatureLayers;
import org.jpegdl.nd.Devices;
import org.jpegdl.report.CamFigures;
import org.jpegdl.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jpegdl cam}: GradCAM++ heat maps of one or two runs on the same test images. */
@Command(
        name = "cam",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "GradCAM++ at the last convolutional stage (or --layer) of a run's classifier: a PNG grid of "
                    + "input / what the network sees (after the JPEG layer, un-normalised to [0,255]) / heat map / "
                    + "overlay per image, side by side for two runs, and a JSON beside it.",
            "--list-layers prints the feature maps --layer can name."
        })
final class CamCommand implements Callable<Integer> {

    @Mixin
    RunPairOption runs;

    @Option(
            names = "--images",
            defaultValue = "8",
            description = "Test images (the first of every class, then the second, ...).")
    int images;

    @Option(
            names = "--layer",
            paramLabel = "PATH",
            description = "Feature map to explain, a path from 'cam --list-layers' or a unique end of one "
                    + "(default: the last map larger than 1×1, the last convolutional stage).")
    String layer;

    @Option(names = "--list-layers", description = "Print the feature maps of the run's classifier and stop.")
    boolean listLayers;

    @Option(
            names = "--explain",
            defaultValue = "PREDICTED",
            description = "Class each heat map explains: ${COMPLETION-CANDIDATES}.")
    CamExplanations.Target target;

    @Option(
            names = "--out",
            paramLabel = "PNG",
            description = "The figure (default: FIRST_RUN/plots/gradcam.png, "
                    + "or gradcam-vs-SECOND_RUN.png for two runs).")
    Path out;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        List<RunDirectory> dirs = runs.directories("cam");
        engine.apply();
        if (listLayers) {
            for (RunDirectory run : dirs) {
                try (NDManager m = Devices.newBaseManager()) {
                    RunAssembly.Prepared p = RunAssembly.load(run, m);
                    System.out.println(run.root() + " (" + p.config().model() + "): feature maps, last stage marked");
                    FeatureLayer last = FeatureLayers.last(p.network().classifier());
                    for (FeatureLayer f : FeatureLayers.list(p.network().classifier())) {
                        System.out.println((f.path().equals(last.path()) ? "* " : "  ") + f.describe());
                    }
                }
            }
            return 0;
        }
        Path png = out;
        if (png == null) {
            png = dirs.size() == 2
                    ? dirs.get(0).gradCamPlotAgainst(dirs.get(1).readConfig().name())
                    : dirs.get(0).gradCamPlot();
        }
        CamExplanations explanations =
                CamExplanations.compute(dirs, images, layer, target, System.out, CommandLines.current("cam"));
        CamFigures.write(explanations, png);
        Path json = png.resolveSibling(png.getFileName().toString().replaceFirst("\\.png$", "") + ".json");
        explanations.writeSummary(json);
        System.out.println("GradCAM++ of " + explanations.images() + " images at "
                + String.join(" and ", explanations.summary().layers()));
        System.out.println("written: " + png + ", " + json);
        return 0;
    }
}
