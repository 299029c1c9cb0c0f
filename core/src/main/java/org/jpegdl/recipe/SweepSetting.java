package org.jpegdl.recipe;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.jpegdl.jpeg.Adaptation;

/**
 * A JPEG-layer setting a sweep may vary, named as its {@code train} option is (without the dashes), with how a
 * value in text form changes a recipe: {@code init}, {@code q-max}, {@code alpha}, {@code trainable-alpha},
 * {@code alpha-scaling}, {@code hardness} (a number or {@code off}), {@code rounds}, {@code bits},
 * {@code region-size}, {@code table-lr}, {@code adaptive}.
 */
public enum SweepSetting {

    /** Table initialisation: {@code sensitivity} (the rung's baseline), {@code abs-avg}, {@code quality:Q}, ... */
    INIT("init", (r, v) -> r.withTableInit(TableInitialization.parse(v))),
    /** Largest luma step of a sensitivity initialisation. */
    Q_MAX("q-max", (r, v) -> r.withQMax(number(v))),
    /** The quantiser's alpha, fixed or where trainable alphas start. */
    ALPHA("alpha", (r, v) -> r.withAlpha(number(v))),
    /** Learn one alpha per frequency. */
    TRAINABLE_ALPHA("trainable-alpha", (r, v) -> r.withTrainableAlpha(bool(v))),
    /** Start alpha as alpha / the initial step. */
    ALPHA_SCALING("alpha-scaling", (r, v) -> r.withAlphaScaling(bool(v))),
    /** Hardness matching H (alpha = H/q²), or {@code off}. */
    HARDNESS("hardness", (r, v) -> v.equals("off") ? r.withoutHardness() : r.withHardness(number(v))),
    /** Soft quantiser rounds. */
    ROUNDS("rounds", (r, v) -> r.withRounds(whole(v))),
    /** Index range in bits. */
    BITS("bits", (r, v) -> r.withBits(whole(v))),
    /** Spatial tables: region side in pixels (0: one table pair). */
    REGION_SIZE("region-size", (r, v) -> r.withRegionSize(whole(v))),
    /** Learning rate of the tables. */
    TABLE_LR("table-lr", (r, v) -> r.withTableLr(number(v))),
    /** Tables adapted to each image: {@code none}, {@code per-image} or {@code per-frequency}. */
    ADAPTIVE("adaptive", (r, v) -> r.withAdaptation(Adaptation.parse(v)));

    private final String settingName;
    private final BiFunction<Recipe, String, Recipe> change;

    SweepSetting(String settingName, BiFunction<Recipe, String, Recipe> change) {
        this.settingName = settingName;
        this.change = change;
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
            return change.apply(recipe, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sweep setting " + settingName + "=" + value + ": " + e.getMessage(), e);
        }
    }

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
