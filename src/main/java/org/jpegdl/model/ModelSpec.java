package org.jpegdl.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import java.util.Objects;
import java.util.Set;

/**
 * One named entry of the {@link ModelZoo}: how to build the model and how the paper trains it.
 *
 * @param name the registry name, lower case (e.g. {@code resnet20})
 * @param family the model family, i.e. the class that defines it (e.g. {@code CifarResNet})
 * @param factory builds a fresh model for a class count and an input channel count
 * @param inputSize the native square input size in pixels (32 for CIFAR models, 224 for ImageNet models)
 * @param recipe the training recipe preset: {@link #RECIPE_CIFAR}, {@link #RECIPE_FINEGRAINED} or
 *     {@link #RECIPE_IMAGENET}
 * @param baseLearningRate the base learning rate the recipe uses for this model (a hint; the recipe may override)
 * @param defaultClasses classes of the data set the paper trains it on (the head {@code jpegdl models} counts)
 */
public record ModelSpec(
        String name, String family, ModelFactory factory, int inputSize, String recipe, double baseLearningRate,
        int defaultClasses) {

    /** The CIFAR recipe preset (32×32 models). */
    public static final String RECIPE_CIFAR = "cifar";
    /** The fine-grained recipe preset (CUB-200, Stanford Dogs, Flowers-102, Oxford Pets). */
    public static final String RECIPE_FINEGRAINED = "finegrained";
    /** The ImageNet recipe preset. */
    public static final String RECIPE_IMAGENET = "imagenet";

    private static final Set<String> RECIPES = Set.of(RECIPE_CIFAR, RECIPE_FINEGRAINED, RECIPE_IMAGENET);

    /** Checks every field. */
    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(recipe, "recipe");
        if (name.isBlank() || !name.equals(name.strip())) {
            throw new IllegalArgumentException("model name must be non-blank without surrounding spaces: '" + name + "'");
        }
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size of " + name + " must be positive, got " + inputSize);
        }
        if (!RECIPES.contains(recipe)) {
            throw new IllegalArgumentException("unknown recipe '" + recipe + "' for " + name + "; known: " + RECIPES);
        }
        if (defaultClasses < 1) {
            throw new IllegalArgumentException("default classes of " + name + " must be positive, got "
                    + defaultClasses);
        }
        if (!(baseLearningRate > 0) || Double.isInfinite(baseLearningRate)) {
            throw new IllegalArgumentException("base learning rate of " + name + " must be positive, got "
                    + baseLearningRate);
        }
    }

    /** A model for 32×32 images trained with the CIFAR recipe. */
    public static ModelSpec cifar(String name, String family, double baseLearningRate, ModelFactory factory) {
        return new ModelSpec(name, family, factory, 32, RECIPE_CIFAR, baseLearningRate, 100);
    }

    /** A model for 224×224 images trained with the ImageNet recipe (1000 classes). */
    public static ModelSpec imagenet(String name, String family, double baseLearningRate, ModelFactory factory) {
        return new ModelSpec(name, family, factory, 224, RECIPE_IMAGENET, baseLearningRate, 1000);
    }

    /** A model for 224×224 images trained with the fine-grained recipe (CUB-200's 200 classes). */
    public static ModelSpec fineGrained(String name, String family, double baseLearningRate, ModelFactory factory) {
        return new ModelSpec(name, family, factory, 224, RECIPE_FINEGRAINED, baseLearningRate, 200);
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
