package org.jpegdl.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jpegdl.experiment.Comparison;

/**
 * A comparison's table: final top-1 and top-5 of each arm and their difference.
 *
 * @param description the comparison in words
 * @param arms baseline and JPEG-DL
 * @param deltaTop1 JPEG-DL's top-1 minus the baseline's
 * @param deltaTop5 the same for top-5
 * @param delta1 {@code deltaTop1} in percent, signed
 * @param delta5 {@code deltaTop5} in percent, signed
 * @param command the command that ran the comparison
 * @param spread whether there are several seeds (a spread to show)
 * @param paired the paired test over seeds in words, or null
 * @param tablesLearned whether the tables learned, in one sentence, or null
 */
record CompareSection(
        String description,
        List<Arm> arms,
        double deltaTop1,
        double deltaTop5,
        String delta1,
        String delta5,
        String command,
        boolean spread,
        String paired,
        String tablesLearned) {

    /**
     * One arm's row.
     *
     * @param name the arm
     * @param runs its runs
     * @param top1Mean mean top-1
     * @param top5Mean mean top-5
     * @param top1 top-1 in percent (± the spread with several seeds)
     * @param top5 top-5 likewise
     * @param perSeed top-1 per seed in percent
     * @param wall its wall time
     */
    record Arm(
            String name,
            int runs,
            double top1Mean,
            double top5Mean,
            String top1,
            String top5,
            String perSeed,
            String wall) {}

    /** The section of comparison {@code c}; {@code tablesLearned} as {@link TravelSection#verdict} says it. */
    static CompareSection of(Comparison c, String tablesLearned) {
        boolean spread = c.seeds().size() > 1;
        List<Arm> arms = List.of(c.baseline(), c.jpegDl()).stream()
                .map(a -> new Arm(
                        a.name(),
                        a.runs(),
                        a.top1Mean(),
                        a.top5Mean(),
                        spread ? Texts.pm(a.top1Mean(), a.top1Std()) : Texts.percent(a.top1Mean()),
                        spread ? Texts.pm(a.top5Mean(), a.top5Std()) : Texts.percent(a.top5Mean()),
                        a.top1PerSeed().stream()
                                .map(v -> String.format(Locale.ROOT, "%.2f", 100 * v))
                                .collect(Collectors.joining(", ")),
                        Comparison.duration(a.wallSeconds())))
                .toList();
        String description = String.format(
                Locale.ROOT,
                "%s on %s, %d epochs, %s: final test top-1 and top-5 of " + "each arm%s.",
                c.model(),
                c.dataset(),
                c.epochs(),
                Texts.seeds(c.seeds()),
                c.seeds().size() < 2 ? " (one seed: no spread)" : "");
        return new CompareSection(
                description,
                arms,
                c.deltaTop1(),
                c.deltaTop5(),
                String.format(Locale.ROOT, "%+.2f", 100 * c.deltaTop1()),
                String.format(Locale.ROOT, "%+.2f", 100 * c.deltaTop5()),
                c.command(),
                spread,
                c.paired() == null ? null : c.paired().describe(),
                tablesLearned);
    }
}
