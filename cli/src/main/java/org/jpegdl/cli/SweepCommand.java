package org.jpegdl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jpegdl.experiment.PairedDifference;
import org.jpegdl.experiment.Sweep;
import org.jpegdl.experiment.SweepResult;
import org.jpegdl.recipe.SearchSpace;
import org.jpegdl.recipe.SweepSetting;
import org.jpegdl.report.SweepReport;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunLock;
import org.jpegdl.run.RunNames;
import org.jpegdl.run.SweepDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jpegdl sweep}: chooses JPEG-layer settings on a validation split by successive halving. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Searches JPEG-layer settings on a validation split carved from the training data (the test "
                    + "split is never read): every setting trains on the first rung's images, the best 1/eta go on to "
                    + "the next rung's larger budget, and so on; the plain baseline trains at every rung on the same "
                    + "budget. Writes sweep.json, sweep.md and report.html; rerun the same command to continue a "
                    + "killed sweep. Then 'jpegdl compare --settings DIR/sweep.json' retrains the chosen setting and the "
                    + "baseline on the whole training split and tests once.",
            "Settings: init, q-max, alpha, trainable-alpha, alpha-scaling, hardness, rounds, bits, region-size, "
                    + "table-lr."
        })
final class SweepCommand implements Callable<Integer> {

    /** The validation share a sweep holds out when --val-fraction is not given. */
    static final double DEFAULT_VALIDATION = 0.1;

    @Mixin
    RunOptions options;

    @Option(
            names = "--space",
            paramLabel = "NAME=V1,V2",
            description = "A setting and the values to try, e.g. "
                    + "--space alpha=2,5,10 --space init=sensitivity,abs-avg (repeat per setting).")
    List<String> space;

    @Option(
            names = "--space-file",
            paramLabel = "FILE",
            description =
                    "The search space as JSON: " + "{\"alpha\": [2, 5, 10], \"init\": [\"sensitivity\", \"abs-avg\"]}.")
    Path spaceFile;

    @Option(
            names = "--samples",
            defaultValue = "0",
            description = "Draw this many settings at random (seeded) from " + "the grid; 0 for the whole grid.")
    int samples;

    @Option(
            names = "--rung-images",
            split = ",",
            defaultValue = "1000,3000,9000",
            description = "Training images "
                    + "(class-balanced) per rung, increasing; 0 as the last means the whole training part.")
    List<Integer> rungImages;

    @Option(
            names = "--eta",
            defaultValue = "3",
            description = "The best 1/eta of a rung's settings (at least one) " + "continue to the next rung.")
    int eta;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of every trial: initialisation, data order, " + "validation split, the random sample.")
    long seed;

    @Option(
            names = "--seeds",
            split = ",",
            paramLabel = "S1,S2,...",
            description = "Score every trial and the "
                    + "baseline on each of these seeds (instead of --seed) and rank by the mean validation top-1, so a choice "
                    + "does not rest on one seed: one seed's lead of about a point can reverse on the test split. Each seed "
                    + "is a full run (time x seeds); 3 seeds tell apart settings a couple of points apart, the claim itself "
                    + "belongs to compare with " + PairedDifference.SEEDS_FOR_A_CLAIM
                    + " seeds. The first seed draws the "
                    + "random sample.")
    List<Long> seeds;

    @Option(names = "--name", description = "Sweep name (default: sweep-DATASET-MODEL).")
    String name;

    @Override
    public Integer call() throws Exception {
        if (options.trainLimit != 0) {
            throw new IllegalArgumentException(
                    "sweep sets the training images of each rung (--rung-images); " + "--train-limit is not used");
        }
        if (name != null) {
            RunNames.check(name, "--name");
        }
        if (seeds != null && seed != 0) {
            throw new IllegalArgumentException("--seed and --seeds say different things: give one");
        }
        List<Long> trialSeeds = seeds != null ? List.copyOf(seeds) : List.of(seed);
        long first = trialSeeds.get(0);
        SearchSpace searchSpace = searchSpace();
        List<Map<String, String>> points = samples > 0 ? searchSpace.sample(samples, first) : searchSpace.grid();
        Sweep.Plan plan = new Sweep.Plan(
                searchSpace, points, samples > 0 ? "random:" + samples : "grid", rungImages, eta, trialSeeds);
        options.applyThreads();
        if (options.validationFraction == 0) {
            options.validationFraction = DEFAULT_VALIDATION;
        }
        if (options.epochsNote() != null) {
            System.out.println(options.epochsNote());
        }
        RunConfig template = options.config("sweep", true, first);
        // every setting is checked on the recipe it will change before anything trains
        for (Map<String, String> point : points) {
            template.withRecipe(SearchSpace.apply(template.recipe(), point));
        }
        String dirName =
                name != null ? name : String.format(Locale.ROOT, "sweep-%s-%s", options.dataset, options.model);
        SweepDirectory dir = new SweepDirectory(RunNames.inside(Path.of(options.runsDir), dirName, "--name"));
        System.out.printf(
                Locale.ROOT,
                "sweep %s: %d settings, %d rungs (%s), eta %d: %s runs%s; validation split "
                        + "%.0f%% of the training data, no test image read%n",
                dir.root(),
                points.size(),
                rungImages.size(),
                rungImages,
                eta,
                plan.trialsPerRung().stream()
                        .map(n -> n + 1)
                        .map(String::valueOf)
                        .reduce((a, b) -> a + "+" + b)
                        .orElse("0"),
                trialSeeds.size() > 1 ? " on each of seeds " + trialSeeds + ", ranked by their mean" : "",
                100 * options.validationFraction);
        Sweep.TrialRunner runner = Sweep.training(template, trialSeeds, dir, System.out, options.progressBar());
        SweepResult result;
        // the sweep folder's owner while its trials train: a second sweep into it is refused
        try (RunLock lock = RunLock.acquire(dir.root(), "sweep", System.out)) {
            result = Sweep.run(plan, template, runner, dir, System.out, CommandLines.current("sweep"));
        }
        System.out.println();
        System.out.print(result.toMarkdown());
        System.out.println("written: " + dir.sweepJson() + ", " + dir.sweepMarkdown());
        if (!options.noReport) {
            System.out.println("report: " + SweepReport.write(dir));
        }
        System.out.println("next: ./jpegdl compare --dataset " + options.dataset + " --model " + options.model
                + " --settings " + dir.sweepJson() + " (the chosen setting and the baseline, whole training split, "
                + "tested once)");
        return 0;
    }

    private SearchSpace searchSpace() throws IOException {
        boolean inline = space != null && !space.isEmpty();
        if (inline == (spaceFile != null)) {
            throw new IllegalArgumentException("sweep needs its search space: --space NAME=V1,V2 (repeat per setting) "
                    + "or --space-file FILE, not both (settings: " + SweepSetting.names() + ")");
        }
        if (inline) {
            return SearchSpace.parse(space);
        }
        String text;
        try {
            text = Files.readString(spaceFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(spaceFile + ": no such file (--space-file)");
        }
        return SearchSpace.fromJson(text, spaceFile.toString());
    }
}
