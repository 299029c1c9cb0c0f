package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.codec.CodecTables;
import org.jpegdl.codec.EstimatedSize;
import org.jpegdl.codec.FileFormat;
import org.jpegdl.codec.JpegFiles;
import org.jpegdl.data.DataKind;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.ParameterGroup;
import org.jpegdl.jpeg.RateEstimator;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.TablesFile;
import org.jpegdl.train.ParameterGroups;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate in the loss: tables in front of a frozen trained classifier (its weights bit-identical afterwards, no
 * gradients for them), λ = 0 the same tables as cross-entropy alone, a large λ smaller estimated and real files, and
 * the rate term in joint training.
 */
class RateAwareTrainingTest {

    @TempDir
    static Path dir;

    private static RunDirectory source;

    private static RunConfig config(String name, boolean jpeg) {
        Recipe recipe = Recipe.cifar()
                .withEpochs(1)
                .withBatchSize(32)
                .withPadTo(0)
                .withTableLr(2.0)
                .withTableInit(TableInitialization.quality(50));
        return new RunConfig(name, "synthetic", null, "resnet8", jpeg, recipe, 0, 160, 60, 2, Map.of());
    }

    private static RunConfig frozen(String name, Double lambda) {
        return config(name, true).withInitFrom(source.root().toString()).withRateObjective(lambda, true);
    }

    @BeforeAll
    static void trainSourceBaseline() throws IOException {
        source = new RunDirectory(dir.resolve("source"));
        RunTraining.train(config("source", false), source, false, null, false);
    }

