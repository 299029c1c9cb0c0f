package org.jpegdl.recipe;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.nio.file.Path;
import org.jpegdl.data.DatasetOptions;

/**
 * How a run reads its data: for photo datasets (folders of JPEG/PNG files) the square size images are cropped to,
 * whether unreadable images are skipped, decoding threads, an optional cache of decoded images, and the share held
 * out as the test split of an ImageFolder tree without one; for every data set the share of the training data held
 * out as a validation split (stratified, seeded by the run's seed), on which settings are chosen.
 *
 * @param imageSize side in pixels of the training and test crops (0: the model's native input size)
 * @param skipBad skip unreadable images (counted and listed in summary.json) instead of stopping
 * @param decodeThreads decoding threads (0: half the cores)
 * @param cacheDir directory of the decoded-image cache, or null for none
 * @param testFraction fraction held out per class as the test split when an ImageFolder tree has no train/val split
 *     (0: the reader's default)
 * @param validationFraction fraction of every class of the training data held out for validation (0: none)
 * @param validationOnly the run evaluates on its validation split only and never reads the test split (a sweep's
 *     trials); needs a validation fraction
 */
public record DataSettings(
        int imageSize,
        boolean skipBad,
        int decodeThreads,
        String cacheDir,
        @JsonAlias("valFraction") double testFraction,
        double validationFraction,
        boolean validationOnly) {

    /** Native size, stop on bad images, default threads, no cache, the reader's test split, no validation. */
    public static DataSettings defaults() {
        return new DataSettings(0, false, 0, null, 0, 0);
    }

    /** Checks the values. */
    public DataSettings {
        if (imageSize < 0 || decodeThreads < 0) {
            throw new IllegalArgumentException("image size and decode threads must be non-negative");
        }
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in [0,1), got " + testFraction);
        }
        if (!(validationFraction == 0 || validationFraction > 0 && validationFraction <= 0.5)) {
            throw new IllegalArgumentException(
                    "validation fraction must be in (0, 0.5] (or 0 for none), got " + validationFraction);
        }
        if (validationOnly && validationFraction == 0) {
            throw new IllegalArgumentException(
                    "a run that evaluates on its validation split only needs a validation " + "fraction");
        }
    }

    /** Settings that evaluate on the test split (and on a validation split when the fraction is positive). */
    public DataSettings(
            int imageSize,
            boolean skipBad,
            int decodeThreads,
            String cacheDir,
            double testFraction,
            double validationFraction) {
        this(imageSize, skipBad, decodeThreads, cacheDir, testFraction, validationFraction, false);
    }

    /** The same settings with a validation split of {@code fraction}, evaluated on it alone or on the test split too. */
    public DataSettings withValidation(double fraction, boolean only) {
        return new DataSettings(imageSize, skipBad, decodeThreads, cacheDir, testFraction, fraction, only);
    }

    /** Settings without a validation split. */
    public DataSettings(int imageSize, boolean skipBad, int decodeThreads, String cacheDir, double testFraction) {
        this(imageSize, skipBad, decodeThreads, cacheDir, testFraction, 0);
    }

    /** The dataset options for a model whose native input is {@code nativeSize} pixels. */
    public DatasetOptions toOptions(int nativeSize) {
        DatasetOptions.Builder b = DatasetOptions.builder()
                .optImageSize(imageSize > 0 ? imageSize : nativeSize)
                .optSkipBad(skipBad);
        if (testFraction > 0) {
            b.optTestFraction(testFraction);
        }
        if (decodeThreads > 0) {
            b.optDecodeThreads(decodeThreads);
        }
        if (cacheDir != null) {
            b.optCacheDirectory(Path.of(cacheDir));
        }
        return b.build();
    }
}
