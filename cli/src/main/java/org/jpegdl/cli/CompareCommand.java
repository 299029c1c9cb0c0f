package org.jpegdl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.attack.RobustnessTable;
import org.jpegdl.experiment.Comparison;
import org.jpegdl.experiment.PairedDifference;
import org.jpegdl.experiment.SweepResult;
import org.jpegdl.recipe.SearchSpace;
import org.jpegdl.report.ComparisonWorkflow;
import org.jpegdl.run.ComparisonDirectory;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jpegdl compare}: baseline against JPEG-DL with the same recipe, data, seeds and epochs. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Trains the baseline and JPEG-DL for each seed (JPEG-DL tables from that baseline's "
                    + "sensitivity map) and writes compare.md and compare.json: top-1/top-5 mean ± std over seeds, the "
                    + "difference, wall time, and the paired top-1 difference per seed with its mean, a 95%% confidence "
                    + "interval (Student's t over the seeds) and a verdict: better, worse, or no difference detectable "
                    + "at this number of seeds.",
            "How many seeds a claim needs: an interval needs 2; its half width is "
                    + "about 9 times the seed-to-seed spread of the difference at 2 seeds, 2.5 at 3 and 1.2 at 5, so "
                    + "a claim needs at least " + PairedDifference.SEEDS_FOR_A_CLAIM
                    + " seeds (e.g. --seeds 0,1,2,3,4); "
                    + "one seed gives no interval.",
            "Rerun with --resume to continue an interrupted comparison."
        })
final class CompareCommand implements Callable<Integer> {

    @Mixin
    RunOptions options;

    @Option(names = "--seeds", split = ",", defaultValue = "0,1,2", description = "Seeds, comma-separated.")
    List<Long> seeds;

    @Option(
            names = "--name",
            description = "Comparison name (default: DATASET-MODEL-eEPOCHS, with --init-from "
                    + "DATASET-MODEL-eEPOCHS-from-DIRNAME).")
    String name;

    @Option(names = "--resume", description = "Continue unfinished runs from their checkpoints.")
    boolean resume;

    @Option(
            names = "--from",
            paramLabel = "DIR",
            description = "Do not train: rebuild the table from the finished runs' summary.json files under DIR.")
    Path from;

    @Option(
            names = "--settings",
            paramLabel = "SWEEP_JSON",
            description = "Train the JPEG-DL arm with the setting a "
                    + "finished 'jpegdl sweep' chose (its sweep.json), on top of the options given here; the same data set and "
                    + "model as the sweep's.")
    Path settings;

    @Option(
            names = "--init-from",
            paramLabel = "DIR",
            description =
                    "JPEG-DL on an existing model: DIR is a "
                            + "finished comparison (its baseline-sSEED runs) or one baseline run. For each seed both arms start from "
                            + "that trained baseline's classifier and train --epochs more epochs: the baseline arm without the layer, "
                            + "the JPEG-DL arm with the JPEG layer in front (sensitivity tables from the source baseline's map).")
    String initFrom;

    @Option(
            names = "--baselines-from",
            paramLabel = "DIR",
            description = "Copy each seed's finished baseline from "
                    + "the comparison DIR instead of training it again, where it trained exactly as this comparison's baseline "
                    + "would: the same data, model, seed, epochs, limits and recipe; only the JPEG layer's settings (tables, "
                    + "alpha, hardness, bits, table rate and its rule, ...) may differ, since a baseline does not read them. "
                    + "Anything else that differs is named and nothing is copied.")
    Path baselinesFrom;

    @Option(
            names = "--attacks",
            description = "Also attack every run (see 'jpegdl attack'; an attack.json with the "
                    + "same settings is reused) and write robustness.md, robustness.json and robustness.png: clean, FGSM, "
                    + "PGD, BPDA-PGD, APGD, Square and transfer top-1 per eps, mean ± std over seeds, the worst case over "
                    + "every attack and the masking checks of every run.")
    boolean attacks;

    @Mixin
    AttackOptions attackOptions;

