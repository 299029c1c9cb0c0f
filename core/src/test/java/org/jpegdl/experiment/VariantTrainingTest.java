package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jpegdl.codec.CodecTables;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.QuantTables;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.Json;
import org.jpegdl.run.MeanMagnitudes;
import org.jpegdl.run.RegionSensitivityMap;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.SensitivityMap;
import org.jpegdl.run.TablesFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every variant of the authors' method trains end to end from library code (RunConfig + RunTraining.train) on tiny
 * synthetic runs, and the run's layer, files and config.json hold what the recipe asked for.
 */
class VariantTrainingTest {

    private static final long SEED = 7;

    @TempDir
    Path dir;

    private static RunConfig config(
            String name, boolean jpeg, int trainLimit, long seed, UnaryOperator<Recipe> change) {
        Recipe recipe = Recipe.cifar().withEpochs(1).withBatchSize(32).withTableInit(TableInitialization.quality(50));
        return new RunConfig(
                name, "synthetic", null, "resnet8", jpeg, change.apply(recipe), seed, trainLimit, 100, 2, Map.of());
    }

    private RunDirectory train(String name, UnaryOperator<Recipe> change) throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve(name));
        RunTraining.train(config(name, true, 160, SEED, change), run, false, null, false);
        assertTrue(Files.isRegularFile(run.summary()), name + " finished");
        return run;
    }

    private static float[] initialLuma(RunDirectory run) throws IOException {
        return TablesFile.read(run).rounds().get(0).initialLuma();
    }

    @Test
    void hardnessMatchingSetsAlphaFromTheLearnedSteps() throws IOException {
        RunDirectory run = train("hardness", r -> r.withHardness(0.8));
        assertEquals(0.8, run.readConfig().recipe().hardness());
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer = RunAssembly.load(run, m).network().jpegLayer();
            assertEquals(0.8, layer.alphaPolicy().hardness());
            float[] q = layer.tables().lumaSteps(0);
            float[] alpha = layer.tables().alphaPerRegion(0, true)[0];
            for (int i = 0; i < 64; i++) {
                assertEquals(0.8 / ((double) q[i] * q[i]), alpha[i], 1e-6 * alpha[i], "frequency " + i);
            }
            assertFalse(Arrays.equals(q, initialLuma(run)), "the tables trained");
        }
    }

    @Test
    void trainableAlphasMoveAtTheirOwnRateAndStayAtRateZero() throws IOException {
        RunDirectory moving = train("alpha", r -> r.withTrainableAlpha(true).withAlphaLr(0.05));
        RunDirectory still = train("alpha0", r -> r.withTrainableAlpha(true).withAlphaLr(0));
        assertEquals(0.05, moving.readConfig().recipe().alphaLr());
        assertEquals(0.0, still.readConfig().recipe().alphaLr());
        assertEquals(0.003, still.readConfig().recipe().tableLr());
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer learned = RunAssembly.load(moving, m).network().jpegLayer();
            assertEquals(2, learned.alphaParameters().size(), "luma and chroma alphas");
            double largestMove = 0;
            for (boolean luma : new boolean[] {true, false}) {
                for (float a : learned.tables().alphaPerRegion(0, luma)[0]) {
                    largestMove = Math.max(largestMove, Math.abs(a - 5.0));
                }
            }
            // Adam moves a parameter by at most lr·(1−β1)/√(1−β2) < 3.2·lr per step, 5 steps here: more than the
            // tables' rate allows, no more than the alphas' own
            assertTrue(largestMove > 5 * 3.2 * 0.003 && largestMove <= 5 * 3.2 * 0.05, "largest move " + largestMove);

            JpegLayer fixed = RunAssembly.load(still, m).network().jpegLayer();
            float[] five = new float[64];
            Arrays.fill(five, 5f);
            assertArrayEquals(five, fixed.tables().alphaPerRegion(0, true)[0]);
            assertArrayEquals(five, fixed.tables().alphaPerRegion(0, false)[0]);
            assertFalse(Arrays.equals(fixed.tables().lumaSteps(0), initialLuma(still)), "the tables still trained");
        }
    }

    @Test
    void alphaScalingStartsAlphaAsAlphaOverTheInitialSteps() throws IOException {
        RunDirectory run = train("scaled", r -> r.withAlphaScaling(true));
        assertTrue(run.readConfig().recipe().alphaScaling());
        float[] q50 = QuantTables.toFloat(QuantTables.luma(50));
        try (NDManager m = NDManager.newBaseManager()) {
            float[] alpha =
                    RunAssembly.load(run, m).network().jpegLayer().tables().alphaPerRegion(0, true)[0];
            for (int i = 0; i < 64; i++) {
                assertEquals(5.0 / q50[i], alpha[i], 1e-6, "frequency " + i);
            }
        }
    }

    @Test
    void absAvgTablesStartFromTheCachedMeanMagnitudes() throws IOException {
        RunDirectory run = train("absavg", r -> r.withTableInit(TableInitialization.meanMagnitude()));
        assertEquals(
                TableInitialization.MeanMagnitude.INSTANCE,
                run.readConfig().recipe().tableInit());
        MeanMagnitudes m = Json.read(run.meanMagnitudes(), MeanMagnitudes.class);
        assertEquals(new MeanMagnitudes.Key("synthetic", null, 160, SEED, 32, 32, 32, 0, false, 0, 0), m.key());
        assertEquals(160, m.images());
        TableInit expected = TableInit.meanMagnitude(m.luma(), m.chroma(), 8);
        TablesFile tables = TablesFile.read(run);
        assertArrayEquals(expected.luma(0), tables.rounds().get(0).initialLuma());
        assertArrayEquals(expected.chroma(0), tables.rounds().get(0).initialChroma());
        // the DC step is the first AC step in zigzag order (natural index 1)
        assertEquals(expected.luma(0)[1], tables.rounds().get(0).initialLuma()[0]);
    }

    @Test
    void meanMagnitudesAreReusedOnlyForTheirKey() throws IOException {
        // the whole training split: the key has no seed, so another seed's run reads what one seed computed
        MeanMagnitudes.Key wholeSplit = new MeanMagnitudes.Key("synthetic", null, 0, null, 32, 32, 32, 0, false, 0, 0);
        plant(dir.resolve("a-planted"), wholeSplit, 10, 20);
        // a limited split of another seed is another subset: never reused for this seed
        plant(
                dir.resolve("a0-other-seed"),
                new MeanMagnitudes.Key("synthetic", null, 160, 8L, 32, 32, 32, 0, false, 0, 0),
                1,
                1);
        UnaryOperator<Recipe> absAvg = r -> r.withTableInit(TableInitialization.meanMagnitude());
        RunDirectory reusing = new RunDirectory(dir.resolve("b-seed3"));
        JpegLayer layer = RunAssembly.prepare(config("b-seed3", true, 0, 3, absAvg), RunAssembly.Options.in(reusing))
                .network()
                .jpegLayer();
        float[] planted = TableInit.meanMagnitude(new double[][] {constant(10)}, new double[][] {constant(20)}, 8)
                .luma(0);
        assertArrayEquals(planted, layer.tableInit().luma(0));
        assertEquals(
                wholeSplit,
                Json.read(reusing.meanMagnitudes(), MeanMagnitudes.class).key(),
                "copied in");

        RunDirectory limited = new RunDirectory(dir.resolve("c-seed7"));
        JpegLayer computed = RunAssembly.prepare(
                        config("c-seed7", true, 160, SEED, absAvg), RunAssembly.Options.in(limited))
                .network()
                .jpegLayer();
        MeanMagnitudes own = Json.read(limited.meanMagnitudes(), MeanMagnitudes.class);
        assertEquals(SEED, own.key().seed());
        assertEquals(160, own.images());
        assertArrayEquals(own.toTableInit(8).luma(0), computed.tableInit().luma(0));
        // the run's own file comes first (a resumed run): planted there with its key, it is what the layer starts from
        plant(limited.root(), own.key(), 4, 4);
        JpegLayer resumed = RunAssembly.prepare(
                        config("c-seed7", true, 160, SEED, absAvg), RunAssembly.Options.in(limited))
                .network()
                .jpegLayer();
        assertArrayEquals(
                TableInit.meanMagnitude(new double[][] {constant(4)}, new double[][] {constant(4)}, 8)
                        .luma(0),
                resumed.tableInit().luma(0));
    }

    private static void plant(Path runDir, MeanMagnitudes.Key key, double luma, double chroma) throws IOException {
        Json.write(
                new RunDirectory(runDir).meanMagnitudes(),
                new MeanMagnitudes(key, 1, 16, new double[][] {constant(luma)}, new double[][] {constant(chroma)}));
    }

    private static double[] constant(double value) {
        double[] out = new double[64];
        Arrays.fill(out, value);
        return out;
    }

    @Test
    void elevenBitIndices() throws IOException {
        RunDirectory run = train("bits11", r -> r.withBits(11));
        assertEquals(11, run.readConfig().recipe().bits());
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(11, RunAssembly.load(run, m).network().jpegLayer().bits());
        }
    }

    @Test
    void spatialTablesStartPerRegionFromTheMeanMagnitudes() throws IOException {
        RunDirectory run =
                train("spatial", r -> r.withRegionSize(16).withTableInit(TableInitialization.meanMagnitude()));
        assertEquals(16, run.readConfig().recipe().regionSize());
        MeanMagnitudes m = Json.read(run.meanMagnitudes(), MeanMagnitudes.class);
        assertEquals(16, m.key().regionSize());
        assertEquals(4, m.luma().length, "32×32 in regions of 16 px");
        TableInit init = m.toTableInit(8);
        try (NDManager manager = NDManager.newBaseManager()) {
            JpegLayer layer = RunAssembly.load(run, manager).network().jpegLayer();
            assertEquals(4, layer.regions().count());
            for (int g = 0; g < 4; g++) {
                assertArrayEquals(init.luma(0, g), layer.tableInit().luma(0, g), "region " + g);
            }
            assertFalse(Arrays.equals(init.luma(0, 0), init.luma(0, 3)), "the regions start apart");
            float[][] learned = layer.tables().lumaStepsPerRegion(0);
            assertEquals(4, learned.length);
            assertFalse(Arrays.equals(learned[0], init.luma(0, 0)), "region 0 trained");
        }
        // tables.json: the element-wise largest initial step over the regions
        float[] initial = initialLuma(run);
        for (int i = 0; i < 64; i++) {
            float largest = 0;
            for (int g = 0; g < 4; g++) {
                largest = Math.max(largest, init.luma(0, g)[i]);
            }
            assertEquals(largest, initial[i], "frequency " + i);
        }
    }

    @Test
    void spatialTablesStartPerRegionFromTheBaselinesSensitivity() throws IOException {
        RunDirectory baseline = new RunDirectory(dir.resolve("baseline"));
        RunTraining.train(config("baseline", false, 160, SEED, r -> r), baseline, false, null, false);
        RunDirectory run = train(
                "spatial-sens",
                r -> r.withRegionSize(16).withTableInit(TableInitialization.sensitivity(baseline.root())));
        RegionSensitivityMap perRegion = Json.read(baseline.regionSensitivity(16), RegionSensitivityMap.class);
        assertEquals(4, perRegion.y().length);
        SensitivityMap whole = SensitivityCache.sensitivity(baseline, SensitivityCache.SENSITIVITY_IMAGES);
        for (int f = 0; f < 64; f++) {
            double sum = 0;
            for (double[] region : perRegion.y()) {
                sum += region[f];
            }
            assertEquals(whole.y()[f], sum, 1e-5 * whole.y()[f], "the regions add up to the whole map, f " + f);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            TableInit init = RunAssembly.load(run, m).network().jpegLayer().tableInit();
            assertEquals(4, init.regions());
            assertArrayEquals(perRegion.toTableInit(10).luma(0, 2), init.luma(0, 2));
        }
    }

    @Test
    void zeroDcTrainsWithoutTables() throws IOException {
        RunDirectory run = train(
                "zerodc",
                r -> r.withTableInit(TableInitialization.Sensitivity.OF_PAIRED_BASELINE)
                        .withZeroDc(true));
        assertTrue(run.readConfig().recipe().zeroDc());
        assertFalse(Files.exists(run.tables()), "no tables.json");
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer = RunAssembly.load(run, m).network().jpegLayer();
            assertTrue(layer.zeroDc());
            assertEquals(0, layer.rounds());
            assertTrue(layer.trainableParameters().isEmpty());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodecTables.learned(run, null));
        assertTrue(e.getMessage().contains("zero-DC") && e.getMessage().contains("no learned tables"), e.getMessage());
    }

    @Test
    void theImageNetPresetTrainsAsTheAuthorsScriptsOnATinySet() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("imagenet"));
        RunConfig config = new RunConfig(
                "imagenet",
                "synthetic",
                null,
                "resnet8",
                true,
                Recipe.imageNet().withEpochs(1).withBatchSize(32),
                SEED,
                160,
                100,
                2,
                Map.of());
        RunTraining.train(config, run, false, null, false);
        Recipe written = run.readConfig().recipe();
        assertEquals(Recipe.SGD, written.tableOptimizer());
        assertEquals(0.4, written.tableLr());
        assertEquals(0.8, written.hardness());
        assertEquals(11, written.bits());
        assertEquals(TableInitialization.MeanMagnitude.INSTANCE, written.tableInit());
        assertTrue(Files.isRegularFile(run.meanMagnitudes()));
        float[] learned = TablesFile.read(run).rounds().get(0).luma();
        assertNotEquals(Arrays.toString(initialLuma(run)), Arrays.toString(learned), "SGD moved the tables");
        assertNull(Recipe.imageNet().hardness(), "per model until resolved");
    }
}
