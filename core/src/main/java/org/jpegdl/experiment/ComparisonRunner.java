package org.jpegdl.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jpegdl.io.FileTrees;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.ComparisonDirectory;
import org.jpegdl.run.ComparisonDirectory.Arm;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunLock;
import org.jpegdl.run.RunSummary;
import org.jpegdl.run.SensitivityMap;

/**
 * The paper's comparison: for each seed, a baseline and a JPEG-DL run with the same recipe, data, seed and epochs;
 * the JPEG-DL tables start from the sensitivity map of that seed's trained baseline (when the recipe says
 * "sensitivity"; the zero-DC ablation has no tables). Runs go to {@code runsDir/name/baseline-sSEED} and {@code jpegdl-sSEED}; finished runs are reused,
 * so an interrupted comparison continues where it stopped.
 *
 * <p>JPEG-DL on an existing model (a template with {@link RunConfig#initFrom()}, which then names a finished
 * comparison or one baseline run): for each seed both arms start from the same trained baseline,
 * {@code DIR/baseline-sSEED} or that one run; the baseline arm continues it without the layer, the JPEG-DL arm puts
 * the layer in front of the same classifier, its sensitivity tables from that source baseline's map.
 */
public final class ComparisonRunner {

    private ComparisonRunner() {}

    /**
     * Checks the seeds of a comparison before anything is made: at least one, each once (a repeated seed trains the
     * same runs again and would count twice in the mean and the spread).
     *
     * @param seeds the seeds
     * @throws IllegalArgumentException one line when there are none or one repeats
     */
    public static void checkSeeds(List<Long> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("compare needs at least one seed");
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("--seeds " + seeds + " repeats a seed: a seed trains the same runs "
                    + "again, so its result would count twice in the mean and the spread; give each seed once");
        }
    }

    /**
     * @param template settings of every run (its name, jpeg flag and seed are replaced per run; its initFrom, when
     *     set, names the finished comparison or the baseline run every seed starts from)
     * @param seeds the seeds, each run once per arm
     * @param directory the comparison's directory
     * @param resume continue unfinished runs from their checkpoints
     * @param command the command line, recorded in the result
     */
    public static Comparison compare(
            RunConfig template,
            List<Long> seeds,
            Path directory,
            boolean resume,
            PrintStream log,
            boolean progressBar,
            String command)
            throws IOException {
        return compare(template, seeds, directory, null, resume, log, progressBar, command);
    }

    /**
     * The same, the baselines taken from another comparison where they are finished there.
     *
     * @param baselinesFrom a finished comparison whose {@code baseline-sSEED} runs trained exactly as this
     *     comparison's baselines would (the same data, model, seed, limits and recipe apart from
     *     {@link Recipe#LAYER_SETTINGS}): each is copied in instead of trained again; null trains every baseline
     * @return the comparison, also written as compare.json and compare.md
     */
    public static Comparison compare(
            RunConfig template,
            List<Long> seeds,
            Path directory,
            Path baselinesFrom,
            boolean resume,
            PrintStream log,
            boolean progressBar,
            String command)
            throws IOException {
        checkSeeds(seeds);
        ComparisonDirectory comparisonDir = new ComparisonDirectory(directory);
        Map<Long, RunDirectory> sources = template.initFrom() == null
                ? Map.of()
                : sources(Path.of(template.initFrom()), template, seeds, directory);
        if (baselinesFrom != null) {
            copyBaselines(baselinesFrom, template, seeds, comparisonDir, log);
        }
        List<RunSummary> baselines = new ArrayList<>();
        List<RunSummary> jpegRuns = new ArrayList<>();
        for (long seed : seeds) {
            RunDirectory source = sources.get(seed);
            String initFrom = source == null ? null : source.root().toString();
            RunDirectory baselineDir = comparisonDir.run(Arm.BASELINE, seed);
            baselines.add(runOrReuse(
                    variant(template, baselineDir.name(), false, seed, template.recipe(), initFrom),
                    baselineDir,
                    resume,
                    log,
                    progressBar));
            // the map of the trained model the layer is put in front of: the source, not its continuation
            Recipe recipe = pairedTables(template.recipe(), source != null ? source : baselineDir, log);
            RunDirectory jpegDir = comparisonDir.run(Arm.JPEG_DL, seed);
            jpegRuns.add(runOrReuse(
                    variant(template, jpegDir.name(), true, seed, recipe, initFrom),
                    jpegDir,
                    resume,
                    log,
                    progressBar));
        }
        return write(comparisonDir, Comparison.of(baselines, jpegRuns, command));
    }

    /**
     * {@code recipe} with a table initialisation of "the paired baseline's sensitivity map" pointed at
     * {@code baseline} (a trained run), its map computed when not there yet; any other recipe unchanged.
     */
    static Recipe pairedTables(Recipe recipe, RunDirectory baseline, PrintStream log) throws IOException {
        if (recipe.tableInit() instanceof TableInitialization.Sensitivity s && s.needsBaseline() && !recipe.zeroDc()) {
            recipe = recipe.withTableInit(TableInitialization.sensitivity(baseline.root()));
            if (recipe.regionSize() == 0 && !Files.isRegularFile(baseline.sensitivity())) {
                sensitivityWithProgress(baseline, log);
            }
        }
        return recipe;
    }

    /**
     * The baseline each seed's arms start from: {@code from} itself when it is a run directory, else its
     * {@code baseline-sSEED}; checked for every seed before anything trains (a run there, a baseline of the
     * template's model with a checkpoint), each problem one line naming the folder.
     */
    private static Map<Long, RunDirectory> sources(Path from, RunConfig template, List<Long> seeds, Path directory)
            throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException(
                    "--init-from " + from + ": no such directory (a finished comparison " + "or a baseline run)");
        }
        if (from.toAbsolutePath().normalize().equals(directory.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--init-from " + from + " is this comparison's own directory; give the "
                    + "new comparison another --name");
        }
        RunDirectory single = new RunDirectory(from);
        Map<Long, RunDirectory> out = new TreeMap<>();
        for (long seed : seeds) {
            RunDirectory source = single.exists() ? single : new ComparisonDirectory(from).run(Arm.BASELINE, seed);
            if (!source.exists()) {
                throw new IllegalArgumentException("--init-from " + from + " has no baseline for seed " + seed
                        + ": expected the finished run " + source.root());
            }
            RunConfig config = source.readConfig();
            if (config.jpeg()) {
                throw new IllegalArgumentException("--init-from " + source.root() + " is a JPEG-DL run; compare starts "
                        + "both arms from a trained baseline");
            }
            if (!config.model().equals(template.model())) {
                throw new IllegalArgumentException("--init-from " + source.root() + " is a " + config.model()
                        + " run; this comparison trains " + template.model());
            }
            if (source.checkpointStore().latestEpoch().isEmpty()) {
                throw new IllegalArgumentException("--init-from " + source.root() + " has no checkpoint to start from "
                        + "(it never finished an epoch)");
            }
            out.put(seed, source);
        }
        return out;
    }

    /**
     * Copies the finished baselines of the comparison {@code from} that this one would train again: every seed is
     * checked before anything is copied (finished there with the same epochs, trained with the same settings but the
     * JPEG layer's), each problem one line naming the folder; a seed finished here already is left as it is. Each copy
     * is made beside its place and moved in whole, so a stopped copy leaves no half run.
     */
    private static void copyBaselines(
            Path from, RunConfig template, List<Long> seeds, ComparisonDirectory target, PrintStream log)
            throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException(from + (Files.exists(from) ? " is a file, not" : ": there is no such")
                    + " folder: baselines are taken from a finished comparison's folder");
        }
        if (from.toAbsolutePath()
                .normalize()
                .equals(target.root().toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(
                    from + " is this comparison's own folder: its baselines are reused " + "without copying");
        }
        ComparisonDirectory source = new ComparisonDirectory(from);
        Map<RunDirectory, RunDirectory> copies = new LinkedHashMap<>();
        for (long seed : seeds) {
            RunDirectory here = target.run(Arm.BASELINE, seed);
            RunConfig wanted = variant(template, here.name(), false, seed, template.recipe(), template.initFrom());
            if (Files.isRegularFile(here.summary())) {
                continue;
            }
            if (here.exists()) {
                throw new IllegalArgumentException(here.root() + " holds an unfinished baseline: resume this "
                        + "comparison without baselines from elsewhere, or remove that folder");
            }
            RunDirectory there = source.run(Arm.BASELINE, seed);
            if (!Files.isRegularFile(there.summary())) {
                throw new IllegalArgumentException(
                        from + " has no finished baseline for seed " + seed + " (" + there.summary() + " is missing)");
            }
            RunConfig found = there.readConfig();
            List<String> differences = RunTraining.differences(found, wanted, Recipe.LAYER_SETTINGS);
            // the configs' epochs are among the differences; the summary says the run also finished them
            if (there.readSummary().epochs() != wanted.recipe().epochs()) {
                differences.add("epochs: " + there.readSummary().epochs() + " (there) vs "
                        + wanted.recipe().epochs() + " (here)");
            }
            if (!differences.isEmpty()) {
                throw new IllegalArgumentException(there.root() + " trained otherwise than this comparison's "
                        + "baseline would: " + String.join("; ", differences));
            }
            copies.put(there, here);
        }
        for (Map.Entry<RunDirectory, RunDirectory> copy : copies.entrySet()) {
            Path partial = copy.getValue().root().resolveSibling(copy.getValue().name() + ".copying");
            FileTrees.delete(partial);
            FileTrees.copy(copy.getKey().root(), partial);
            Files.deleteIfExists(partial.resolve(RunLock.FILE)); // the source's owner, not this copy's
            Files.move(partial, copy.getValue().root(), StandardCopyOption.ATOMIC_MOVE);
            if (log != null) {
                log.println(copy.getValue().name() + ": copied from "
                        + copy.getKey().root() + " (trained with the "
                        + "same settings but the JPEG layer's, which a baseline does not read)");
            }
        }
    }

    /** Computes a baseline's sensitivity map (kept in its run directory), saying so before and after. */
    private static void sensitivityWithProgress(RunDirectory baseline, PrintStream log) throws IOException {
        if (log != null) {
            log.printf(
                    "%s: computing its DCT sensitivity map over up to %,d training images (the JPEG-DL tables "
                            + "start from it)...%n",
                    baseline.name(), SensitivityCache.SENSITIVITY_IMAGES);
        }
        long start = System.nanoTime();
        SensitivityMap map = SensitivityCache.sensitivity(baseline, SensitivityCache.SENSITIVITY_IMAGES);
        if (log != null) {
            log.printf(
                    Locale.ROOT,
                    "%s: sensitivity map of %,d images in %.0fs -> %s%n",
                    baseline.name(),
                    map.images(),
                    (System.nanoTime() - start) / 1e9,
                    baseline.sensitivity());
        }
    }

    /**
     * Rebuilds a comparison from the {@code summary.json} files of finished runs under {@code directory}
     * ({@code baseline-sSEED/} and {@code jpegdl-sSEED/}), without training: the table regenerates from what is kept.
     */
    public static Comparison collect(Path directory, String command) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString());
        }
        ComparisonDirectory comparisonDir = new ComparisonDirectory(directory);
        // only seeds finished in both arms are compared: the same seeds on both sides, as compare runs them
        Map<Long, RunSummary> baselineBySeed = bySeed(comparisonDir.finished(Arm.BASELINE));
        Map<Long, RunSummary> jpegBySeed = bySeed(comparisonDir.finished(Arm.JPEG_DL));
        List<RunSummary> baselines = new ArrayList<>();
        List<RunSummary> jpegRuns = new ArrayList<>();
        for (Long seed : baselineBySeed.keySet()) {
            if (jpegBySeed.containsKey(seed)) {
                baselines.add(baselineBySeed.get(seed));
                jpegRuns.add(jpegBySeed.get(seed));
            }
        }
        if (baselines.isEmpty()) {
            throw new IllegalArgumentException(directory + " holds no seed finished in both arms (baseline-sSEED and "
                    + "jpegdl-sSEED with summary.json)");
        }
        return write(comparisonDir, Comparison.of(baselines, jpegRuns, command));
    }

    private static Map<Long, RunSummary> bySeed(List<RunSummary> runs) {
        Map<Long, RunSummary> out = new TreeMap<>();
        runs.forEach(r -> out.put(r.seed(), r));
        return out;
    }

    private static Comparison write(ComparisonDirectory directory, Comparison comparison) throws IOException {
        Json.write(directory.comparisonJson(), comparison);
        Json.writeString(directory.comparisonMarkdown(), comparison.toMarkdown());
        return comparison;
    }

    private static RunSummary runOrReuse(
            RunConfig config, RunDirectory dir, boolean resume, PrintStream log, boolean progressBar)
            throws IOException {
        if (Files.isRegularFile(dir.summary())) {
            RunSummary done = dir.readSummary();
            if (done.epochs() == config.recipe().epochs()) {
                if (log != null) {
                    log.println(config.name() + ": finished earlier, reusing " + dir.summary());
                }
                return done;
            }
        }
        // a comparison resumed before it reached this run starts it
        return RunTraining.train(config, dir, resume && dir.exists(), log, progressBar);
    }

    private static RunConfig variant(
            RunConfig t, String name, boolean jpeg, long seed, Recipe recipe, String initFrom) {
        return new RunConfig(
                name,
                t.dataset(),
                t.dataDir(),
                t.model(),
                jpeg,
                recipe,
                seed,
                t.trainLimit(),
                t.testLimit(),
                t.threads(),
                t.versions(),
                t.dataSettings(),
                initFrom);
    }
}
