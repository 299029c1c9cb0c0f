package org.jpegdl.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.SearchSpace;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunSummary;
import org.jpegdl.run.SweepDirectory;

/**
 * A search over JPEG-layer settings by successive halving, judged on a validation split: every trial trains on the
 * first rung's budget of training images, the best 1/eta (at least one) train again on the next rung's larger budget,
 * and so on; the plain baseline trains once per rung on the same budget, so every rung says whether the layer pays
 * off. Every run is a run directory of the sweep's folder: a finished run is reused and a killed one resumes, so a
 * killed sweep continues where it stopped. Trials never read the test split (their data settings say validation
 * only).
 */
public final class Sweep {

    /** Trains (or reuses) one run of a sweep and returns its validation result. */
    @FunctionalInterface
    public interface TrialRunner {
        /**
         * @param rung 0-based rung
         * @param images training images of the rung (0: all)
         * @param trial the trial's id, or -1 for the baseline
         * @param settings the trial's settings (empty for the baseline)
         */
        SweepResult.Score run(int rung, int images, int trial, Map<String, String> settings) throws IOException;
    }

    /** Trains (or reuses) one run of a sweep on one seed and returns its validation result. */
    @FunctionalInterface
    public interface SeededRunner {
        /**
         * @param rung 0-based rung
         * @param images training images of the rung (0: all)
         * @param trial the trial's id, or -1 for the baseline
         * @param settings the trial's settings (empty for the baseline)
         * @param seed the run's seed (initialisation, data order, validation split)
         */
        SweepResult.Score run(int rung, int images, int trial, Map<String, String> settings, long seed)
                throws IOException;
    }

    /**
     * What to search and how.
     *
     * @param space the search space
     * @param points the trials' settings (the grid, or a sample of it)
     * @param sampling {@code grid} or {@code random:N}, as recorded
     * @param rungImages training images per rung, increasing (0, the whole training part, last only)
     * @param eta 2 or more
     * @param seeds the seeds every trial is scored on (their mean ranks it), at least one
     */
    public record Plan(
            SearchSpace space,
            List<Map<String, String>> points,
            String sampling,
            List<Integer> rungImages,
            int eta,
            List<Long> seeds) {

        /** A plan whose trials are scored on one seed, the template's. */
        public Plan(
                SearchSpace space,
                List<Map<String, String>> points,
                String sampling,
                List<Integer> rungImages,
                int eta) {
            this(space, points, sampling, rungImages, eta, List.of());
        }

        /** Checks the plan. */
        public Plan {
            if (points.isEmpty()) {
                throw new IllegalArgumentException("a sweep needs at least one trial");
            }
            if (rungImages.isEmpty()) {
                throw new IllegalArgumentException("a sweep needs at least one rung (--rung-images)");
            }
            for (int r = 0; r < rungImages.size(); r++) {
                int images = rungImages.get(r);
                boolean last = r == rungImages.size() - 1;
                if (images < 0 || images == 0 && !last || r > 0 && rungImages.get(r - 1) >= images && images != 0) {
                    throw new IllegalArgumentException("rung image budgets must increase (0, meaning all images, "
                            + "only last), got " + rungImages);
                }
            }
            if (eta < 2) {
                throw new IllegalArgumentException(
                        "eta must be at least 2 (the best 1/eta of a rung continue), got " + eta);
            }
            points = List.copyOf(points);
            rungImages = List.copyOf(rungImages);
            seeds = seeds == null ? List.of() : List.copyOf(seeds);
        }

        /** How many trials run at each rung. */
        public List<Integer> trialsPerRung() {
            List<Integer> out = new ArrayList<>();
            int n = points.size();
            for (int r = 0; r < rungImages.size(); r++) {
                out.add(n);
                n = survivors(n, eta);
            }
            return out;
        }
    }

    private Sweep() {}

    /** How many of {@code trials} continue to the next rung: the best 1/eta, rounded up. */
    public static int survivors(int trials, int eta) {
        return Math.max(1, (trials + eta - 1) / eta);
    }

