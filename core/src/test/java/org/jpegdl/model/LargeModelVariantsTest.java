package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The variants the ImageNet and fine-grained families offer to the registry. */
class LargeModelVariantsTest {

    static List<ModelSpec> all() {
        List<ModelSpec> all = new ArrayList<>();
        all.addAll(ResNet.variants());
        all.addAll(DenseNet.variants());
        all.addAll(SqueezeNet.variants());
        all.addAll(PreActResNet.variants());
        all.addAll(EfficientFormer.variants());
        return all;
    }

    @Test
    void namesAreUniqueAndAsDocumented() {
        Map<String, ModelSpec> byName = all().stream().collect(Collectors.toMap(ModelSpec::name, Function.identity()));
        assertEquals(
                List.of(
                        "densenet121",
                        "efficientformer_l1",
                        "preact_resnet18",
                        "preact_resnet18_cifar",
                        "resnet18",
                        "resnet34",
                        "squeezenet1_1"),
                byName.keySet().stream().sorted().toList());
        assertEquals(200, byName.get("densenet121").defaultClasses());
        assertEquals(1000, byName.get("efficientformer_l1").defaultClasses());
        assertEquals(32, byName.get("preact_resnet18_cifar").inputSize());
        assertEquals(224, byName.get("preact_resnet18").inputSize());
        assertEquals("ResNet", byName.get("resnet34").family());
    }

    @Test
    void factoriesBuildFreshBlocksForTheRequestedChannels() {
        for (ModelSpec v : all()) {
            Block a = v.build(7, 1);
            assertNotSame(a, v.build(7, 1), v.name());
            ImageClassifier classifier = assertInstanceOf(ImageClassifier.class, a, v.name());
            assertEquals(v.name(), classifier.architecture());
            assertEquals(1, classifier.inChannels(), v.name());
            try (NDManager manager = NDManager.newBaseManager()) {
                IllegalArgumentException e = assertThrows(
                        IllegalArgumentException.class,
                        () -> a.initialize(manager, DataType.FLOAT32, v.inputShape(1, 3)),
                        v.name());
                assertTrue(e.getMessage().contains("1-channel"), v.name() + ": " + e.getMessage());
            }
        }
    }

    @Test
    void smallestVariantBuildsWithItsDefaults() {
        ModelSpec squeezenet = all().stream()
                .filter(v -> v.name().equals("squeezenet1_1"))
                .findFirst()
                .orElseThrow();
        assertEquals(1_235_496L, ModelChecks.trainableParameters(squeezenet.build(1000), new Shape(1, 3, 224, 224)));
    }

    @Test
    void rejectsInvalidMetadata() {
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("x", "X", ResNet::resnet18, 224, 0));
        assertThrows(IllegalArgumentException.class, () -> ResNet.resnet18(10, 2));
    }
}
