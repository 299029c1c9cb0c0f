package org.jpegdl.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the report pages write numbers: percentages, mean ± std, seeds. */
final class Texts {

    private Texts() {}

    /** A fraction in percent with two decimals ("71.25"). */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    /** Mean ± std of fractions, in percent ("71.25 ± 0.40"). */
    static String pm(double mean, double std) {
        return String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * std);
    }

    /** "seed 0" or "seeds 0, 1, 2". */
    static String seeds(List<Long> seeds) {
        return (seeds.size() == 1 ? "seed " : "seeds ")
                + seeds.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
