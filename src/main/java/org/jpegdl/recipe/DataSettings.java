package org.jpegdl.recipe;

import java.nio.file.Path;
import org.jpegdl.data.DatasetOptions;

/**
 * How a run reads photo datasets (folders of JPEG/PNG files): the square size images are cropped to, whether
 * unreadable images are skipped, decoding threads, an optional cache of resized images, and the validation fraction
 * for an ImageFolder tree without a split. In-memory datasets (IDX, CIFAR binaries) ignore it.
 *
 * @param imageSize side in pixels of the training and test crops (0: the model's native input size)
 * @param skipBad skip unreadable images (counted and listed in summary.json) instead of stopping
 * @param decodeThreads decoding threads (0: half the cores)
 * @param cacheDir directory of the decoded-image cache, or null for none
 * @param valFraction fraction held out per class when an ImageFolder tree has no train/val split (0: the reader's
 *     default)
 */
public record DataSettings(int imageSize, boolean skipBad, int decodeThreads, String cacheDir, double valFraction) {

    /** Native size, stop on bad images, default threads, no cache, the reader's validation fraction. */
    public static DataSettings defaults() {
        return new DataSettings(0, false, 0, null, 0);
    }

    /** Checks the values. */
    public DataSettings {
        if (imageSize < 0 || decodeThreads < 0) {
            throw new IllegalArgumentException("image size and decode threads must be non-negative");
        }
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0,1), got " + valFraction);
        }
    }

    /** The dataset options for a model whose native input is {@code nativeSize} pixels. */
    public DatasetOptions toOptions(int nativeSize) {
        DatasetOptions.Builder b = DatasetOptions.builder()
                .optImageSize(imageSize > 0 ? imageSize : nativeSize)
                .optSkipBad(skipBad);
        if (valFraction > 0) {
            b.optValFraction(valFraction);
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
