package org.jpegdl.recipe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a run's JPEG tables start, as a recipe names it: parsed once from its text form ({@code constant:STEP},
 * {@code quality:Q}, {@code sensitivity}, {@code sensitivity:RUN_DIR} or {@code abs-avg}) and written back in the
 * same form in {@code config.json}. The tables themselves are made from it when a run is assembled.
 */
public sealed interface TableInitialization
        permits TableInitialization.Constant,
                TableInitialization.Quality,
                TableInitialization.Sensitivity,
                TableInitialization.MeanMagnitude {

    /** Every step equal to {@code step}. */
    record Constant(double step) implements TableInitialization {
        /** Checks the step. */
        public Constant {
            if (!(step > 0) || !Double.isFinite(step)) {
                throw new IllegalArgumentException(
                        "table init constant: the step must be positive and finite, got " + step);
            }
        }

        @Override
        public String toString() {
            return "constant:" + step;
        }
    }

    /** The standard (Annex K) tables scaled to IJG quality {@code quality}, 1..100. */
    record Quality(int quality) implements TableInitialization {
        /** Checks the quality. */
        public Quality {
            if (quality < 1 || quality > 100) {
                throw new IllegalArgumentException("table init quality: Q must be in 1..100, got " + quality);
            }
        }

        @Override
        public String toString() {
            return "quality:" + quality;
        }
    }

    /**
     * Steps from the sensitivity map of a trained baseline run ({@code baselineRun}), normalised to the recipe's
     * {@code qMax}; a null run means the baseline that a comparison trains for the same seed.
     */
    record Sensitivity(Path baselineRun) implements TableInitialization {
        /** The baseline a comparison trains for the same seed, not yet known. */
        public static final Sensitivity OF_PAIRED_BASELINE = new Sensitivity(null);

        /** Whether the baseline run is still to be named (a comparison names it). */
        public boolean needsBaseline() {
            return baselineRun == null;
        }

        @Override
        public String toString() {
            return baselineRun == null ? "sensitivity" : "sensitivity:" + baselineRun;
        }
    }

    /**
     * Steps from the mean magnitude of the training split's DCT coefficients (the reference's
     * {@code initial_Q_w_abs_avg}): q = 2·mean|x|/√(2^(bits−1)) per frequency, the DC step replaced by the first AC
     * step in zigzag order; computed once per data set and kept in the run store.
     */
    record MeanMagnitude() implements TableInitialization {
        /** The text form. */
        public static final String TEXT = "abs-avg";
        /** The one value. */
        public static final MeanMagnitude INSTANCE = new MeanMagnitude();

        @Override
        public String toString() {
            return TEXT;
        }
    }

    /** Tables from JPEG quality {@code quality}. */
    static TableInitialization quality(int quality) {
        return new Quality(quality);
    }

    /** Every step {@code step}. */
    static TableInitialization constant(double step) {
        return new Constant(step);
    }

    /** Tables from the sensitivity map of the baseline run in {@code baselineRun}. */
    static TableInitialization sensitivity(Path baselineRun) {
        return new Sensitivity(baselineRun);
    }

    /** Tables from the mean magnitude of the training split's coefficients. */
    static TableInitialization meanMagnitude() {
        return MeanMagnitude.INSTANCE;
    }

    /**
     * Reads the text form: {@code constant:STEP}, {@code quality:Q}, {@code sensitivity},
     * {@code sensitivity:RUN_DIR} or {@code abs-avg}; anything else is an error that says which forms exist.
     */
    @JsonCreator
    static TableInitialization parse(String text) {
        String spec = text == null ? "" : text.strip();
        String lower = spec.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("constant:")) {
                return new Constant(Double.parseDouble(spec.substring("constant:".length())));
            }
            if (lower.startsWith("quality:")) {
                return new Quality(Integer.parseInt(spec.substring("quality:".length())));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot read a number in table init '" + text + "'");
        }
        if (lower.equals(MeanMagnitude.TEXT)) {
            return MeanMagnitude.INSTANCE;
        }
        if (lower.equals("sensitivity")) {
            return Sensitivity.OF_PAIRED_BASELINE;
        }
        if (lower.startsWith("sensitivity:") && spec.length() > "sensitivity:".length()) {
            return new Sensitivity(Path.of(spec.substring("sensitivity:".length())));
        }
        throw new IllegalArgumentException(
                "table init must be sensitivity[:RUN_DIR], abs-avg, quality:Q or " + "constant:STEP, got " + text);
    }

    /** The text form, as {@link #parse} reads it and {@code config.json} stores it. */
    @JsonValue
    String toString();
}
