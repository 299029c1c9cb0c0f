package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.ComparisonDirectory;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A comparison takes its baselines from another one trained alike, and only then. */
class BaselinesFromTest {

    @TempDir
    static Path dir;

    private static Path first;

    private static RunConfig template(Recipe recipe) {
        return new RunConfig("template", "synthetic", null, "resnet8", true, recipe, 0, 40, 20, 2, Map.of());
    }

    private static Recipe paper() {
        return Recipe.cifar()
                .withEpochs(1)
                .withBatchSize(16)
                .withPadTo(0)
                .withTableInit(TableInitialization.quality(50));
    }

    /** The same training, every setting of the JPEG layer changed. */
    private static Recipe otherLayer() {
        return paper().withTableInit(TableInitialization.constant(4))
                .withBits(11)
                .withHardness(0.8)
                .withRounds(2)
                .withTableLr(0.01)
                .withTableLrRule(Recipe.FIXED_RULE)
                .withTableOptimizer("sgd")
                .withAlphaLr(0.01)
                .withQMax(20)
                .withRegionSize(16);
    }

    private static Map<String, byte[]> classifier(RunDirectory run) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Pair<String, Parameter> p :
                    RunAssembly.load(run, manager).network().classifier().getParameters()) {
                out.put(p.getKey(), p.getValue().getArray().toByteArray());
            }
        }
        return out;
    }

    @BeforeAll
    static void firstComparison() throws IOException {
        first = dir.resolve("first");
        ComparisonRunner.compare(template(paper()), List.of(0L), first, false, null, false, "test");
    }

    @Test
    void theLayersSettingsDoNotChangeABaseline() throws IOException {
        // the claim copying rests on: a baseline trained with every layer setting changed is the same, bit for bit
        RunDirectory other = new RunDirectory(dir.resolve("other-baseline"));
        RunConfig config =
                new RunConfig("baseline-s0", "synthetic", null, "resnet8", false, otherLayer(), 0, 40, 20, 2, Map.of());
        RunTraining.train(config, other, false, null, false);
        RunDirectory firstBaseline = new ComparisonDirectory(first).run(ComparisonDirectory.Arm.BASELINE, 0);
        Map<String, byte[]> expected = classifier(firstBaseline);
        Map<String, byte[]> actual = classifier(other);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
    }

    @Test
    void copiesTheBaselinesOfAComparisonTrainedAlike() throws IOException {
        Path second = dir.resolve("second");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Comparison c = ComparisonRunner.compare(
                template(otherLayer()),
                List.of(0L),
                second,
                first,
                false,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                false,
                "test");
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("baseline-s0: copied from"), log);
        assertFalse(log.contains("baseline-s0: epoch"), log);
        RunDirectory copied = new ComparisonDirectory(second).run(ComparisonDirectory.Arm.BASELINE, 0);
        RunDirectory original = new ComparisonDirectory(first).run(ComparisonDirectory.Arm.BASELINE, 0);
        assertArrayEquals(Files.readAllBytes(original.summary()), Files.readAllBytes(copied.summary()));
        assertEquals(original.readSummary().finalTop1(), c.baseline().top1Mean(), 0);
        assertFalse(Files.exists(second.resolve("baseline-s0.copying")));
    }

    @Test
    void refusesBaselinesTrainedOtherwiseAndCopiesNothing() {
        Path third = dir.resolve("third");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ComparisonRunner.compare(
                        template(paper().withModelLr(0.01)), List.of(0L), third, first, false, null, false, "test"));
        assertTrue(e.getMessage().contains("recipe modelLr"), e.getMessage());
        assertTrue(e.getMessage().contains(first.resolve("baseline-s0").toString()), e.getMessage());
        assertFalse(Files.exists(third.resolve("baseline-s0")));
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> ComparisonRunner.compare(
                        template(paper()), List.of(0L, 1L), dir.resolve("fourth"), first, false, null, false, "t"));
        assertTrue(missing.getMessage().contains("no finished baseline for seed 1"), missing.getMessage());
    }
}
