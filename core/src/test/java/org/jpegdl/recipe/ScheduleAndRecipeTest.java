package org.jpegdl.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jpegdl.data.DataKind;
import org.jpegdl.experiment.Comparison;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.run.RunSummary;
import org.junit.jupiter.api.Test;

/** Learning-rate schedules at their boundaries and the recipe presets. */
class ScheduleAndRecipeTest {

    @Test
    void cifarScheduleDecaysAtThePapersEpochs() {
        Recipe r = Recipe.cifar().resolve(ModelZoo.spec("resnet20"), DataKind.IN_MEMORY);
        assertArrayEquals(new int[] {150, 180, 210}, Schedules.milestoneEpochs(r.milestones(), 240));
        assertEquals(0.05, r.modelLrAt(0), 1e-12);
        assertEquals(0.05, r.modelLrAt(149), 1e-12);
        assertEquals(0.005, r.modelLrAt(150), 1e-12);
        assertEquals(0.005, r.modelLrAt(179), 1e-12);
        assertEquals(0.0005, r.modelLrAt(180), 1e-12);
        assertEquals(0.00005, r.modelLrAt(210), 1e-12);
        assertEquals(0.00005, r.modelLrAt(239), 1e-12);
        assertEquals(0.003, r.tableLrAt(149), 1e-12);
        assertEquals(0.0003, r.tableLrAt(150), 1e-12);
    }

    @Test
    void shortenedScheduleKeepsTheFractions() {
        Recipe r = Recipe.cifar().withEpochs(8).resolve(ModelZoo.spec("resnet20"), DataKind.IN_MEMORY);
        assertArrayEquals(new int[] {5, 6, 7}, Schedules.milestoneEpochs(r.milestones(), 8));
        assertEquals(0.05, r.modelLrAt(4), 1e-12);
        assertEquals(0.005, r.modelLrAt(5), 1e-12);
        assertEquals(0.00005, r.modelLrAt(7), 1e-12);
    }

    @Test
    void presetsCarryThePapersSettings() {
        Recipe c = Recipe.cifar();
        assertEquals(64, c.batchSize());
        assertEquals(0.9, c.momentum());
        assertEquals(5e-4, c.weightDecay());
        assertEquals("adam", c.tableOptimizer());
        assertEquals(0.003, c.tableLr());
        assertEquals(5, c.alpha());
        assertEquals(0.01, c.modelLrFor(ModelZoo.spec("mobilenetv2")));
        assertEquals(0.01, c.modelLrFor(ModelZoo.spec("shufflev1")));
        assertEquals(0.01, c.modelLrFor(ModelZoo.spec("shufflev2")));
        assertEquals(0.05, c.modelLrFor(ModelZoo.spec("resnet20")));
        Recipe f = Recipe.preset("finegrained");
        assertEquals(List.of(0.5, 0.75), f.milestones());
        assertEquals(0.1, f.modelLrFor(ModelZoo.spec("resnet18")));
        assertEquals(1e-4, f.weightDecay());
        assertEquals(32, f.batchSize());
        assertEquals("lsq-sgd", Recipe.preset("imagenet-lsq").tableOptimizer());
        assertEquals("sgd", Recipe.preset("imagenet").tableOptimizer());
    }

    @Test
    void badOverridesAreRejectedWithTheField() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Recipe.cifar().withEpochs(0));
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TableInitialization.parse("magic"));
        assertThrows(IllegalArgumentException.class, () -> Recipe.preset("mnist"));
    }

    @Test
    void comparisonStatisticsAreMeanAndSampleStd() {
        List<RunSummary> base =
                List.of(summary("b0", false, 0.80), summary("b1", false, 0.82), summary("b2", false, 0.84));
        List<RunSummary> jpeg =
                List.of(summary("j0", true, 0.85), summary("j1", true, 0.85), summary("j2", true, 0.85));
        Comparison c = Comparison.of(base, jpeg, "test");
        assertEquals(0.82, c.baseline().top1Mean(), 1e-12);
        assertEquals(0.02, c.baseline().top1Std(), 1e-12);
        assertEquals(0.0, c.jpegDl().top1Std(), 1e-12);
        assertEquals(0.03, c.deltaTop1(), 1e-12);
        assertTrue(c.toMarkdown().contains("| baseline | 3 | 82.00 ± 2.00"), c.toMarkdown());
        assertTrue(c.toMarkdown().contains("+3.00"), c.toMarkdown());
        // paired by seed: differences 0.05, 0.03, 0.01
        assertEquals(
                List.of(0.05, 0.03, 0.01),
                c.paired().differences().stream()
                        .map(d -> Math.round(d * 1e9) / 1e9)
                        .toList());
        assertTrue(c.toMarkdown().contains("paired difference JPEG-DL − baseline"), c.toMarkdown());
    }

    @Test
    void oneSeedIsShownWithoutASpread() {
        Comparison c = Comparison.of(List.of(summary("b0", false, 0.80)), List.of(summary("j0", true, 0.85)), "test");
        String md = c.toMarkdown();
        assertTrue(md.contains("| baseline | 1 | 80.00 | 100.00 |"), md);
        assertFalse(md.contains("±"), "one run has no spread: " + md);
    }

    /** A finished run; its seed is the last digit of its name, as the runs of one arm have different seeds. */
    private static RunSummary summary(String name, boolean jpeg, double top1) {
        long seed = name.charAt(name.length() - 1) - '0';
        return new RunSummary(
                name, "resnet20", "synthetic", jpeg, seed, 3, 100, 50, top1, 1.0, top1, 10, 100, 2, List.of());
    }
}
