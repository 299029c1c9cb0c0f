package org.jpegdl.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.codec.RateAccuracy;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.experiment.ImageMultipliers;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.jpeg.Adaptation;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.nd.Devices;
import org.jpegdl.report.AdaptiveFigures;
import org.jpegdl.report.RateFigure;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jpegdl rate}: bits per pixel, PSNR and top-1 of a trained model on real JPEG files. */
@Command(name = "rate", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Writes a run's test images as real JPEG files with its learned tables and with the standard "
                + "tables at qualities 10, 20, ..., 90, 95, decodes them, and classifies the decoded pixels with the "
                + "trained model: through the JPEG layer in hard mode, and with the layer bypassed. A run whose tables "
                + "adapt to each image also writes every image with its own predicted tables (the adaptive point) "
                + "and RUN_DIR/adaptive.json: what the predictor gives the test images.",
            "Writes RUN_DIR/rate.json (bits per pixel, PSNR, top-1 per point) and RUN_DIR/plots/rate.png."})
final class RateCommand implements Callable<Integer> {

    @Mixin
    RunDirectoryOption runDir;

    @Mixin
    TestImageLimit limit;

    @Mixin
    EngineOptions engine;

    /** Test images shown with the coarsest and with the finest tables. */
    private static final int EXTREMES = 8;

    @Override
    public Integer call() throws Exception {
        engine.apply();
        RunDirectory run = runDir.directory();
        String command = "./jpegdl rate --run " + runDir.path
                + (limit.images > 0 ? " --test-limit " + limit.images : "");
        try (NDManager manager = Devices.newBaseManager()) {
            RunAssembly.Prepared p = RunAssembly.load(run, manager);
            ImageDataset test = RateAccuracy.limited(p.inMemory().test(), limit.images);
            System.out.printf(Locale.ROOT, "%s: %d test images (%s, %d×%d×%d) through real JPEG files%n", run.root(),
                    test.size(), test.name(), test.channels(), test.height(), test.width());
            JpegLayer layer = p.network().jpegLayer();
            // an adaptive layer's multipliers of the test images, once: for the files and for adaptive.json
            ImageMultipliers multipliers = layer != null && layer.adaptation() != Adaptation.NONE
                    ? ImageMultipliers.of(layer, test, p.config().recipe(), manager) : null;
            RateAccuracy.Curve curve = RateAccuracy.measure(p, test, multipliers, command, manager, System.out);
            Path json = RateAccuracy.write(run, curve);
            Path png = RateFigure.write(run);
            System.out.printf(Locale.ROOT, "-> %s, %s%n", json, png);
            if (multipliers != null) {
                ImageMultipliers.Summary summary = multipliers.summarise(test, EXTREMES);
                Json.write(run.adaptiveTables(), summary);
                System.out.printf(Locale.ROOT, "-> %s, %s%n", run.adaptiveTables(),
                        String.join(", ", AdaptiveFigures.write(run).stream().map(Path::toString).toList()));
            }
        }
        return 0;
    }
}