    /**
     * Runs the plan: rung by rung the baseline, then every surviving trial; writes {@code sweep.json} and
     * {@code sweep.md} after every run, so what is written always says how far the sweep got.
     *
     * @param template the sweep's data, model, recipe and seed (recorded in sweep.json)
     */
    public static SweepResult run(
            Plan plan, RunConfig template, TrialRunner runner, SweepDirectory dir, PrintStream log, String command)
            throws IOException {
        Files.createDirectories(dir.root());
        List<SweepResult.Trial> trials = new ArrayList<>();
        for (int i = 0; i < plan.points().size(); i++) {
            trials.add(new SweepResult.Trial(i, plan.points().get(i), new ArrayList<>()));
        }
        List<SweepResult.Score> baseline = new ArrayList<>();
        Progress progress = new Progress(plan, template.recipe().epochs(), log);
        List<SweepResult.Trial> alive = trials;
        for (int rung = 0; rung < plan.rungImages().size(); rung++) {
            int images = plan.rungImages().get(rung);
            progress.before(rung, -1, Map.of(), alive.size());
            baseline.add(progress.after(runner.run(rung, images, -1, Map.of())));
            write(dir, result(plan, template, trials, baseline, null, false, command));
            int position = 0;
            for (SweepResult.Trial t : alive) {
                progress.before(rung, position++, t.settings(), alive.size());
                t.rungs().add(progress.after(runner.run(rung, images, t.id(), t.settings())));
                write(dir, result(plan, template, trials, baseline, null, false, command));
            }
            List<SweepResult.Trial> ranked = new ArrayList<>(alive);
            ranked.sort(SweepResult.ranking(rung));
            boolean last = rung == plan.rungImages().size() - 1;
            if (last) {
                SweepResult done =
                        result(plan, template, trials, baseline, ranked.get(0).id(), true, command);
                write(dir, done);
                return done;
            }
            alive = ranked.subList(0, survivors(alive.size(), plan.eta()));
            alive = alive.stream()
                    .sorted((a, b) -> Integer.compare(a.id(), b.id()))
                    .toList();
            if (log != null) {
                log.printf(
                        "sweep: rung %d done; %d of %d trials continue: %s%n",
                        rung,
                        alive.size(),
                        ranked.size(),
                        String.join(
                                ", ", alive.stream().map(t -> "trial " + t.id()).toList()));
            }
        }
        throw new IllegalStateException("unreachable: the last rung returns");
    }

