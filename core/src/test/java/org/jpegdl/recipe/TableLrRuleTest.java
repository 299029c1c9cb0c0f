package org.jpegdl.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jpegdl.data.DataKind;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.run.Json;
import org.junit.jupiter.api.Test;

/** The tables' learning-rate rule: the budget's rate for a known budget, the fixed rate, old configs, bad names. */
class TableLrRuleTest {

    private static Recipe resolved(Recipe recipe, String model) {
        return recipe.resolve(ModelZoo.spec(model), DataKind.IN_MEMORY);
    }

    @Test
    void theBudgetIsThePresetsFullRecipeOnItsOwnData() {
        // CIFAR: 240 epochs × ⌈50,000 / 64⌉ = 782 batches
        assertEquals(
                240L * 782,
                resolved(Recipe.cifar().withEpochs(3).withBatchSize(8), "resnet20")
                        .budgetSteps());
        // ImageNet scripts: ResNet-18 90 × ⌈1,281,167 / 256⌉ = 5,005; SqueezeNet 1.1 100 × ⌈1,281,167 / 128⌉
        assertEquals(90L * 5005, resolved(Recipe.imageNet(), "resnet18").budgetSteps());
        assertEquals(100L * 10010, resolved(Recipe.imageNet(), "squeezenet1_1").budgetSteps());
        // fine-grained: 200 × ⌈5,994 / 32⌉ = 188 (CUB-200-2011)
        assertEquals(200L * 188, resolved(Recipe.fineGrained(), "resnet18").budgetSteps());
    }

    @Test
    void theBudgetRuleScalesTheRateByTheBudgetOverTheRunsSteps() {
        Recipe r = resolved(Recipe.cifar().withEpochs(10), "resnet20");
        assertEquals(Recipe.BUDGET_RULE, r.tableLrRule(), "the presets' default");
        // 10 epochs × 100 batches = 1,000 steps against 187,680: 0.003 × 187.68
        assertEquals(187.68, r.tableLrFactor(100), 1e-12);
        assertEquals(0.003 * 187.68, r.tableLrAt(0, 100), 1e-12);
        // the schedule still decays it: milestone 0.625 of 10 epochs is epoch 6
        assertEquals(0.003 * 187.68 * 0.1, r.tableLrAt(7, 100), 1e-12);
        assertEquals(0.003, r.tableLrAt(0), 1e-15, "the recipe's own rate is unchanged");
        // a run exactly as long as the preset's gets the preset's rate
        Recipe full = resolved(Recipe.cifar(), "resnet20");
        assertEquals(0.003, full.tableLrAt(0, 782), 1e-15);
    }

    @Test
    void theFixedRuleKeepsThePapersRate() {
        Recipe r = resolved(Recipe.cifar().withEpochs(10).withTableLrRule(Recipe.FIXED_RULE), "resnet20");
        assertEquals(1, r.tableLrFactor(100));
        assertEquals(0.003, r.tableLrAt(0, 100), 1e-15);
    }

    @Test
    void configsWrittenBeforeTheRuleReadAsFixed() throws Exception {
        Recipe r = resolved(Recipe.cifar().withEpochs(10), "resnet20");
        ObjectNode json = Json.MAPPER.valueToTree(r);
        assertEquals("budget", json.get("tableLrRule").asText());
        assertEquals(187_680, json.get("budgetSteps").asLong());
        ObjectNode old = json.deepCopy();
        old.remove(List.of("tableLrRule", "budgetSteps"));
        Recipe read = Json.MAPPER.treeToValue(old, Recipe.class);
        assertEquals(Recipe.FIXED_RULE, read.tableLrRule());
        assertTrue(read.isResolved());
        assertEquals(0.003, read.tableLrAt(0, 100), 1e-15);
        assertEquals(r, Json.MAPPER.treeToValue(json, Recipe.class));
    }

    @Test
    void anUnknownRuleIsNamed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Recipe.cifar().withTableLrRule("steep"));
        assertTrue(e.getMessage().contains("'steep'") && e.getMessage().contains("budget, fixed"), e.getMessage());
    }
}
