package org.jpegdl.cli;

import ai.djl.ndarray.NDManager;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.nd.Devices;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jpegdl eval}: test accuracy of a run's last checkpoint. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Evaluates a run's last checkpoint on its test split (soft JPEG layer as trained; --hard also "
                + "with plain rounding, as a real JPEG codec quantises).")
final class EvalCommand implements Callable<Integer> {

    @Mixin
    RunDirectoryOption runDir;

    @Option(names = "--hard", description = "Also evaluate with hard quantisation (JPEG-DL runs).")
    boolean hard;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        engine.apply();
        RunDirectory run = runDir.directory();
        try (NDManager manager = Devices.newBaseManager()) {
            RunAssembly.Prepared p = RunAssembly.load(run, manager);
            Evaluation.Result r = Evaluation.evaluate(p.network().block(), p.test(), manager);
            print(run, p.network().isJpegDl() ? "soft JPEG layer" : "baseline", r);
            JpegLayer layer = p.network().jpegLayer();
            if (hard && layer != null) {
                layer.setQuantization(JpegLayer.Quantization.HARD);
                print(run, "hard quantisation", Evaluation.evaluate(p.network().block(), p.test(), manager));
            }
        }
        return 0;
    }

    private static void print(RunDirectory run, String what, Evaluation.Result r) {
        System.out.printf(
                Locale.ROOT,
                "%s (%s): %d test images, loss %.4f, top-1 %.2f%%, top-5 %.2f%%%n",
                run.root(),
                what,
                r.images(),
                r.loss(),
                100 * r.top1(),
                100 * r.top5());
    }
}
