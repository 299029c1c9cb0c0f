package org.jpegdl.cli;

import org.jpegdl.experiment.Comparison;
import org.jpegdl.experiment.ComparisonRunner;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.attack.RobustnessTable;
import org.jpegdl.report.AttackFigures;
import org.jpegdl.report.CompareFigures;
import org.jpegdl.report.ReportPages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jpegdl compare}: baseline against JPEG-DL with the same recipe, data, seeds and epochs. */
@Command(name = "compare", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Trains the baseline and JPEG-DL for each seed (JPEG-DL tables from that baseline's "
                + "sensitivity map) and writes compare.md and compare.json: top-1/top-5 mean ± std over seeds, the "
                + "difference, wall time.", "Rerun with --resume to continue an interrupted comparison."})
final class CompareCommand implements Callable<Integer> {

    @Mixin
    RunOptions options;

    @Option(names = "--seeds", split = ",", defaultValue = "0,1,2", description = "Seeds, comma-separated.")
    List<Long> seeds;

    @Option(names = "--name", description = "Comparison name (default: DATASET-MODEL-eEPOCHS).")
    String name;

    @Option(names = "--resume", description = "Continue unfinished runs from their checkpoints.")
    boolean resume;

    @Option(names = "--from", paramLabel = "DIR",
            description = "Do not train: rebuild the table from the finished runs' summary.json files under DIR.")
    Path from;

    @Option(names = "--attacks", description = "Also attack every run (see 'jpegdl attack'; an attack.json with the "
            + "same settings is reused) and write robustness.md, robustness.json and robustness.png: clean, FGSM, "
            + "PGD and BPDA-PGD top-1 per eps, mean ± std over seeds.")
    boolean attacks;

    @Mixin
    AttackOptions attackOptions;

    @Override
    public Integer call() throws Exception {
        if (from != null) {
            Comparison c = ComparisonRunner.collect(from, CommandLines.current("compare"));
            System.out.print(c.toMarkdown());
            System.out.println("written: " + from.resolve("compare.md") + ", " + from.resolve("compare.json"));
            if (attacks) {
                options.applyThreads();
                robustness(from);
            }
            if (!options.noReport) {
                ReportPages.writeComparison(from, c.seeds(), System.out);
            }
            return 0;
        }
        options.applyThreads();
        var recipe = options.recipe();
        String dirName = name != null ? name
                : String.format(Locale.ROOT, "%s-%s-e%d", options.dataset, options.model, recipe.epochs());
        RunConfig template = new RunConfig(dirName, options.dataset, options.dataDir, options.model, true, recipe,
                0, options.trainLimit, options.testLimit, options.threads(), Versions.current(),
                options.dataSettings());
        Path dir = Path.of(options.runsDir, dirName);
        Comparison c = ComparisonRunner.compare(template, seeds, dir, resume, System.out, options.progressBar(),
                CommandLines.current("compare"));
        CompareFigures.write(dir, seeds);
        System.out.println();
        System.out.print(c.toMarkdown());
        System.out.println("written: " + dir.resolve("compare.md") + ", " + dir.resolve("compare.json"));
        if (attacks) {
            robustness(dir);
        }
        if (!options.noReport) {
            ReportPages.writeComparison(dir, seeds, System.out);
        }
        return 0;
    }

    private void robustness(Path dir) throws java.io.IOException {
        RobustnessTable table = RobustnessTable.compare(dir, attackOptions.settings(), attackOptions.force,
                System.out, CommandLines.current("compare"));
        for (RunDirectory run : RobustnessTable.runs(dir)) {
            AttackFigures.updateRun(run);
        }
        Path png = AttackFigures.writeRobustness(table, dir);
        System.out.println();
        System.out.print(table.toMarkdown());
        System.out.println("written: " + dir.resolve(RobustnessTable.MARKDOWN) + ", "
                + dir.resolve(RobustnessTable.JSON) + ", " + png);
    }
}
