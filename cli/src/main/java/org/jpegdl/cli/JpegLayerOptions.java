package org.jpegdl.cli;

import java.util.Locale;
import org.jpegdl.jpeg.Adaptation;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import picocli.CommandLine.Option;

/**
 * The JPEG layer's options: where the tables start, the quantiser's alpha (fixed, trainable, scaled or matched),
 * rounds, bits, spatial tables and the zero-DC ablation. An option not given keeps the preset's value.
 */
final class JpegLayerOptions {

    /** The word that turns hardness matching off. */
    static final String OFF = "off";

    @Option(
            names = "--init",
            paramLabel = "SPEC",
            description = "Table initialisation: sensitivity:RUN_DIR, abs-avg "
                    + "(q = 2·mean|x|/sqrt(2^(bits-1)) per frequency over the training split's blocks, the DC step replaced "
                    + "by the first AC step; computed once per data set and kept as mean-magnitudes.json), quality:Q or "
                    + "constant:STEP (preset: sensitivity; imagenet abs-avg).")
    String init;

    @Option(names = "--q-max", description = "Largest luma step of a sensitivity initialisation (preset: 10).")
    Double qMax;

    @Option(
            names = "--alpha",
            description = "Soft quantiser hardness alpha, fixed, or where trainable alphas start "
                    + "(preset: 5; not used under hardness matching).")
    Double alpha;

    @Option(
            names = "--trainable-alpha",
            description = "Learn alpha too, one per frequency of every table, by the " + "table optimiser.")
    Boolean trainableAlpha;

    @Option(
            names = "--alpha-lr",
            description = "Learning rate of trainable alphas, on the tables' schedule "
                    + "(default: the tables' learning rate); needs --trainable-alpha.")
    Double alphaLr;

    @Option(names = "--alpha-scaling", description = "Start alpha as alpha / the initial step of each frequency.")
    Boolean alphaScaling;

    @Option(
            names = "--hardness",
            paramLabel = "H|off",
            description = "Hardness matching: alpha = H/q² from the "
                    + "current steps before every pass, H > 0; 'off' for a fixed or trainable alpha (preset: imagenet 0.8 / "
                    + "squeezenet1_1 3.0, off in the others).")
    String hardness;

    @Option(names = "--rounds", description = "Soft quantiser rounds, each with its own tables (preset: 1).")
    Integer rounds;

    @Option(names = "--bits", description = "Index range of the quantiser in bits, 2-16 (preset: 8; imagenet 11).")
    Integer bits;

    @Option(
            names = "--region-size",
            paramLabel = "S",
            description = "Spatial tables: one table pair (and alpha) "
                    + "per S×S-pixel region, S a multiple of 8 and at most the image size; tables from sensitivity or "
                    + "abs-avg start per region (default: 0, one pair for the whole image).")
    Integer regionSize;

    @Option(
            names = "--adaptive",
            paramLabel = "none|per-image|per-frequency",
            description =
                    "Tables adapted to "
                            + "each image: a small network of the tables' optimiser predicts from the image's DCT statistics one "
                            + "multiplier of the learned tables per image, or one per frequency (default: none, one set of tables).")
    String adaptive;

    @Option(
            names = "--zero-dc",
            description = "The zero-DC ablation: no tables and no quantiser, every block's DC "
                    + "coefficient set to 0; takes none of the options above.")
    boolean zeroDc;

    /** {@code r} with these options' changes. */
    Recipe apply(Recipe r) {
        if (alphaLr != null && !Boolean.TRUE.equals(trainableAlpha)) {
            throw new IllegalArgumentException(
                    "--alpha-lr sets the learning rate of trainable alphas: it needs " + "--trainable-alpha");
        }
        if (init != null) {
            r = r.withTableInit(TableInitialization.parse(init));
        }
        if (qMax != null) {
            r = r.withQMax(qMax);
        }
        if (alpha != null) {
            r = r.withAlpha(alpha);
        }
        if (trainableAlpha != null) {
            r = r.withTrainableAlpha(trainableAlpha);
        }
        if (alphaLr != null) {
            r = r.withAlphaLr(alphaLr);
        }
        if (alphaScaling != null) {
            r = r.withAlphaScaling(alphaScaling);
        }
        if (hardness != null) {
            r = hardness.strip().toLowerCase(Locale.ROOT).equals(OFF)
                    ? r.withoutHardness()
                    : r.withHardness(number("--hardness", hardness));
        }
        if (rounds != null) {
            r = r.withRounds(rounds);
        }
        if (bits != null) {
            r = r.withBits(bits);
        }
        if (regionSize != null) {
            r = r.withRegionSize(regionSize);
        }
        if (adaptive != null) {
            r = r.withAdaptation(Adaptation.parse(adaptive));
        }
        return zeroDc ? r.withZeroDc(true) : r;
    }

    private static double number(String option, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    option + " must be a positive number or '" + OFF + "', got '" + text + "'");
        }
    }
}
