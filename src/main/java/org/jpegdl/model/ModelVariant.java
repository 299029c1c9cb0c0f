package org.jpegdl.model;

import ai.djl.nn.Block;

import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One named model a family offers: what a registry lists and builds. Each family exposes its variants with a static
 * {@code variants()} method; {@link #factory()} builds a fresh, uninitialised block for {@code (numClasses,
 * inChannels)} that outputs logits.
 *
 * @param name            the variant's name as the user types it ({@code resnet18}, {@code efficientformer_l1})
 * @param family          the family (the class that defines it, e.g. {@code ResNet})
 * @param defaultClasses  the number of classes of the dataset the variant is usually trained on
 * @param nativeInputSize the side in pixels the reference definition was designed for (224 or 32)
 * @param recipe          the name of the training preset the variant is usually run with
 *                        ({@code imagenet}, {@code fine-grained}, {@code cifar})
 * @param factory         {@code (numClasses, inChannels) -> Block}
 */
public record ModelVariant(String name, String family, int defaultClasses, int nativeInputSize, String recipe,
                           BiFunction<Integer, Integer, Block> factory) {

    public ModelVariant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(factory, "factory");
        if (defaultClasses < 1) {
            throw new IllegalArgumentException(name + ": defaultClasses must be positive, got " + defaultClasses);
        }
        if (nativeInputSize < 1) {
            throw new IllegalArgumentException(name + ": nativeInputSize must be positive, got " + nativeInputSize);
        }
    }

    /** A fresh block with {@code numClasses} outputs for images with {@code inChannels} channels (1 or 3). */
    public Block build(int numClasses, int inChannels) {
        return factory.apply(numClasses, inChannels);
    }

    /** A fresh block with the default number of classes, for RGB images. */
    public Block build() {
        return build(defaultClasses, 3);
    }
}
