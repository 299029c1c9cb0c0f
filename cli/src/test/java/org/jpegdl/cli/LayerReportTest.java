package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Block;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.JpegLayerBuilder;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.report.Palette;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.TablesFile;
import org.jpegdl.train.MetricsRecorder;
import org.jpegdl.train.SaturationRecorder;
import org.jpegdl.train.TablesWriter;
import org.jpegdl.train.TestEvaluation;
import org.jpegdl.train.TrainingLoop;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's sections on the soft quantiser of tiny trained runs: spatial tables per region laid out as the regions
 * sit, trainable and hardness-matched alpha, the index clamp's saturation; every number equal to the run's JSON, none
 * of these sections for a layer without tables (zero-DC), and a page Chromium renders without errors.
 */
class LayerReportTest {

    @TempDir
    static Path dir;

    private static RunDirectory spatial;
    private static RunDirectory matched;
    private static RunDirectory zeroDc;

    /** A tiny run of the synthetic set through the training loop, with the layer {@code layer} makes. */
    private static RunDirectory train(String name, UnaryOperator<Recipe> recipe, UnaryOperator<JpegLayerBuilder> layer)
            throws IOException {
        RunConfig config = new RunConfig(
                name,
                "synthetic",
                null,
                "resnet8",
                true,
                recipe.apply(Recipe.cifar()
                        .withEpochs(1)
                        .withBatchSize(32)
                        .withTableInit(TableInitialization.quality(50))
                        .withPadTo(0)
                        .withAugment(false)),
                3,
                96,
                48,
                2,
                Map.of());
        RunDirectory run = new RunDirectory(dir.resolve(name));
        Files.createDirectories(run.root());
        run.writeConfig(config);
        RunAssembly.Prepared p = RunAssembly.prepare(config, RunAssembly.Options.standalone());
        JpegLayer built = p.network().jpegLayer();
        JpegLayer jpeg = layer.apply(JpegLayer.builder()
                        .optChannels(built.channels())
                        .optRounds(config.recipe().rounds())
                        .optAlpha(config.recipe().alpha())
                        .optNormalization(built.mean(), built.std()))
                .build();
        Block classifier = ModelZoo.spec(config.model()).build(p.data().train().numClasses(), built.channels());
        new TrainingLoop(
                        name,
                        JpegDlModel.of(jpeg, classifier),
                        jpeg,
                        config.recipe(),
                        config.seed(),
                        p.train(),
                        List.of(
                                new TestEvaluation(p.test()),
                                new SaturationRecorder(),
                                new MetricsRecorder(run, null),
                                new TablesWriter(run)))
                .run();
        return run;
    }

    @BeforeAll
    static void trainTinyRuns() throws IOException {
        // 32×32 images in regions of 16: 2 × 2 regions; two rounds. Alpha starts small enough (alpha·q² about 1 at
        // the quality-50 steps) for the window to be soft: at the paper's 5 the softmax saturates in float32 and
        // neither alpha nor the first round's tables get a gradient
        spatial = train(
                "spatial",
                r -> r.withTrainableAlpha(true).withRounds(2).withAlpha(0.01),
                b -> b.optTrainableAlpha(true).optRegionSize(16));
        // steps of 1: the DC of nearly every block lies beyond the 8-bit index range, so the clamp saturates there
        matched = train(
                "matched",
                r -> r.withTableInit(TableInitialization.constant(1)),
                b -> b.optHardness(5).optTableInit(TableInit.constant(1)));
        zeroDc = train("zerodc", r -> r, b -> b.optZeroDc(true));
    }

