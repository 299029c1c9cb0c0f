package org.jpegdl.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jpegdl.recipe.SearchSpace;
import org.jpegdl.run.Json;

/**
 * What a sweep found, written as {@code sweep.json} after every trial: every trial's settings and its validation
 * result at each rung it reached, the plain baseline's at every rung, and the chosen setting (the best trial of the
 * last rung). No figure in it comes from a test split.
 *
 * @param dataset data set name
 * @param model model name
 * @param seed the seed of every trial (initialisation, data order, validation split)
 * @param epochs epochs of every trial
 * @param validationFraction share of the training data held out for validation
 * @param space the search space
 * @param sampling {@code grid} or {@code random:N}
 * @param eta the best 1/eta of a rung's trials (at least one) continue to the next
 * @param rungImages training images per rung (0: the whole training part)
 * @param trials every trial, in the order drawn
 * @param baseline the plain baseline at every rung reached
 * @param chosen id of the chosen trial, null until the last rung is finished
 * @param finished whether every rung is finished
 * @param command the command that produced it
 * @param seeds the seeds every trial was scored on, when more than one (each score is their mean); absent for one
 *     seed ({@code seed}) and in sweeps written before
 */
public record SweepResult(
        String dataset,
        String model,
        long seed,
        int epochs,
        double validationFraction,
        Map<String, List<String>> space,
        String sampling,
        int eta,
        List<Integer> rungImages,
        List<Trial> trials,
        List<Score> baseline,
        Integer chosen,
        boolean finished,
        String command,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Long> seeds) {

    /** A sweep names its data set and model, lists its trials, and chooses one of them (a file read checks it). */
    public SweepResult {
        Json.required(dataset, "dataset");
        Json.required(model, "model");
        Json.required(baseline, "baseline");
        if (chosen != null && Json.required(trials, "trials").stream().noneMatch(t -> t != null && t.id() == chosen)) {
            throw new IllegalArgumentException("'chosen' is " + chosen + ", the id of none of its trials");
        }
        Json.required(trials, "trials");
    }

    /**
     * One trial: its settings and its result at each rung it reached.
     *
     * @param id 0-based trial number
     * @param settings setting name to value
     * @param rungs its result per rung, from rung 0
     */
    public record Trial(int id, Map<String, String> settings, List<Score> rungs) {

        /** The settings as {@code name=value} items. */
        public String label() {
            return SearchSpace.label(settings);
        }

        /** The result at {@code rung}, or null when the trial did not reach it. */
        public Score at(int rung) {
            return scoreAt(rungs, rung);
        }
    }

    /**
     * One run's validation result at the end of its training.
     *
     * @param rung 0-based rung
     * @param images training images the run used
     * @param run the run's directory, relative to the sweep's folder
     * @param validationTop1 validation top-1 after the last epoch, in [0,1]
     * @param validationTop5 validation top-5 after the last epoch
     * @param validationLoss validation loss after the last epoch
     * @param seconds wall time of the run's epochs
     * @param seedTop1 with several seeds, each seed's validation top-1 (the other values are their means, the
     *     seconds their sum, the runs joined by commas); absent for one seed
     */
    public record Score(
            int rung,
            int images,
            String run,
            double validationTop1,
            double validationTop5,
            double validationLoss,
            double seconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> seedTop1) {

        /** One run's score. */
        public Score(
                int rung,
                int images,
                String run,
                double validationTop1,
                double validationTop5,
                double validationLoss,
                double seconds) {
            this(rung, images, run, validationTop1, validationTop5, validationLoss, seconds, null);
        }

        /** The (first seed's) run directory, relative to the sweep's folder. */
        public String firstRun() {
            return run.split(",")[0];
        }

        /** The score of one trial over several seeds: the mean of each result, each seed's top-1 kept. */
        public static Score mean(List<Score> seeds) {
            if (seeds.size() == 1) {
                return seeds.get(0);
            }
            Score first = seeds.get(0);
            return new Score(
                    first.rung(),
                    first.images(),
                    String.join(",", seeds.stream().map(Score::run).toList()),
                    seeds.stream().mapToDouble(Score::validationTop1).average().orElseThrow(),
                    seeds.stream().mapToDouble(Score::validationTop5).average().orElseThrow(),
                    seeds.stream().mapToDouble(Score::validationLoss).average().orElseThrow(),
                    seeds.stream().mapToDouble(Score::seconds).sum(),
                    seeds.stream().map(Score::validationTop1).toList());
        }
    }

    /** The order a rung ranks trials in: validation top-1 high first, then loss low first, then trial number. */
    static Comparator<Trial> ranking(int rung) {
        return Comparator.<Trial>comparingDouble(t -> -t.at(rung).validationTop1())
                .thenComparingDouble(t -> t.at(rung).validationLoss())
                .thenComparingInt(Trial::id);
    }

    /** The score of {@code scores} at {@code rung}, or null when there is none. */
    public static Score scoreAt(List<Score> scores, int rung) {
        return scores.stream().filter(s -> s.rung() == rung).findFirst().orElse(null);
    }

    /** The baseline's score at {@code rung}, or null before it ran there. */
    public Score baselineAt(int rung) {
        return scoreAt(baseline, rung);
    }

    /** The chosen trial, or null. */
    public Trial chosenTrial() {
        return chosen == null
                ? null
                : trials.stream().filter(t -> t.id() == chosen).findFirst().orElseThrow();
    }

    /** A markdown table: validation top-1 per trial per rung, the baseline's, the chosen setting. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "Sweep of %s on %s: %d trials (%s), successive halving with eta %d over "
                        + "%d rungs, %d epochs each, %s; validation split %.0f%% of the training data (no test "
                        + "image read)%n%n",
                model,
                dataset,
                trials.size(),
                sampling,
                eta,
                rungImages.size(),
                epochs,
                seeds == null ? "seed " + seed : "seeds " + seeds + " (each score their mean; per seed in sweep.json)",
                100 * validationFraction));
        StringBuilder header = new StringBuilder("| trial | settings |");
        StringBuilder rule = new StringBuilder("| --- | --- |");
        for (int r = 0; r < rungImages.size(); r++) {
            header.append(String.format(Locale.ROOT, " rung %d (%s) |", r, imagesText(rungImages.get(r))));
            rule.append(" --- |");
        }
        sb.append(header).append('\n').append(rule).append('\n');
        List<Trial> rows = new ArrayList<>(trials);
        rows.sort(Comparator.comparingInt((Trial t) -> -t.rungs().size())
                .thenComparing(t -> {
                    Score last =
                            t.rungs().isEmpty() ? null : t.rungs().get(t.rungs().size() - 1);
                    return last == null ? 0 : -last.validationTop1();
                })
                .thenComparingInt(Trial::id));
        for (Trial t : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %d%s | %s |",
                    t.id(),
                    chosen != null && t.id() == chosen ? " (chosen)" : "",
                    t.label()));
            appendScores(sb, t.rungs());
        }
        sb.append("| baseline | no JPEG layer |");
        appendScores(sb, baseline);
        Trial best = chosenTrial();
        if (best != null) {
            int last = rungImages.size() - 1;
            Score b = baselineAt(last);
            sb.append(String.format(
                    Locale.ROOT,
                    "%nchosen: trial %d, %s: validation top-1 %.2f%% at the last rung%s%n",
                    best.id(),
                    best.label(),
                    100 * best.at(last).validationTop1(),
                    b == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    " (baseline %.2f%%, difference %+.2f)",
                                    100 * b.validationTop1(),
                                    100 * (best.at(last).validationTop1() - b.validationTop1()))));
        } else {
            sb.append("\nnot finished: no setting chosen yet\n");
        }
        sb.append(String.format(
                Locale.ROOT,
                "%nvalidation top-1 (%%) after the last epoch of each run; produced by " + "`%s`%n",
                command));
        return sb.toString();
    }

    private void appendScores(StringBuilder sb, List<Score> scores) {
        for (int r = 0; r < rungImages.size(); r++) {
            Score s = scoreAt(scores, r);
            sb.append(s == null ? " |" : String.format(Locale.ROOT, " %.2f |", 100 * s.validationTop1()));
        }
        sb.append('\n');
    }

    /** A rung's image budget in words. */
    public static String imagesText(int images) {
        return images == 0 ? "all images" : String.format(Locale.ROOT, "%,d images", images);
    }
}
