package org.jpegdl.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.jpegdl.experiment.Comparison;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.report.ComparisonWorkflow;
import org.jpegdl.run.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jpegdl quickstart}: a short baseline-vs-JPEG-DL comparison on the bundled data, with its estimate first. */
@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Trains resnet20 as baseline, computes its sensitivity map, trains JPEG-DL from it, and "
                    + "compares them: the bundled Fashion-MNIST subset (4,000 train / 1,000 test images), the CIFAR "
                    + "recipe shortened to a few epochs, one seed. About 2 minutes on a quiet 2-core machine (an "
                    + "estimate from measured step times); before it trains it times a few steps here and says what it "
                    + "will take now: other work on the machine slows it.",
            "Real experiments: 'jpegdl compare' (see docs/RESULTS.md)."
        })
final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--epochs", defaultValue = "4", description = "Epochs per run.")
    int epochs;

    @Option(names = "--model", defaultValue = "resnet20", description = "Model name.")
    String model;

    @Mixin
    EngineOptions engine;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "Where the runs are written.")
    String runsDir;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Option(names = "--no-report", description = "Do not write report.html pages.")
    boolean noReport;

    @Override
    public Integer call() throws Exception {
        engine.apply();
        System.out.println(QuickstartEstimate.measure(model, epochs, engine.threads()));
        Recipe recipe = Recipe.cifar().withEpochs(epochs);
        String name = "quickstart-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        RunConfig template = new RunConfig(
                name, "fashion-mnist-mini", null, model, true, recipe, 0, 0, 0, engine.threads(), Versions.current());
        Path dir = Path.of(runsDir, name);
        ComparisonWorkflow.builder()
                .setDirectory(dir)
                .setCommand(CommandLines.current("quickstart"))
                .optTraining(template, List.of(0L))
                .optProgressBar(!noProgress && System.console() != null)
                .optReport(!noReport)
                .optLog(System.out)
                .optListener(new ComparisonWorkflow.Listener() {
                    @Override
                    public void compared(Comparison comparison, Path directory, boolean trained) {
                        System.out.println();
                        System.out.print(comparison.toMarkdown());
                    }
                })
                .build()
                .run();
        System.out.println("runs, figures and tables: " + dir);
        System.out.println("This is a smoke-sized run (4,000 images, " + epochs + " epochs, 1 seed): its difference "
                + "is not evidence either way; see docs/RESULTS.md for full comparisons.");
        return 0;
    }
}
