package org.jpegdl.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.codec.RateAccuracy;
import org.jpegdl.codec.RateSweep;
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
import picocli.CommandLine.Option;

/** {@code jpegdl rate}: bits per pixel, PSNR and top-1 of a trained model on real JPEG files. */
@Command(
        name = "rate",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Writes a run's test images as real JPEG files (baseline, Huffman tables optimised for each "
                    + "file) with its learned tables (4:4:4) and with the standard tables at qualities 5, 10, ..., 95 "
                    + "(4:4:4 and, for colour, 4:2:0), decodes them, and classifies the decoded pixels with the trained "
                    + "model: through the JPEG layer in hard mode, and with the layer bypassed. The headline is the bits "
                    + "per pixel the learned tables save at equal top-1 (layer bypassed) against the smallest standard "
                    + "file that reaches it. A run whose tables adapt to each image also writes every image with its own "
                    + "predicted tables (the adaptive point) and RUN_DIR/adaptive.json.",
            "Writes RUN_DIR/rate.json (bits per pixel, PSNR, top-1 and the rate estimate per point, the bits saved) "
                    + "and RUN_DIR/plots/rate.png. With several --run (a lambda sweep): also OUT_DIR/rate-sweep.json and "
                    + "OUT_DIR/rate-sweep.png, the learned curve over the ladder; runs that keep one frozen classifier "
                    + "share its ladder and get the saving averaged over the accuracies both curves cover."
        })
final class RateCommand implements Callable<Integer> {

    @Option(
            names = "--run",
            required = true,
            paramLabel = "RUN_DIR",
            description = "A trained run; give it once per " + "run of a sweep.")
    List<Path> runs;

    @Option(
            names = "--out",
            paramLabel = "OUT_DIR",
            description = "With several --run: where rate-sweep.json and "
                    + "rate-sweep.png go (default: the first run's parent folder).")
    Path out;

    @Mixin
    TestImageLimit limit;

    @Mixin
    EngineOptions engine;

    /** Test images shown with the coarsest and with the finest tables. */
    private static final int EXTREMES = 8;

    @Override
    public Integer call() throws Exception {
        engine.apply();
        List<RunDirectory> directories = new ArrayList<>();
        for (Path path : runs) {
            RunDirectory run = new RunDirectory(path);
            run.readConfig(); // every run readable before the first is measured
            directories.add(run);
        }
        for (int i = 0; i < runs.size(); i++) {
            measure(directories.get(i), runs.get(i), limit.images);
        }
        if (directories.size() > 1) {
            Path folder = out != null ? out : parent(runs.get(0));
            StringBuilder command = new StringBuilder("./jpegdl rate");
            runs.forEach(r -> command.append(" --run ").append(r));
            if (out != null) {
                command.append(" --out ").append(out);
            }
            if (limit.images > 0) {
                command.append(" --test-limit ").append(limit.images);
            }
            RateSweep sweep = RateSweep.of(directories, command.toString());
            Files.createDirectories(folder);
            Path json = sweep.write(folder);
            Path png = RateFigure.writeSweep(folder);
            System.out.println("sweep of " + directories.size() + " runs"
                    + (sweep.sharedClassifier()
                            ? ", one frozen classifier and its ladder:"
                            : ", each against its own classifier's ladder:"));
            sweep.saved().describe().forEach(line -> System.out.println("  " + line));
            System.out.printf(Locale.ROOT, "-> %s, %s%n", json, png);
        }
        return 0;
    }

    private static Path parent(Path run) {
        Path parent = run.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    /** One run's rate.json, its figure and, for adaptive tables, adaptive.json. */
    static RateAccuracy.Curve measure(RunDirectory run, Path given, int limit) throws Exception {
        String command = "./jpegdl rate --run " + given + (limit > 0 ? " --test-limit " + limit : "");
        try (NDManager manager = Devices.newBaseManager()) {
            RunAssembly.Prepared p = RunAssembly.load(run, manager);
            List<String> skipped = new ArrayList<>();
            ImageDataset test =
                    RateAccuracy.limited(RunAssembly.evaluationImages(p.data().test(), p.config(), skipped), limit);
            skipped.forEach(line -> System.out.println("  left out (unreadable): " + line));
            System.out.printf(
                    Locale.ROOT,
                    "%s: %d test images (%s, %d×%d×%d) through real JPEG files%n",
                    run.root(),
                    test.size(),
                    test.name(),
                    test.channels(),
                    test.height(),
                    test.width());
            JpegLayer layer = p.network().jpegLayer();
            // an adaptive layer's multipliers of the test images, once: for the files and for adaptive.json
            ImageMultipliers multipliers = layer != null && layer.adaptation() != Adaptation.NONE
                    ? ImageMultipliers.of(layer, test, p.config().recipe(), manager)
                    : null;
            RateAccuracy.Curve curve = RateAccuracy.measure(p, test, multipliers, command, manager, System.out);
            Path json = RateAccuracy.write(run, curve);
            Path png = RateFigure.write(run);
            System.out.printf(Locale.ROOT, "-> %s, %s%n", json, png);
            if (multipliers != null) {
                ImageMultipliers.Summary summary = multipliers.summarise(test, EXTREMES);
                Json.write(run.adaptiveTables(), summary);
                System.out.printf(
                        Locale.ROOT,
                        "-> %s, %s%n",
                        run.adaptiveTables(),
                        String.join(
                                ", ",
                                AdaptiveFigures.write(run).stream()
                                        .map(Path::toString)
                                        .toList()));
            }
            return curve;
        }
    }
}
