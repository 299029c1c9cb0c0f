package org.jpegdl.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Objects;

/**
 * One named entry of the {@link ModelZoo}: what the model is and how to build it. How it is trained (presets,
 * learning rates) is training policy and lives with the recipe ({@code org.jpegdl.recipe.Recipe}).
 *
 * @param name the registry name, lower case (e.g. {@code resnet20})
 * @param family the model family, i.e. the class that defines it (e.g. {@code CifarResNet})
 * @param factory builds a fresh model for a class count and an input channel count
 * @param inputSize the native square input size in pixels (32 for CIFAR models, 224 for ImageNet models)
 * @param defaultClasses classes of the data set the paper trains it on (the head {@code jpegdl models} counts)
 */
public record ModelSpec(String name, String family, ModelFactory factory, int inputSize, int defaultClasses) {

    /** Checks every field. */
    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(factory, "factory");
        if (name.isBlank() || !name.equals(name.strip())) {
            throw new IllegalArgumentException(
                    "model name must be non-blank without surrounding spaces: '" + name + "'");
        }
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size of " + name + " must be positive, got " + inputSize);
        }
        if (defaultClasses < 1) {
            throw new IllegalArgumentException(
                    "default classes of " + name + " must be positive, got " + defaultClasses);
        }
    }

    /** A model for 32×32 images, as trained on CIFAR-100. */
    public static ModelSpec cifar(String name, String family, ModelFactory factory) {
        return new ModelSpec(name, family, factory, 32, 100);
    }

    /** A model for 224×224 images, as trained on ImageNet (1000 classes). */
    public static ModelSpec imagenet(String name, String family, ModelFactory factory) {
        return new ModelSpec(name, family, factory, 224, 1000);
    }

    /** A model for 224×224 images, as trained on the fine-grained sets (CUB-200's 200 classes). */
    public static ModelSpec fineGrained(String name, String family, ModelFactory factory) {
        return new ModelSpec(name, family, factory, 224, 200);
    }

    /** A fresh RGB model with {@code numClasses} logits. */
    public Block build(int numClasses) {
        return build(numClasses, 3);
    }

    /** A fresh model with {@code numClasses} logits for images with {@code inChannels} channels. */
    public Block build(int numClasses, int inChannels) {
        return factory.create(numClasses, inChannels);
    }

    /** The input shape (batch, inChannels, inputSize, inputSize) at the native size. */
    public Shape inputShape(long batch, int inChannels) {
        return new Shape(batch, inChannels, inputSize, inputSize);
    }
}
