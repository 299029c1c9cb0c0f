package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every ImageNet and fine-grained model of the zoo, built by its registered name: exact parameter counts of the
 * reference definitions (torchvision, timm, CS-KD), output shapes at the sizes the paper uses, a few training steps.
 * What is particular to one family (a stem's padding, attention biases, ...) stays in that family's test.
 */
class LargeModelsTest {

    /** Trainable parameters as PyTorch counts the reference definition, for an input of the given side. */
    @ParameterizedTest(name = "{0}, {1} classes, {2}×{3}×{3}: {4}")
    @CsvSource({
        "resnet18, 1000, 3, 224, 11689512", // torchvision
        "resnet18, 200, 3, 224, 11279112",
        "resnet34, 1000, 3, 224, 21797672", // torchvision
        "densenet121, 200, 3, 224, 7158856",
        "densenet121, 1000, 3, 64, 7978856", // torchvision
        "squeezenet1_1, 1000, 3, 224, 1235496", // torchvision
        // stem conv 7·7·3·64 + stem BN 128 + blocks 11,164,288 + fc 512·200+200
        "preact_resnet18, 200, 3, 224, 11276424",
        // CS-KD CIFAR_ResNet18(num_classes=100): conv3x3 1,728 + BN 128 + blocks 11,164,288 + fc 51,300
        "preact_resnet18_cifar, 100, 3, 32, 11217444",
        "efficientformer_l1, 1000, 3, 224, 12289928"
    }) // timm
    void hasTheReferenceParameterCount(String name, int classes, int channels, int side, long expected) {
        assertEquals(
                expected,
                ModelChecks.trainableParameters(
                        ModelZoo.build(name, classes, channels), new Shape(1, channels, side, side)));
    }

    /** One logit per class, at the ImageNet size and at the small sizes jpegdl also trains at. */
    @ParameterizedTest(name = "{0}, {1} classes, {2}×{3}×{3}")
    @CsvSource({
        "resnet18, 1000, 3, 224",
        "resnet34, 1000, 3, 224",
        "resnet18, 200, 3, 64",
        "resnet34, 10, 1, 64",
        "densenet121, 200, 3, 224",
        "densenet121, 200, 3, 64",
        "densenet121, 10, 1, 64",
        "squeezenet1_1, 1000, 3, 224",
        "squeezenet1_1, 200, 3, 64",
        "squeezenet1_1, 10, 1, 64",
        "preact_resnet18, 200, 3, 224",
        "preact_resnet18, 200, 3, 64",
        "preact_resnet18_cifar, 100, 1, 32",
        "preact_resnet18_cifar, 100, 3, 64",
        "efficientformer_l1, 1000, 3, 224"
    })
    void outputsOneLogitPerClass(String name, int classes, int channels, int side) {
        assertEquals(
                new Shape(1, classes),
                ModelChecks.inferenceOutputShape(
                        ModelZoo.build(name, classes, channels), new Shape(1, channels, side, side)));
    }

    /** A few plain SGD steps on one fixed batch of four images lower the loss. */
    @ParameterizedTest(name = "{0} at {1} px, {2} steps")
    @CsvSource({
        "resnet18, 32, 3, 0.05",
        "densenet121, 32, 2, 0.05",
        "squeezenet1_1, 64, 3, 0.01",
        "preact_resnet18, 64, 3, 0.05"
    })
    void trainingReducesLossOnAFixedBatch(String name, int side, int steps, float learningRate) {
        ModelChecks.assertLossDecreases(ModelChecks.trainOnFixedBatch(
                ModelZoo.build(name, 10, 3), new Shape(4, 3, side, side), 10, steps, learningRate));
    }
}
