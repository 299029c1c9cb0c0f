package org.jpegdl.experiment;

import ai.djl.nn.Block;
import java.io.IOException;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.JpegLayerBuilder;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.run.RunConfig;

/**
 * Builds a run's {@link Network} from its config: the classifier behind the normalisation alone (baseline) or behind
 * a JPEG layer with every setting from the recipe (JPEG-DL, optionally with a frozen classifier). The layer's initial
 * tables come from a {@link TableSource}, asked only when the layer has tables.
 */
final class NetworkAssembly {

    private NetworkAssembly() {}

    /** Where a JPEG layer's initial tables come from, asked only for a layer that has tables. */
    @FunctionalInterface
    interface TableSource {
        /** The initial tables. */
        TableInit get() throws IOException;
    }

    /**
     * The network of {@code config}.
     *
     * @param classifier the classifier, built for the data's classes and channels
     * @param channels the input's channels
     * @param shape the input's shape (C, H, W)
     * @param stats the normalisation: mean and standard deviation per channel
     * @param tables the JPEG layer's initial tables
     */
    static Network build(
            RunConfig config, Block classifier, int channels, int[] shape, float[][] stats, TableSource tables)
            throws IOException {
        if (!config.jpeg()) {
            return Network.baseline(classifier, stats[0], stats[1]);
        }
        JpegLayer layer = jpegLayer(config, channels, shape, stats, tables);
        return config.frozenClassifier()
                ? Network.frozenClassifier(layer, classifier)
                : Network.jpegDl(layer, classifier);
    }

    /** The JPEG layer of a JPEG-DL run, every setting from the recipe, for images of {@code shape} (C, H, W). */
    private static JpegLayer jpegLayer(RunConfig config, int channels, int[] shape, float[][] stats, TableSource tables)
            throws IOException {
        Recipe recipe = config.recipe();
        JpegLayerBuilder layer = JpegLayer.builder()
                .optChannels(channels)
                .optCandidates(recipe.candidates())
                .optBits(recipe.bits())
                .optNormalization(stats[0], stats[1]);
        if (recipe.zeroDc()) {
            return layer.optZeroDc(true).build();
        }
        int size = recipe.regionSize();
        if (size > padded(shape[1]) || size > padded(shape[2])) {
            throw new IllegalArgumentException("spatial table region size " + size + " is larger than the " + shape[1]
                    + "×" + shape[2] + " images of " + config.dataset() + " this run trains on");
        }
        return layer.optRounds(recipe.rounds())
                .optAlpha(recipe.alpha())
                .optTrainableAlpha(recipe.trainableAlpha())
                .optAlphaScaling(recipe.alphaScaling())
                .optHardness(recipe.hardness())
                .optRegionSize(size)
                .optAdaptation(recipe.adaptation())
                .optTableInit(tables.get())
                .build();
    }

    /** {@code pixels} rounded up to whole 8×8 blocks, as the layer pads. */
    private static int padded(int pixels) {
        return (pixels + 7) / 8 * 8;
    }
}