    /**
     * A runner that scores every trial (and the baseline) on each of {@code seeds} and gives the mean of their
     * validation results, each seed's top-1 kept ({@link SweepResult.Score#mean}): a rung ranks trials by that mean,
     * so a choice does not rest on one seed's luck.
     */
    public static TrialRunner overSeeds(List<Long> seeds, SeededRunner runner) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one seed");
        }
        if (seeds.stream().distinct().count() != seeds.size()) {
            throw new IllegalArgumentException("--seeds: a seed is given twice: " + seeds);
        }
        return (rung, images, trial, settings) -> {
            List<SweepResult.Score> scores = new ArrayList<>();
            for (long seed : seeds) {
                scores.add(runner.run(rung, images, trial, settings, seed));
            }
            return SweepResult.Score.mean(scores);
        };
    }

    /**
     * The runner that trains, on every one of {@code seeds} ({@link #overSeeds}): each run is {@code template} with
     * the seed and the trial's settings (a {@code sensitivity} table initialisation takes the map of the same rung's
     * and seed's baseline), the rung's training limit, validation only, in its folder of the sweep (one seed: the
     * folders of a one-seed sweep; several: each with its seed, e.g. trial-03-s1); finished runs with the same
     * settings are reused, unfinished ones resume.
     */
    public static TrialRunner training(
            RunConfig template, List<Long> seeds, SweepDirectory dir, PrintStream log, boolean progressBar) {
        if (template.dataSettings().validationFraction() <= 0) {
            throw new IllegalArgumentException("a sweep chooses on a validation split: give --val-fraction F");
        }
        boolean several = seeds.size() > 1;
        return overSeeds(seeds, (rung, images, trial, settings, seed) -> {
            RunDirectory baselineDir = several ? dir.baseline(rung, seed) : dir.baseline(rung);
            RunDirectory runDir =
                    trial < 0 ? baselineDir : several ? dir.trial(rung, trial, seed) : dir.trial(rung, trial);
            Recipe recipe = template.recipe();
            if (trial >= 0) {
                recipe = ComparisonRunner.pairedTables(SearchSpace.apply(recipe, settings), baselineDir, log);
            }
            RunConfig config = new RunConfig(
                    dir.runName(runDir),
                    template.dataset(),
                    template.dataDir(),
                    template.model(),
                    trial >= 0,
                    recipe,
                    seed,
                    images,
                    0,
                    template.threads(),
                    template.versions(),
                    template.dataSettings()
                            .withValidation(template.dataSettings().validationFraction(), true));
            RunSummary summary = null;
            if (Files.isRegularFile(runDir.summary())) {
                List<String> differences = RunTraining.differences(runDir.readConfig(), config);
                if (!differences.isEmpty()) {
                    throw new IllegalArgumentException(runDir.root() + " holds a run with other settings than this "
                            + "sweep's (" + String.join("; ", differences) + "): use another --name");
                }
                summary = runDir.readSummary();
                if (log != null) {
                    log.println(config.name() + ": finished earlier, reusing " + runDir.summary());
                }
            }
            if (summary == null) {
                summary = RunTraining.train(config, runDir, runDir.exists(), log, progressBar);
            }
            return score(rung, summary.trainImages(), dir.relative(runDir), runDir.readMetrics());
        });
    }

    /** A run's validation result after its last epoch. */
    static SweepResult.Score score(int rung, int images, String run, List<EpochMetrics> metrics) {
        EpochMetrics last = metrics.get(metrics.size() - 1);
        if (last.validation() == null) {
            throw new IllegalStateException(run + " has no validation result");
        }
        double seconds = metrics.stream().mapToDouble(EpochMetrics::seconds).sum();
        return new SweepResult.Score(
                rung,
                images,
                run,
                last.validation().top1(),
                last.validation().top5(),
                last.validation().loss(),
                seconds);
    }

    private static SweepResult result(
            Plan plan,
            RunConfig template,
            List<SweepResult.Trial> trials,
            List<SweepResult.Score> baseline,
            Integer chosen,
            boolean finished,
            String command) {
        List<SweepResult.Trial> copy = trials.stream()
                .map(t -> new SweepResult.Trial(t.id(), t.settings(), List.copyOf(t.rungs())))
                .toList();
        return new SweepResult(
                template.dataset(),
                template.model(),
                template.seed(),
                template.recipe().epochs(),
                template.dataSettings().validationFraction(),
                plan.space().values(),
                plan.sampling(),
                plan.eta(),
                plan.rungImages(),
                copy,
                List.copyOf(baseline),
                chosen,
                finished,
                command,
                plan.seeds().size() > 1 ? plan.seeds() : null);
    }

    private static void write(SweepDirectory dir, SweepResult result) throws IOException {
        Json.write(dir.sweepJson(), result);
        Json.writeString(dir.sweepMarkdown(), result.toMarkdown());
    }

    /** The line before each run (rung, trial, settings, runs left, time left) and the one after. */
    private static final class Progress {
        private final Plan plan;
        private final int epochs;
        private final PrintStream log;
        private final int total;
        private int done;
        /** Image-epochs and seconds of every run trained in this process, for the estimate of the time left. */
        private final List<double[]> timed = new ArrayList<>();

        private long start;

        Progress(Plan plan, int epochs, PrintStream log) {
            this.plan = plan;
            this.epochs = epochs;
            this.log = log;
            this.total = plan.trialsPerRung().stream().mapToInt(n -> n + 1).sum();
        }

        void before(int rung, int position, Map<String, String> settings, int trialsInRung) {
            start = System.nanoTime();
            if (log == null) {
                return;
            }
            String what = position < 0
                    ? "baseline (no JPEG layer)"
                    : String.format(
                            Locale.ROOT,
                            "trial %d of %d [%s]",
                            position + 1,
                            trialsInRung,
                            SearchSpace.label(settings));
            log.printf(
                    Locale.ROOT,
                    "sweep: rung-%d (%d of %d: %s × %d epoch%s): %s, run %d of %d%s%n",
                    rung,
                    rung + 1,
                    plan.rungImages().size(),
                    SweepResult.imagesText(plan.rungImages().get(rung)),
                    epochs,
                    epochs == 1 ? "" : "s",
                    what,
                    done + 1,
                    total,
                    timeLeft());
        }

        SweepResult.Score after(SweepResult.Score score) {
            done++;
            double seconds = (System.nanoTime() - start) / 1e9;
            if (seconds > 1) { // a reused run says nothing about the time a training takes
                timed.add(new double[] {(double) score.images() * epochs, seconds});
            }
            if (log != null) {
                log.printf(
                        Locale.ROOT,
                        "sweep: %s: validation top-1 %.2f%%, loss %.4f%n",
                        score.run(),
                        100 * score.validationTop1(),
                        score.validationLoss());
            }
            return score;
        }

        /**
         * "; about 12m left", or nothing before a run was timed: each run left is costed at a fixed part (evaluation,
         * set-up) plus a part per training image-epoch, fitted by least squares to the runs timed so far (in
         * proportion to image-epochs while all had the same budget).
         */
        private String timeLeft() {
            if (timed.isEmpty()) {
                return "";
            }
            double[] fit = fit();
            List<Integer> counts = plan.trialsPerRung();
            double seconds = 0;
            int runsBefore = 0;
            for (int r = 0; r < counts.size(); r++) {
                int runs = counts.get(r) + 1;
                int left = Math.max(0, Math.min(runs, runsBefore + runs - done));
                int images = plan.rungImages().get(r);
                if (images == 0) {
                    images = 2 * Collections.max(plan.rungImages());
                }
                seconds += left * (fit[0] + fit[1] * images * epochs);
                runsBefore += runs;
            }
            return "; about " + Comparison.duration(seconds) + " left";
        }

        /** Fixed seconds and seconds per image-epoch of a run. */
        private double[] fit() {
            double n = timed.size();
            double mx = timed.stream().mapToDouble(t -> t[0]).sum() / n;
            double my = timed.stream().mapToDouble(t -> t[1]).sum() / n;
            double sxx =
                    timed.stream().mapToDouble(t -> (t[0] - mx) * (t[0] - mx)).sum();
            double sxy =
                    timed.stream().mapToDouble(t -> (t[0] - mx) * (t[1] - my)).sum();
            if (sxx == 0 || sxy <= 0) {
                return new double[] {0, my / mx};
            }
            double slope = sxy / sxx;
            double intercept = Math.max(0, my - slope * mx);
            return new double[] {intercept, slope};
        }
    }
}