    private static RunDirectory train(RunConfig config) throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve(config.name()));
        RunTraining.train(config, run, false, null, false);
        return run;
    }

    /** The classifier's parameters of a finished run, bytes by name. */
    private static Map<String, byte[]> classifier(RunDirectory run) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Block block = RunAssembly.load(run, m).network().classifier();
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                out.put(p.getKey(), p.getValue().getArray().toByteArray());
            }
            return out;
        }
    }

    private static float[] lumaAfter(RunDirectory run) throws IOException {
        return TablesFile.read(run).rounds().get(0).luma();
    }

    @Test
    void theFrozenClassifierKeepsEveryWeightBitForBitAndLambdaZeroIsCrossEntropyAlone() throws IOException {
        RunDirectory zero = train(frozen("lambda-zero", 0.0));
        RunDirectory plain = train(frozen("no-rate-term", null));
        Map<String, byte[]> before = classifier(source);
        Map<String, byte[]> after = classifier(zero);
        assertEquals(before.keySet(), after.keySet());
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name + " (batch-norm statistics included)");
        }
        TablesFile.Round round = TablesFile.read(zero).rounds().get(0);
        assertFalse(java.util.Arrays.equals(round.initialLuma(), round.luma()), "the tables learned");
        assertArrayEquals(lumaAfter(plain), lumaAfter(zero), "λ = 0: the tables of cross-entropy alone");
        assertArrayEquals(TablesFile.read(plain).rounds().get(0).chroma(), round.chroma());

        JsonNode config = Json.MAPPER.readTree(zero.config().toFile());
        assertEquals(0.0, config.get("rateLambda").asDouble());
        assertTrue(config.get("frozenClassifier").asBoolean());
        assertEquals(source.root().toString(), config.get("initFrom").asText());
        assertFalse(Json.MAPPER.readTree(plain.config().toFile()).has("rateLambda"));
        List<String> lines = Files.readAllLines(zero.rateTerm());
        assertEquals(1, lines.size());
        assertTrue(
                Json.MAPPER.readTree(lines.get(0)).get("estimatedBitsPerPixel").asDouble() > 0);
    }

    @Test
    void aLargeLambdaShrinksTheEstimatedAndTheRealFiles() throws IOException {
        RunDirectory small = train(frozen("lambda-large", 20.0));
        TablesFile.Round round = TablesFile.read(small).rounds().get(0);
        CodecTables initial = CodecTables.rounded(round.initialLuma(), round.initialChroma());
        CodecTables learned = CodecTables.rounded(round.luma(), round.chroma());
        ImageDataset test =
                RunAssembly.data(frozen("x", 20.0)).as(ImageDataset.class).test();
        try (NDManager m = NDManager.newBaseManager()) {
            RateEstimator estimator = new RateEstimator();
            double estimatedBefore = EstimatedSize.bitsPerPixel(test, initial, estimator, m);
            double estimatedAfter = EstimatedSize.bitsPerPixel(test, learned, estimator, m);
            assertTrue(
                    estimatedAfter < 0.95 * estimatedBefore, "estimate " + estimatedBefore + " -> " + estimatedAfter);
        }
        assertTrue(realBits(test, learned) < 0.95 * realBits(test, initial), "real files");
        RunDirectory none = new RunDirectory(dir.resolve("no-rate-term"));
        if (Files.isRegularFile(none.tables())) {
            assertTrue(
                    realBits(test, learned)
                            < realBits(
                                    test,
                                    CodecTables.rounded(
                                            lumaAfter(none),
                                            TablesFile.read(none)
                                                    .rounds()
                                                    .get(0)
                                                    .chroma())),
                    "smaller than cross-entropy's tables");
        }
    }

    private static long realBits(ImageDataset images, CodecTables tables) {
        long bits = 0;
        for (int i = 0; i < images.size(); i++) {
            bits += 8
                    * JpegFiles.entropyCodedBytes(JpegFiles.encode(
                            images.image(i),
                            images.channels(),
                            images.height(),
                            images.width(),
                            tables,
                            FileFormat.OPTIMIZED));
        }
        return bits;
    }

    @Test
    void tablesPricedAsFilesStayWhatAFileHolds() throws IOException {
        // made below a file's smallest step: with a rate term they start at 1 and stay there or above
        RunConfig belowOne = frozen("below-one", 0.5)
                .withRecipe(frozen("x", 0.5).recipe().withTableInit(TableInitialization.constant(0.25)));
        TablesFile.Round round = TablesFile.read(train(belowOne)).rounds().get(0);
        for (float[] steps : List.of(round.luma(), round.chroma())) {
            for (float q : steps) {
                assertTrue(q >= ParameterGroups.SMALLEST_FILE_STEP, "a step below 1: " + q);
            }
        }
        assertEquals(0.25f, round.initialLuma()[0], "the tables as made are recorded as made");
        assertEquals(
                JpegLayer.MIN_STEP,
                RunTraining.smallestStep(config("plain", true)),
                "JPEG-DL without a rate " + "term: the layer's own range");
        assertEquals(1, RunTraining.smallestStep(frozen("frozen", null)), "tables for a frozen classifier: files");
    }

    @Test
    void jointTrainingTakesTheRateTermToo() throws IOException {
        RunConfig config = config("joint", true).withRateObjective(1.0, false);
        RunDirectory run = train(config);
        JsonNode saved = Json.MAPPER.readTree(run.config().toFile());
        assertEquals(1.0, saved.get("rateLambda").asDouble());
        assertFalse(saved.get("frozenClassifier").asBoolean());
        assertEquals("joint", run.readConfig().mode());
        assertEquals(1, Files.readAllLines(run.rateTerm()).size());
        assertNotNull(TablesFile.read(run));
    }

    @Test
    void theFrozenClassifierGetsNoGradientsAndTheLayerDoes() {
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer = JpegLayer.builder().optChannels(3).build();
            Network network =
                    Network.frozenClassifier(layer, ModelZoo.spec("resnet8").build(10, 3));
            Shape shape = new Shape(4, 3, 16, 16);
            network.block().initialize(m, DataType.FLOAT32, shape);
            Recipe recipe = Recipe.cifar().resolve(ModelZoo.spec("resnet8"), DataKind.IN_MEMORY);
            ParameterGroups groups = ParameterGroups.of(recipe, network.block(), layer, 1, m);
            for (Pair<String, Parameter> p : network.classifier().getParameters()) {
                assertEquals(ParameterGroup.FROZEN, groups.groupOf(p.getValue().getId()), p.getKey());
                assertFalse(groups.stepped(p.getValue().getId()));
            }
            assertEquals(
                    ParameterGroup.TABLES, groups.groupOf(layer.lumaTable(0).getId()));
            groups.freezeFrozenGroup();
            NDArray pixels = m.randomUniform(0, 255, shape);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = network.block()
                        .forward(new ParameterStore(m, false), new NDList(pixels), true)
                        .singletonOrThrow();
                gc.backward(logits.sum());
            }
            for (Pair<String, Parameter> p : network.classifier().getParameters()) {
                assertFalse(p.getValue().requiresGradient(), p.getKey());
                assertFalse(p.getValue().getArray().hasGradient(), p.getKey() + " has a gradient");
            }
            NDArray g = layer.lumaTable(0).getArray().getGradient();
            assertTrue(g.abs().sum().getFloat() > 0, "the layer's tables get a gradient through the classifier");
            Pair<String, Parameter> first = network.classifier().getParameters().get(0);
            assertThrows(
                    IllegalStateException.class,
                    () -> groups.step(
                            first.getKey(),
                            first.getValue().getId(),
                            first.getValue().getArray(),
                            null,
                            0),
                    "a frozen parameter is never stepped");
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> config("a", true).withRateObjective(-1.0, false));
        assertThrows(IllegalArgumentException.class, () -> config("a", true).withRateObjective(Double.NaN, false));
        assertThrows(IllegalArgumentException.class, () -> config("a", false).withRateObjective(1.0, false));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> config("a", true).withRateObjective(null, true));
        assertTrue(e.getMessage().contains("--init-from"), e.getMessage());
    }
}
