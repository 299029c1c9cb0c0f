package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every CIFAR model: exact trainable parameter counts of the reference definitions, output shapes, channels. */
class CifarModelsTest {

    private static final int CLASSES = 100;

    /**
     * Trainable parameters at 100 classes, 3×32×32, as PyTorch counts CRD's definitions. vgg11/16/19 and
     * wrn_16_1/wrn_40_1 were counted by hand from the same definitions (conv k·k·in·out (+out bias), BN 2·C,
     * linear in·out + out).
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "resnet8, 83892",
        "resnet14, 181108",
        "resnet20, 278324",
        "resnet32, 472756",
        "resnet44, 667188",
        "resnet56, 861620",
        "resnet110, 1736564",
        "resnet8x4, 1233540",
        "resnet32x4, 7433860",
        "vgg8, 3965028",
        "vgg11, 9277284",
        "vgg13, 9462180",
        "vgg16, 14774436",
        "vgg19, 20086692",
        "mobilenetv2, 812836",
        "shufflev1, 949258",
        "shufflev2, 1355528",
        "wrn_16_1, 180916",
        "wrn_16_2, 703284",
        "wrn_40_1, 569780",
        "wrn_40_2, 2255156"
    })
    void hasTheReferenceParameterCount(String name, long expected) {
        Block model = ModelZoo.build(name, CLASSES);
        assertEquals(expected, ModelZoo.trainableParameterCount(model, new Shape(1, 3, 32, 32)), name);
    }

    static Stream<Arguments> allModels() {
        return ModelZooTest.CIFAR_NAMES.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allModels")
    void outputsOneLogitPerClass(String name) {
        Block model = ModelZoo.build(name, CLASSES);
        assertInstanceOf(ImageClassifier.class, model);
        assertEquals(new Shape(2, CLASSES), logitShape(model, new Shape(2, 3, 32, 32), false), name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"resnet20", "vgg8"})
    void takesGrayscaleAtMnistSize(String name) {
        Block model = ModelZoo.build(name, 10, 1);
        assertEquals(new Shape(3, 10), logitShape(model, new Shape(3, 1, 28, 28), true));
        // Only the first convolution sees the input channels: 2 fewer input channels, 3·3 weights per filter each.
        int stemFilters = name.equals("vgg8") ? 64 : 16;
        long rgb = ModelZoo.trainableParameterCount(ModelZoo.build(name, 10, 3), new Shape(1, 3, 32, 32));
        long gray = ModelZoo.trainableParameterCount(ModelZoo.build(name, 10, 1), new Shape(1, 1, 28, 28));
        assertEquals(rgb - 2L * 9 * stemFilters, gray);
    }

    @ParameterizedTest(name = "{0} px → {1}×{1}")
    @CsvSource({"32, 4", "48, 6", "64, 4"})
    void vggPoolsAfterBlockThreeOnlyAt64Pixels(int size, long featureSize) {
        // As the reference: three pools always (32 → 4, 48 → 6), a fourth only for 64-pixel inputs (64 → 4).
        ImageClassifier model = (ImageClassifier) ModelZoo.build("vgg8", 10);
        Vgg vgg = (Vgg) model.network();
        Shape input = new Shape(1, 3, size, size);
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, input);
            NDArray features =
                    vgg.features(new ParameterStore(manager, false), new NDList(manager.ones(input)), false, null);
            assertEquals(new Shape(1, 512, featureSize, featureSize), features.getShape());
            assertEquals(
                    new Shape(1, 10),
                    model.forward(new ParameterStore(manager, false), new NDList(manager.ones(input)), false)
                            .singletonOrThrow()
                            .getShape());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"resnet8", "wrn_16_1", "shufflev1", "shufflev2", "mobilenetv2"})
    void runsAtOtherSizesWithGlobalPooling(String name) {
        assertEquals(new Shape(1, 7), logitShape(ModelZoo.build(name, 7), new Shape(1, 3, 64, 48), false));
    }

    @Test
    void rejectsAnInputWithTheWrongChannelCount() {
        Block model = ModelZoo.build("resnet8", 10, 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> logitShape(model, new Shape(1, 3, 32, 32), false));
        assertTrue(e.getMessage().contains("1-channel"), e.getMessage());
    }

    @Test
    void channelShuffleInterleavesGroups() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(6f).reshape(1, 6, 1, 1);
            NDArray y = new ChannelShuffle(3)
                    .forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow();
            assertEquals(manager.create(new float[] {0, 2, 4, 1, 3, 5}).reshape(1, 6, 1, 1), y);
        }
    }

    @Test
    void channelSplitKeepsEachHalf() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(4f).reshape(1, 4, 1, 1);
            ParameterStore store = new ParameterStore(manager, false);
            assertEquals(
                    manager.create(new float[] {0, 1}).reshape(1, 2, 1, 1),
                    ChannelSplit.first(0.5).forward(store, new NDList(x), false).singletonOrThrow());
            assertEquals(
                    manager.create(new float[] {2, 3}).reshape(1, 2, 1, 1),
                    ChannelSplit.second(0.5)
                            .forward(store, new NDList(x), false)
                            .singletonOrThrow());
        }
    }

    /** Initialises the model on a fresh manager, runs seeded random input through it, checks the logits are finite. */
    private static Shape logitShape(Block model, Shape input, boolean training) {
        Engine.getInstance().setRandomSeed(1234);
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomNormal(input);
            NDArray out = model.forward(new ParameterStore(manager, false), new NDList(x), training)
                    .singletonOrThrow();
            assertTrue(out.isInfinite().logicalOr(out.isNaN()).none().getBoolean(), "non-finite logits");
            return out.getShape();
        }
    }
}
