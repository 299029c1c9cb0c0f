package org.jpegdl.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jpegdl.data.DataKind;
import org.jpegdl.model.ModelSpec;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.run.Json;
import org.junit.jupiter.api.Test;

/** The variants of the authors' method as recipe values: the ImageNet scripts per model, the new fields, checks. */
class RecipeVariantsTest {

    private static final ModelSpec RESNET18 = ModelZoo.spec("resnet18");
    private static final ModelSpec SQUEEZENET = ModelZoo.spec("squeezenet1_1");

    private static Recipe imageNetFor(ModelSpec model) {
        return Recipe.imageNet().resolve(model, DataKind.PHOTO_FILES);
    }

    @Test
    void imageNetPresetIsTheAuthorsResNet18Script() {
        Recipe r = imageNetFor(RESNET18);
        assertEquals(90, r.epochs());
        assertEquals(256, r.batchSize());
        assertEquals(0.1, r.modelLr());
        assertEquals(1e-4, r.weightDecay());
        assertEquals(Recipe.SGD, r.tableOptimizer());
        assertEquals(0.9, r.tableMomentum());
        assertEquals(0.4, r.tableLr());
        assertEquals(0.8, r.hardness());
        assertEquals(11, r.bits());
        assertEquals(TableInitialization.MeanMagnitude.INSTANCE, r.tableInit());
        // StepLR every 30 epochs, the tables with the model
        assertEquals(0.1, r.modelLrAt(29), 1e-12);
        assertEquals(0.01, r.modelLrAt(30), 1e-12);
        assertEquals(0.001, r.modelLrAt(60), 1e-12);
        assertEquals(0.4, r.tableLrAt(29), 1e-12);
        assertEquals(0.04, r.tableLrAt(30), 1e-12);
        assertEquals(0.004, r.tableLrAt(89), 1e-12);
    }

    @Test
    void imageNetPresetIsTheAuthorsSqueezeNetScript() {
        Recipe r = imageNetFor(SQUEEZENET);
        assertEquals(100, r.epochs());
        assertEquals(128, r.batchSize());
        assertEquals(0.01, r.modelLr());
        assertEquals(2e-4, r.weightDecay());
        assertEquals(0.1, r.tableLr());
        assertEquals(3.0, r.hardness());
        assertEquals(0.01, r.modelLrAt(29), 1e-12);
        assertEquals(0.001, r.modelLrAt(30), 1e-12);
        assertEquals(1e-4, r.modelLrAt(60), 1e-12);
        assertEquals(1e-5, r.modelLrAt(90), 1e-12);
        assertEquals(1e-4, r.tableLrAt(90), 1e-12);
        assertEquals(0.01, Recipe.imageNet().modelLrFor(SQUEEZENET));
    }

    @Test
    void otherImageNetModelsTakeResNet18sValuesAndTheOptionsGivenWin() {
        Recipe other = imageNetFor(ModelZoo.spec("efficientformer_l1"));
        Recipe resnet = imageNetFor(RESNET18);
        assertEquals(resnet, other);
        Recipe changed = Recipe.imageNet()
                .withEpochs(5)
                .withBatchSize(8)
                .withModelLr(0.2)
                .withTableLr(0.05)
                .withHardness(2)
                .resolve(SQUEEZENET, DataKind.PHOTO_FILES);
        assertEquals(5, changed.epochs());
        assertEquals(8, changed.batchSize());
        assertEquals(0.2, changed.modelLr());
        assertEquals(0.05, changed.tableLr());
        assertEquals(2.0, changed.hardness());
        assertEquals(2e-4, changed.weightDecay(), "not given: still SqueezeNet's");
        assertEquals(
                0.0,
                Recipe.imageNet()
                        .withoutHardness()
                        .resolve(SQUEEZENET, DataKind.PHOTO_FILES)
                        .hardness());
    }

    @Test
    void imageNetLsqKeepsTheLsqScaledSetting() {
        Recipe r = Recipe.preset("imagenet-lsq").resolve(RESNET18, DataKind.PHOTO_FILES);
        assertEquals(Recipe.LSQ_SGD, r.tableOptimizer());
        assertEquals(0.01, r.tableLr());
        assertEquals(90, r.epochs());
        assertEquals(256, r.batchSize());
        assertEquals(0.1, r.modelLr());
        assertEquals(8, r.bits());
        assertEquals(0.0, r.hardness());
        assertEquals(TableInitialization.Sensitivity.OF_PAIRED_BASELINE, r.tableInit());
    }

