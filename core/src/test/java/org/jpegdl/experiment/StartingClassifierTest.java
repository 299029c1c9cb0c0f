package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --init-from}: a new run's classifier starts as a trained run's, bit for bit, before any step. */
class StartingClassifierTest {

    @TempDir
    static Path dir;

    private static RunDirectory source;

    private static RunConfig config(String name, boolean jpeg, long seed) {
        Recipe recipe = Recipe.cifar()
                .withEpochs(1)
                .withBatchSize(16)
                .withPadTo(0)
                .withTableInit(TableInitialization.quality(50));
        return new RunConfig(name, "synthetic", null, "resnet8", jpeg, recipe, seed, 40, 20, 2, Map.of());
    }

    @BeforeAll
    static void trainSourceBaseline() throws IOException {
        source = new RunDirectory(dir.resolve("source"));
        RunTraining.train(config("source", false, 0), source, false, null, false);
    }

    /** Every parameter's bytes by name. */
    private static Map<String, byte[]> bytes(Block block) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toByteArray());
        }
        return out;
    }

    @Test
    void copiesTheSourceClassifierExactlyIntoABaselineAndAJpegDlRun() throws IOException {
        for (boolean jpeg : List.of(false, true)) {
            // another seed: a fresh initialisation would differ from the source everywhere
            RunConfig config = config(jpeg ? "jpegdl" : "baseline", jpeg, 5)
                    .withInitFrom(source.root().toString());
            RunAssembly.Prepared p = RunAssembly.prepare(config, RunAssembly.Options.standalone());
            assertEquals(source.root(), p.startingClassifier().source().root());
            assertEquals(1, p.startingClassifier().epoch());
            try (NDManager manager = NDManager.newBaseManager()) {
                p.network().block().initialize(manager, DataType.FLOAT32, Sensitivity.imageShape(p.train()));
                Map<String, byte[]> layerBefore = jpeg ? bytes(p.network().jpegLayer()) : Map.of();
                Map<String, byte[]> fresh = bytes(p.network().classifier());
                p.startingClassifier().copyInto(p.network().classifier(), manager);
                Map<String, byte[]> copied = bytes(p.network().classifier());
                Map<String, byte[]> trained =
                        bytes(RunAssembly.load(source, manager).network().classifier());
                assertEquals(trained.keySet(), copied.keySet());
                boolean anyFreshDiffers = false;
                for (String name : trained.keySet()) {
                    assertArrayEquals(trained.get(name), copied.get(name), jpeg + " " + name);
                    anyFreshDiffers |= !Arrays.equals(fresh.get(name), trained.get(name));
                    Parameter parameter =
                            p.network().classifier().getParameters().get(name);
                    assertEquals(
                            parameter.requiresGradient(), parameter.getArray().hasGradient(), name);
                }
                assertTrue(anyFreshDiffers, "the fresh initialisation is not already the source's");
                if (jpeg) {
                    Map<String, byte[]> layerAfter = bytes(p.network().jpegLayer());
                    for (String name : layerBefore.keySet()) {
                        assertArrayEquals(layerBefore.get(name), layerAfter.get(name), "JPEG layer " + name);
                    }
                }
            }
        }
    }

    @Test
    void configRecordsTheOriginAndOldConfigsReadWithout() throws IOException {
        RunConfig fresh = source.readConfig();
        assertNull(fresh.initFrom());
        assertFalse(Files.readString(source.config()).contains("initFrom"), "a fresh run's config.json is unchanged");
        RunConfig started = fresh.withInitFrom("runs/b");
        // kept absolute, so the run reads the same folder from any working directory
        String b = Path.of("runs/b").toAbsolutePath().normalize().toString();
        assertEquals(b, started.initFrom());
        Path file = dir.resolve("started.json");
        Json.write(file, started);
        assertEquals(b, Json.read(file, RunConfig.class).initFrom());
        assertEquals(
                b,
                started.withRecipe(started.recipe())
                        .withDataSettings(started.dataSettings())
                        .initFrom());
        List<String> differences = RunTraining.differences(fresh, started);
        assertEquals(List.of("init from: null (saved) vs " + b + " (now)"), differences);
    }
}
