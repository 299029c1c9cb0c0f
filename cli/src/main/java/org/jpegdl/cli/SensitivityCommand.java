package org.jpegdl.cli;

import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.report.RunFigures;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.SensitivityMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jpegdl sensitivity}: the DCT sensitivity map of a trained baseline run. */
@Command(
        name = "sensitivity",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Mean over training images of the squared gradient of the cross-entropy with respect to "
                    + "each DCT coefficient, per frequency, for Y (and Cb, Cr): RUN_DIR/sensitivity.json and "
                    + "RUN_DIR/plots/sensitivity.png.",
            "Start JPEG-DL tables from it with " + "'train --init sensitivity:RUN_DIR'."
        })
final class SensitivityCommand implements Callable<Integer> {

    @Mixin
    RunDirectoryOption runDir;

    @Option(names = "--images", defaultValue = "2000", description = "Training images to average over.")
    int images;

    @Option(names = "--force", description = "Recompute even if sensitivity.json exists.")
    boolean force;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        engine.apply();
        RunDirectory run = runDir.directory();
        if (force) {
            Files.deleteIfExists(run.sensitivity());
        }
        SensitivityMap map = RunAssembly.sensitivity(run, images);
        RunFigures.updateSensitivity(run);
        System.out.printf(
                Locale.ROOT, "%s: sensitivity over %d images -> %s%n", run.root(), map.images(), run.sensitivity());
        printMap("Y", map.y());
        if (map.cb() != null) {
            printMap("Cb", map.cb());
            printMap("Cr", map.cr());
        }
        return 0;
    }

    private static void printMap(String channel, double[] v) {
        System.out.println(channel + " (rows: vertical frequency)");
        for (int r = 0; r < 8; r++) {
            StringBuilder sb = new StringBuilder("  ");
            for (int c = 0; c < 8; c++) {
                sb.append(String.format(Locale.ROOT, "%10.3e", v[r * 8 + c]));
            }
            System.out.println(sb);
        }
    }
}