    @Override
    public Integer call() throws Exception {
        ComparisonWorkflow.Builder workflow = ComparisonWorkflow.builder()
                .setCommand(CommandLines.current("compare"))
                .optAttacks(attacks ? attackOptions.settings() : null, attackOptions.force)
                .optTransfer(!attackOptions.noTransfer)
                .optReport(!options.noReport)
                .optLog(System.out)
                .optListener(new TablePrinter());
        if (from != null && initFrom != null) {
            throw new IllegalArgumentException("--from rebuilds the table of finished runs without training; "
                    + "--init-from trains new ones: give one of them");
        }
        if (from != null && baselinesFrom != null) {
            throw new IllegalArgumentException("--from rebuilds the table of finished runs without training; "
                    + "--baselines-from belongs to a comparison that trains: give one of them");
        }
        if (from != null) {
            if (attacks) {
                options.applyThreads();
            }
            workflow.setDirectory(from).build().run();
            return 0;
        }
        options.applyThreads();
        if (name != null) {
            RunNames.check(name, "--name");
        }
        if (options.epochsNote() != null) {
            System.out.println(options.epochsNote());
        }
        String dirName = name != null
                ? name
                : String.format(
                                Locale.ROOT,
                                "%s-%s-e%d",
                                options.dataset,
                                options.model,
                                options.resolvedRecipe().epochs())
                        + (settings != null ? "-chosen" : "")
                        + (initFrom == null
                                ? ""
                                : "-from-"
                                        + Path.of(initFrom)
                                                .toAbsolutePath()
                                                .normalize()
                                                .getFileName());
        RunConfig template = options.config(dirName, true, 0).withInitFrom(initFrom);
        if (settings != null) {
            SweepResult.Trial chosen = chosenSetting();
            template = template.withRecipe(SearchSpace.apply(template.recipe(), chosen.settings()));
            System.out.println("JPEG-DL arm with the setting " + settings + " chose: " + chosen.label());
        }
        Path dir = RunNames.inside(Path.of(options.runsDir), dirName, "--name");
        workflow.setDirectory(dir)
                .optTraining(template, seeds)
                .optResume(resume)
                .optBaselinesFrom(baselinesFrom)
                .optProgressBar(options.progressBar())
                .build()
                .run();
        return 0;
    }

    /** The setting a finished sweep chose, for this command's data set and model. */
    private SweepResult.Trial chosenSetting() throws IOException {
        if (!Files.isRegularFile(settings)) {
            throw new IllegalArgumentException(settings + ": no such file (--settings takes a sweep's sweep.json)");
        }
        SweepResult sweep;
        try {
            sweep = Json.read(settings, SweepResult.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(settings + ": not a sweep.json ("
                    + e.getMessage().lines().findFirst().orElse("unreadable") + ")");
        }
        if (sweep.chosenTrial() == null) {
            throw new IllegalArgumentException(settings + ": the sweep has not finished, so it chose no setting yet "
                    + "(rerun its command to continue it)");
        }
        if (!sweep.dataset().equals(options.dataset) || !sweep.model().equals(options.model)) {
            throw new IllegalArgumentException(settings + " chose a setting for " + sweep.model() + " on "
                    + sweep.dataset() + "; this comparison trains " + options.model + " on " + options.dataset);
        }
        return sweep.chosenTrial();
    }

    /** Prints each table when it is written, and the files it went to. */
    private static final class TablePrinter implements ComparisonWorkflow.Listener {

        @Override
        public void compared(Comparison comparison, Path directory, boolean trained) {
            if (trained) {
                System.out.println();
            }
            System.out.print(comparison.toMarkdown());
            ComparisonDirectory written = new ComparisonDirectory(directory);
            System.out.println("written: " + written.comparisonMarkdown() + ", " + written.comparisonJson());
        }

        @Override
        public void attacked(RobustnessTable table, Path directory, Path png) {
            System.out.println();
            System.out.print(table.toMarkdown());
            ComparisonDirectory written = new ComparisonDirectory(directory);
            System.out.println(
                    "written: " + written.robustnessMarkdown() + ", " + written.robustnessJson() + ", " + png);
        }
    }
}
