package org.jpegdl.model;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;

/**
 * The weight initialisations the reference definitions use, written as DJL initialisers. DJL's Xavier initialiser
 * draws with scale {@code sqrt(magnitude / fan)}, which covers PyTorch's Kaiming family. A trainer whose
 * configuration sets its own weight initialiser replaces these.
 */
final class ReferenceInit {

    private ReferenceInit() {}

    /** {@code kaiming_normal_(mode='fan_out', nonlinearity='relu')}: N(0, 2/fan_out). torchvision ResNet. */
    static Initializer kaimingNormalFanOut() {
        return new XavierInitializer(RandomType.GAUSSIAN, FactorType.OUT, 2);
    }

    /** {@code kaiming_normal_()} (fan_in, ReLU gain): N(0, 2/fan_in). torchvision DenseNet. */
    static Initializer kaimingNormalFanIn() {
        return new XavierInitializer(RandomType.GAUSSIAN, FactorType.IN, 2);
    }

    /** {@code kaiming_uniform_()} (fan_in, ReLU gain): U(±sqrt(6/fan_in)). torchvision SqueezeNet. */
    static Initializer kaimingUniformFanIn() {
        return new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 6);
    }

    /** PyTorch's default for Conv2d and Linear weights, {@code kaiming_uniform_(a=sqrt(5))}: U(±1/sqrt(fan_in)). */
    static Initializer torchDefault() {
        return new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 1);
    }
}
