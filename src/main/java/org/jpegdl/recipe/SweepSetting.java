package org.jpegdl.recipe;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A JPEG-layer setting a sweep may vary, named as its {@code train} option is (without the dashes), with how a
 * value in text form changes a recipe: {@code init}, {@code q-max}, {@code alpha}, {@code trainable-alpha},
 * {@code alpha-scaling}, {@code hardness} (a number or {@code off}), {@code rounds}, {@code bits},
 * {@code region-size}, {@code table-lr}.
 */
public enum SweepSetting {

    /** Table initialisation: {@code sensitivity} (the rung's baseline), {@code abs-avg}, {@code quality:Q}, ... */
    INIT("init") {
        @Override
        Recipe applyText(Recipe r, String value) {
            return r.withTableInit(TableInitialization.parse(value));
        }
    },
    /** Largest luma step of a sensitivity initialisation. */
    Q_MAX("q-max") {
        @Override
        Recipe applyText(Recipe r, String value) {
            return r.withQMax(number(value));
        }
    },
    /** The quantiser's alpha, fixed or where trainable alphas start. */
    ALPHA("alpha") {
        @Override
        Recipe applyText(Recipe r, String value) {
            return r.withAlpha(number(value));
        }
    },
    /** Learn one alpha per frequency. */
    TRAINABLE_ALPHA("trainable-alpha") {
        @Override
        Recipe applyText(Recipe r, String value) {
            return r.withTrainableAlpha(bool(value));
        }
    },
    /** Start alpha as alpha / the initial step. */
    ALPHA_SCALING("alpha-scaling") {
        @Override
        Recipe applyText(Recipe r, String value) {
            return r.withAlphaScaling(bool(value));
        }
    },
    /** Hardness matching H (alpha = H/q²), or {@code off}. */
    HARDNESS("hardness") {
        @Override
        Recipe applyText(Recipe r, String value) {
            return value.equals("off") ? r.withoutHardness() : r.withHardness(number(value));
        }
    },
    /** Soft quantiser rounds. */
    ROUNDS("rounds") {
        @Override
        Recipe applyText(Recipe r, String value) {
            return r.withRounds(whole(value));
        }
    },
    /** Index range in bits. */
    BITS("bits") {
        @Override
        Recipe applyText(Recipe r, String value) {
            return r.withBits(whole(value));
        }
    },
    /** Spatial tables: region side in pixels (0: one table pair). */
    REGION_SIZE("region-size") {
        @Override
        Recipe applyText(Recipe r, String value) {
            return r.withRegionSize(whole(value));
        }
    },
    /** Learning rate of the tables. */
    TABLE_LR("table-lr") {
        @Override
        Recipe applyText(Recipe r, String value) {
            return r.withTableLr(number(value));
        }
    };

    private final String settingName;

    SweepSetting(String settingName) {
        this.settingName = settingName;
    }

    /** The name a search space uses, e.g. {@code q-max}. */
    public String settingName() {
        return settingName;
    }

    /** The setting called {@code name}; an unknown name is an error that lists the known ones. */
    public static SweepSetting named(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT).replaceFirst("^--", "");
        for (SweepSetting s : values()) {
            if (s.settingName.equals(wanted)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown sweep setting '" + name + "'; known: " + names());
    }

    /** Every setting's name, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(SweepSetting::settingName).collect(Collectors.joining(", "));
    }

    /**
     * {@code recipe} with this setting at {@code value}; a value the setting cannot take is an error that names
     * the setting and the value.
     */
    public Recipe apply(Recipe recipe, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            return applyText(recipe, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sweep setting " + settingName + "=" + value + ": " + e.getMessage(), e);
        }
    }

    abstract Recipe applyText(Recipe r, String value);

    private static double number(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
    }

    private static int whole(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
    }

    private static boolean bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("must be true or false");
        }
        return Boolean.parseBoolean(value);
    }
}
