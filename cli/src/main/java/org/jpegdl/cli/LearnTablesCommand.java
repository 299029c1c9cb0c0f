package org.jpegdl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.codec.CodecTables;
import org.jpegdl.codec.RateAccuracy;
import org.jpegdl.io.AtomicFiles;
import org.jpegdl.report.ReportPages;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jpegdl learn-tables}: JPEG tables for a trained classifier, learned in front of it while it stays frozen,
 * with a rate term; then measured on real files against the standard ladder, exported for cjpeg, and reported.
 */
@Command(
        name = "learn-tables",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Learns JPEG quantisation tables for a trained classifier: the JPEG layer goes in front of "
                    + "--classifier RUN's classifier, which stays as it is (inference mode, no gradients), and only the "
                    + "tables (and trainable alphas) learn, minimising cross-entropy + L × the estimated bits per pixel "
                    + "(--lambda L). Data set, data folder and model are RUN's unless given.",
            "Then, unless --no-rate: every test image is written with the learned tables and with the standard "
                    + "ladder, decoded and classified (as 'jpegdl rate'), and the bits saved at equal top-1 are printed. "
                    + "The run folder gets qtables.txt (the tables for 'cjpeg -qtables', or 'jpegdl compress --in DIR "
                    + "--qtables FILE') and report.html."
        })
final class LearnTablesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions options;

    @Option(
            names = "--classifier",
            required = true,
            paramLabel = "RUN",
            description = "The trained run whose " + "classifier (its last checkpoint) the tables are learned for.")
    Path classifier;

    @Option(
            names = "--lambda",
            required = true,
            paramLabel = "L",
            description =
                    "Weight of the estimated bits per "
                            + "pixel in the loss (>= 0; 0: cross-entropy alone; larger: smaller files). The tables stay what a JPEG "
                            + "file holds: steps at or above 1 and, unless --bits is given, baseline JPEG's index range (11 bits).")
    Double lambda;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the data order and augmentation.")
    long seed;

    @Option(names = "--name", description = "Run name (default: MODEL-tables-lambdaL-sSEED).")
    String name;

    @Option(names = "--resume", description = "Continue the run in the run directory from its last checkpoint.")
    boolean resume;

    @Option(names = "--no-rate", description = "Do not measure real files afterwards ('jpegdl rate' later does).")
    boolean noRate;

    @Override
    public Integer call() throws Exception {
        RunDirectory source = new RunDirectory(classifier);
        if (!Files.isDirectory(classifier) || !source.exists()) {
            throw new IllegalArgumentException(
                    "--classifier " + classifier + ": not a jpegdl run directory (no " + "config.json)");
        }
        if (source.checkpointStore().latestEpoch().isEmpty()) {
            throw new IllegalArgumentException("--classifier " + classifier + " has no checkpoint (it never finished "
                    + "an epoch): there is no trained classifier to learn tables for");
        }
        RunConfig trained = source.readConfig();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--model")) {
            options.model = trained.model();
        }
        if (!spec.commandLine().getParseResult().hasMatchedOption("--dataset")) {
            // the classifier's own data, read as it read it, unless the command line says otherwise
            options.dataset = trained.dataset();
            if (!spec.commandLine().getParseResult().hasMatchedOption("--data")) {
                options.dataDir = trained.dataDir();
            }
            if (!spec.commandLine().getParseResult().hasMatchedOption("--image-size")) {
                options.imageSize = trained.dataSettings().imageSize();
            }
            if (!spec.commandLine().getParseResult().hasMatchedOption("--test-fraction")) {
                options.testFraction = trained.dataSettings().testFraction();
            }
        }
        TrainCommand train = new TrainCommand();
        train.options = options;
        train.seed = seed;
        train.name =
                name != null ? name : String.format(Locale.ROOT, "%s-tables-lambda%s-s%d", options.model, lambda, seed);
        train.resume = resume;
        train.initFrom = classifier.toString();
        train.freezeClassifier = true;
        train.lambda = lambda;
        train.reportLater = true;
        int code = train.call();
        if (code != 0) {
            return code;
        }
        RunDirectory run = train.trained;
        CodecTables tables = CodecTables.learned(run, null);
        AtomicFiles.writeString(
                run.qtables(),
                tables.toCjpegText("jpegdl learn-tables: the tables of " + run.root() + " for the classifier of "
                        + classifier + " (lambda " + lambda + "), rounded to integers in 1..255"));
        System.out.println("tables for cjpeg -qtables: " + run.qtables());
        if (!noRate) {
            RateAccuracy.Curve curve = RateCommand.measure(run, run.root(), options.testLimit);
            if (curve.saved() != null) {
                System.out.println("bits saved at equal top-1 against standard JPEG:");
                curve.saved().describe().forEach(line -> System.out.println("  " + line));
            }
        }
        if (!options.noReport) {
            ReportPages.write(List.of(run.root()), run.report(), true, System.out);
        }
        return 0;
    }
}