    private static Document report(RunDirectory... runs) throws IOException {
        String[] args = new String[runs.length + 4];
        args[0] = "report";
        for (int i = 0; i < runs.length; i++) {
            args[i + 1] = runs[i].root().toString();
        }
        Path html = dir.resolve(
                String.join("-", Arrays.stream(runs).map(RunDirectory::name).toList()) + ".html");
        args[runs.length + 1] = "--out";
        args[runs.length + 2] = html.toString();
        args[runs.length + 3] = "--no-examples";
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exit(), r.out() + r.err());
        return Jsoup.parse(html.toFile(), "UTF-8");
    }

    private static Set<String> sections(Document doc) {
        return doc.select("section[id]").stream().map(Element::id).collect(Collectors.toSet());
    }

    private static void assertCells(Element grid, float[] table, String what) {
        List<Element> cells = grid.select("td");
        assertEquals(64, cells.size(), what);
        for (int i = 0; i < 64; i++) {
            assertEquals(table[i], (float) Double.parseDouble(cells.get(i).attr("data-value")), what + " entry " + i);
        }
    }

    private static void assertCells(Element grid, double[] values, String what) {
        List<Element> cells = grid.select("td");
        assertEquals(64, cells.size(), what);
        for (int i = 0; i < 64; i++) {
            assertEquals(values[i], Double.parseDouble(cells.get(i).attr("data-value")), what + " entry " + i);
        }
    }

    /** The mosaic's small grids in region order, checked to sit rows × columns as the layout says. */
    private static List<Element> regionGrids(Element mosaic, TablesFile.RegionLayout layout) {
        List<Element> rows = mosaic.select("> tbody > tr");
        assertEquals(layout.rows(), rows.size(), "rows of regions");
        for (Element row : rows) {
            assertEquals(layout.columns(), row.select("> td > table.heat").size(), "regions in a row");
        }
        return mosaic.select("table.heat");
    }

    @Test
    void spatialTablesTrainableAlphaAndSaturationShowTheRunsNumbers() throws IOException {
        Document doc = report(spatial);
        assertEquals(
                Set.of("results", "curves", "tables", "regions", "alpha", "saturation", "travel", "config"),
                sections(doc));
        for (String id : List.of("regions", "alpha", "saturation")) {
            assertFalse(doc.select("nav a[href=\"#" + id + "\"]").isEmpty(), "navigation link to " + id);
        }
        TablesFile tables = TablesFile.read(spatial);
        TablesFile.RegionLayout layout = tables.regionLayout();
        assertEquals(new TablesFile.RegionLayout(16, 2, 2), layout);
        assertEquals(2, tables.rounds().size());

        // the tables section shows the largest step over the regions, what the codec writes
        List<Element> maxGrids = doc.select("#tables table.heat");
        assertEquals(8, maxGrids.size(), "per round: initial and learned luma and chroma");
        assertCells(maxGrids.get(1), tables.rounds().get(0).luma(), "round 0 luma");
        assertCells(maxGrids.get(7), tables.rounds().get(1).chroma(), "round 1 chroma");

        List<Element> mosaics = doc.select("#regions table.mosaic");
        assertEquals(4, mosaics.size(), "per round: learned luma and chroma per region");
        for (int r = 0; r < 2; r++) {
            TablesFile.Round round = tables.rounds().get(r);
            List<Element> luma = regionGrids(mosaics.get(2 * r), layout);
            List<Element> chroma = regionGrids(mosaics.get(2 * r + 1), layout);
            assertTrue(mosaics.get(2 * r).selectFirst("caption").text().contains("round " + r));
            for (int g = 0; g < 4; g++) {
                assertCells(luma.get(g), round.regions().get(g).luma(), "round " + r + " region " + g + " luma");
                assertCells(chroma.get(g), round.regions().get(g).chroma(), "round " + r + " region " + g + " chroma");
            }
        }

        assertTrue(
                doc.select("#alpha h3").text().contains("trainable"),
                doc.select("#alpha h3").text());
        List<Element> alpha = doc.select("#alpha table.mosaic");
        assertEquals(8, alpha.size(), "per round: luma and chroma, at the start and learned");
        TablesFile.Round round1 = tables.rounds().get(1);
        List<Element> learnedLuma = regionGrids(alpha.get(5), layout);
        List<Element> initialChroma = regionGrids(alpha.get(6), layout);
        for (int g = 0; g < 4; g++) {
            assertCells(learnedLuma.get(g), round1.regions().get(g).alphaLuma(), "alpha luma region " + g);
            assertCells(initialChroma.get(g), round1.regions().get(g).initialAlphaChroma(), "alpha chroma " + g);
        }
        boolean learned = false;
        for (int i = 0; i < 64; i++) {
            learned |= round1.regions().get(0).alphaLuma()[i]
                    != round1.regions().get(0).initialAlphaLuma()[i];
        }
        assertTrue(learned, "trainable alpha moved in training");

        EpochMetrics last = spatial.readMetrics().get(0);
        List<Element> saturation = doc.select("#saturation table.heat");
        assertEquals(4, saturation.size(), "per round: luma and chroma");
        assertEquals(2, last.saturation().size());
        assertCells(saturation.get(0), last.saturation().get(0).luma(), "saturation round 0 luma");
        assertCells(saturation.get(3), last.saturation().get(1).chroma(), "saturation round 1 chroma");
        assertTrue(doc.select("#saturation p").text().contains("erased"), "says what a high value means");
        assertTrue(doc.select("#saturation h3").text().contains("8-bit indices"));
    }

    @Test
    void matchedAlphaIsNamedAndShownPerFrequency() throws IOException {
        Document doc = report(matched);
        assertEquals(Set.of("results", "curves", "tables", "alpha", "saturation", "travel", "config"), sections(doc));
        assertTrue(
                doc.select("#alpha h3").text().contains("H/q² (hardness matching, H = 5)"),
                doc.select("#alpha h3").text());
        TablesFile.Round round = TablesFile.read(matched).rounds().get(0);
        List<Element> grids = doc.select("#alpha table.heat");
        assertEquals(4, grids.size(), "luma and chroma, at the start and now");
        assertCells(grids.get(0), round.initialAlphaLuma(), "initial luma alpha");
        assertCells(grids.get(1), round.alphaLuma(), "luma alpha");
        assertCells(grids.get(3), round.alphaChroma(), "chroma alpha");
        for (int i = 0; i < 64; i++) {
            double q = round.luma()[i];
            assertEquals(5 / (q * q), round.alphaLuma()[i], 1e-5 * round.alphaLuma()[i], "H/q² at " + i);
        }
        assertTrue(doc.select("style").html().indexOf("mosaic") < 0, "no region styles without spatial tables");

        EpochMetrics.Saturation s = matched.readMetrics().get(0).saturation().get(0);
        List<Element> saturation = doc.select("#saturation table.heat");
        assertEquals(2, saturation.size(), "luma and chroma");
        assertCells(saturation.get(0), s.luma(), "saturation luma");
        assertCells(saturation.get(1), s.chroma(), "saturation chroma");
        assertTrue(s.luma()[0] > 0.9, "steps of 1: nearly every DC saturates, " + s.luma()[0]);
        // on the linear 0..1 scale a fraction is its own position on the palette
        for (int i = 0; i < 64; i++) {
            assertTrue(
                    saturation
                            .get(0)
                            .select("td")
                            .get(i)
                            .attr("style")
                            .startsWith("background:" + Palette.css(s.luma()[i]) + ";"),
                    "colour of luma " + i);
        }
    }

    @Test
    void aLayerWithoutTablesRendersWithoutTheLayerSections() throws IOException {
        assertFalse(Files.exists(zeroDc.tables()), "zero-DC: no tables to write");
        assertNull(zeroDc.readMetrics().get(0).saturation(), "nothing quantised, nothing clamped");
        Document doc = report(zeroDc);
        assertEquals(Set.of("results", "curves", "config"), sections(doc));
        Document all = report(spatial, matched, zeroDc);
        assertTrue(sections(all).containsAll(Set.of("tables", "regions", "alpha", "saturation")));
        assertEquals(
                3,
                all.select("#alpha h3").size() + all.select("#regions h3").size(),
                "alpha of the spatial and the matched run, regions of the spatial one");
    }

    @Test
    void chromiumRendersTheLayerSectionsWithoutErrors() throws Exception {
        Path chromium = ReportTest.Chromium.find();
        if (chromium == null) {
            assertFalse("true".equals(System.getenv("CI")), "CI installs chromium (.ci/run): it must be found");
            Assumptions.abort("chromium is not installed here");
        }
        report(spatial, matched, zeroDc);
        Path html = dir.resolve("spatial-matched-zerodc.html");
        Path shot = dir.resolve("layer-shot.png");
        ReportTest.Chromium.Result render = ReportTest.Chromium.run(
                chromium,
                dir,
                "--screenshot=" + shot,
                "--window-size=1200,4000",
                html.toUri().toString());
        assertEquals(0, render.exit(), render.output());
        BufferedImage image = ImageIO.read(shot.toFile());
        assertNotNull(image, "screenshot written");
        List<String> consoleErrors = render.output()
                .lines()
                .filter(l -> l.contains("CONSOLE") || l.contains("Uncaught"))
                .toList();
        assertTrue(consoleErrors.isEmpty(), String.join("\n", consoleErrors));
    }
}
