package org.jpegdl.jpeg;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a {@link JpegLayer} adapts its learned step tables to each image: not at all (one set of tables for the whole
 * data set, as in the paper), by one multiplier per image (an adaptive quality), or by one multiplier per frequency
 * of each table ({@link TablePredictor}).
 */
public enum Adaptation {
    /** The learned tables as they are, for every image. */
    NONE("none"),
    /** q_image = q · s(image), one s per image. */
    PER_IMAGE("per-image"),
    /** q_image = q · s(image), one s per frequency of the luma table (and of the chroma table for colour). */
    PER_FREQUENCY("per-frequency");

    private final String text;

    Adaptation(String text) {
        this.text = text;
    }

    /** The name on the command line and in {@code config.json}. */
    public String text() {
        return text;
    }

    /** The adaptation named {@code text} (case-insensitive); null or blank is {@link #NONE}. */
    public static Adaptation parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (Adaptation a : values()) {
            if (a.text.equals(t)) {
                return a;
            }
        }
        throw new IllegalArgumentException("adaptive tables must be one of "
                + Arrays.stream(values()).map(Adaptation::text).collect(Collectors.joining(", ")) + ", got '" + text
                + "'");
    }
}