    @Test
    void unsetValuesAreNullUntilResolvedAndConfigJsonRoundTripsTheResolvedOnes() throws Exception {
        Recipe preset = Recipe.imageNet();
        assertNull(preset.epochs());
        assertNull(preset.hardness());
        assertNull(preset.alphaLr());
        assertThrows(IllegalStateException.class, () -> preset.tableLrAt(0));
        Recipe r = imageNetFor(SQUEEZENET);
        assertTrue(r.isResolved());
        String json = Json.MAPPER.writeValueAsString(r);
        assertTrue(
                json.contains("\"tableInit\" : \"abs-avg\"")
                        && json.contains("\"hardness\" : 3.0")
                        && json.contains("\"alphaLr\" : 0.1")
                        && json.contains("\"regionSize\" : 0"),
                json);
        assertEquals(r, Json.MAPPER.readValue(json, Recipe.class));
        assertEquals(r, r.resolve(SQUEEZENET, DataKind.PHOTO_FILES), "resolving again changes nothing");
    }

    @Test
    void alphasTrainAtTheTablesRateUnlessGivenTheirOwnAndDecayWithThem() {
        Recipe same = Recipe.cifar().withTrainableAlpha(true).resolve(ModelZoo.spec("resnet20"), DataKind.IN_MEMORY);
        assertEquals(same.tableLr(), same.alphaLr());
        Recipe own = Recipe.cifar()
                .withTrainableAlpha(true)
                .withAlphaLr(0.5)
                .resolve(ModelZoo.spec("resnet20"), DataKind.IN_MEMORY);
        assertEquals(0.5, own.alphaLrAt(149), 1e-12);
        assertEquals(0.05, own.alphaLrAt(150), 1e-12);
        assertEquals(0.0005, own.alphaLrAt(239), 1e-12);
    }

    @Test
    void theTableInitialisationOfTheMeanMagnitudeReadsAndWritesItsText() {
        assertEquals(TableInitialization.MeanMagnitude.INSTANCE, TableInitialization.parse("abs-avg"));
        assertEquals(TableInitialization.MeanMagnitude.INSTANCE, TableInitialization.parse(" ABS-AVG "));
        assertEquals("abs-avg", TableInitialization.meanMagnitude().toString());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TableInitialization.parse("abs"));
        assertTrue(e.getMessage().contains("abs-avg"), e.getMessage());
    }

    @Test
    void badValuesAreRejectedWithAMessageNamingThem() {
        Map<String, UnaryOperator<Recipe>> mistakes = Map.of(
                "hardness must be positive", r -> r.withHardness(0),
                "hardness must be positive, got -1", r -> r.withHardness(-1),
                "bits must be in 2..16, got 1", r -> r.withBits(1),
                "bits must be in 2..16, got 17", r -> r.withBits(17),
                "multiple of 8 pixels (0: one table pair for the whole image), got 12", r -> r.withRegionSize(12),
                "table optimizer must be adam, sgd or lsq-sgd, got rmsprop", r -> r.withTableOptimizer("rmsprop"),
                "cannot be combined with a trainable alpha",
                        r -> r.withHardness(1).withTrainableAlpha(true),
                "cannot be combined with alpha scaling", r -> r.withHardness(1).withAlphaScaling(true),
                "alpha learning rate must be non-negative", r -> r.withAlphaLr(-1));
        for (Map.Entry<String, UnaryOperator<Recipe>> m : mistakes.entrySet()) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> m.getValue().apply(Recipe.cifar()), m.getKey());
            assertTrue(e.getMessage().startsWith("recipe: ") && e.getMessage().contains(m.getKey()), e.getMessage());
        }
        assertTrue(Recipe.cifar().withBits(2).withBits(16).bits() == 16, "2 and 16 are allowed");
    }

    @Test
    void zeroDcTakesNoQuantiserSetting() {
        Map<String, UnaryOperator<Recipe>> settings = Map.of(
                "table init quality:50", r -> r.withTableInit(TableInitialization.quality(50)),
                "alpha 3.0", r -> r.withAlpha(3),
                "hardness", r -> r.withHardness(0.8),
                "2 rounds", r -> r.withRounds(2),
                "trainable alpha", r -> r.withTrainableAlpha(true),
                "alpha scaling", r -> r.withAlphaScaling(true),
                "region size 16", r -> r.withRegionSize(16),
                "11 bits", r -> r.withBits(11));
        for (Map.Entry<String, UnaryOperator<Recipe>> s : settings.entrySet()) {
            // in either order: the setting on a zero-DC recipe, or zero DC on a recipe with the setting
            for (Recipe r : List.of(Recipe.cifar().withZeroDc(true), Recipe.cifar())) {
                IllegalArgumentException e = assertThrows(
                        IllegalArgumentException.class,
                        () -> {
                            Recipe set = s.getValue().apply(r);
                            set.withZeroDc(true);
                        },
                        s.getKey());
                assertTrue(e.getMessage().contains("zero DC") && e.getMessage().contains(s.getKey()), e.getMessage());
            }
        }
        // the preset's own values are no setting: zero DC under the ImageNet preset resolves without matching
        Recipe zero = Recipe.imageNet().withZeroDc(true).resolve(RESNET18, DataKind.PHOTO_FILES);
        assertTrue(zero.zeroDc());
        assertEquals(0.0, zero.hardness());
        assertEquals(11, zero.bits());
    }
}
