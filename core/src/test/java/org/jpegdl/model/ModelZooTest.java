package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry: names, specs, errors, and the trainable-parameter counter. */
class ModelZooTest {

    static final List<String> CIFAR_NAMES = List.of(
            "resnet8",
            "resnet14",
            "resnet20",
            "resnet32",
            "resnet44",
            "resnet56",
            "resnet110",
            "resnet8x4",
            "resnet32x4",
            "vgg8",
            "vgg11",
            "vgg13",
            "vgg16",
            "vgg19",
            "mobilenetv2",
            "shufflev1",
            "shufflev2",
            "wrn_16_1",
            "wrn_16_2",
            "wrn_40_1",
            "wrn_40_2");

    @Test
    void listsEveryCifarModelOnce() {
        List<String> names = ModelZoo.names();
        assertTrue(
                names.containsAll(CIFAR_NAMES),
                "missing: "
                        + CIFAR_NAMES.stream().filter(n -> !names.contains(n)).toList());
        assertEquals(names.size(), new HashSet<>(names).size(), "duplicate names in " + names);
        assertEquals(names.size(), ModelZoo.specs().size());
    }

    @Test
    void unknownNameListsTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelZoo.spec("resnet21"));
        assertTrue(e.getMessage().contains("Unknown model 'resnet21'"), e.getMessage());
        for (String name : CIFAR_NAMES) {
            assertTrue(e.getMessage().contains(name), "message lacks " + name + ": " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.build("nope", 10));
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.spec(null));
        assertFalse(ModelZoo.contains("nope"));
    }

    @Test
    void looksNamesUpIgnoringCase() {
        assertSame(ModelZoo.spec("mobilenetv2"), ModelZoo.spec("MobileNetV2"));
        assertTrue(ModelZoo.contains("ShuffleV1"));
    }

    @Test
    void specsOfCifarModelsAre32PixelModels() {
        for (String name : CIFAR_NAMES) {
            ModelSpec spec = ModelZoo.spec(name);
            assertEquals(name, spec.name());
            assertEquals(32, spec.inputSize(), name);
            assertEquals(new Shape(4, 1, 32, 32), spec.inputShape(4, 1));
        }
        assertEquals("CifarResNet", ModelZoo.spec("resnet20").family());
        assertEquals("Vgg", ModelZoo.spec("vgg8").family());
        assertEquals("WideResNet", ModelZoo.spec("wrn_40_2").family());
    }

    @Test
    void specRejectsBadFields() {
        ModelFactory factory = (c, ch) -> Linear.builder().setUnits(c).build();
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("x", "F", factory, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("x", "F", factory, 32, 0));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(" x", "F", factory, 32, 100));
    }

    @Test
    void buildRejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.build("resnet8", 0));
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.build("vgg8", 10, 0));
    }

    @Test
    void countsWeightsAndBatchNormScaleButNotRunningStatistics() {
        // conv 3→4 (3·3·3·4 = 108, no bias) + BN(4): gamma, beta (8) — running mean/var (8) are not trainable.
        SequentialBlock block =
                new SequentialBlock().add(TorchLayers.conv3x3(4, 1)).add(TorchLayers.batchNorm());
        assertEquals(108 + 8, ModelZoo.trainableParameterCount(block, new Shape(1, 3, 8, 8)));
        // DJL lists conv weight, gamma, beta, running mean and running variance.
        assertEquals(5, block.getParameters().size());
        assertTrue(
                block.getParameters().values().stream().anyMatch(p -> p.getType() == Parameter.Type.RUNNING_VAR),
                "DJL lists the running statistics");
    }

    @Test
    void countingLeavesAFreshBlockUsable() {
        Block model = ModelZoo.build("resnet8", 10);
        long first = ModelZoo.trainableParameterCount(model, new Shape(1, 3, 32, 32));
        assertFalse(model.isInitialized(), "the counter must not leave closed arrays behind");
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            assertEquals(first, ModelZoo.trainableParameterCount(model, new Shape(1, 3, 32, 32)));
            NDArray out = model.forward(
                            new ParameterStore(manager, false),
                            new NDList(manager.ones(new Shape(2, 3, 32, 32))),
                            false)
                    .singletonOrThrow();
            assertEquals(new Shape(2, 10), out.getShape());
        }
    }

    @Test
    void countsByName() {
        assertEquals(83_892, ModelZoo.trainableParameterCount("resnet8", 100));
        assertEquals(83_892 - 100 * 65 + 10 * 65, ModelZoo.trainableParameterCount("resnet8", 10));
    }
}
