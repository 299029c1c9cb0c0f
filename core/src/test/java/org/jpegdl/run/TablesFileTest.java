package org.jpegdl.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.TableInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tables.json: alpha and spatial tables per region as the layer holds them, older files read as before. */
class TablesFileTest {

    @TempDir
    Path dir;

    /** Steps of round r, region g: a different constant per region and table, so a mix-up shows. */
    private static float[] steps(int region, boolean luma) {
        float[] t = new float[64];
        for (int i = 0; i < 64; i++) {
            t[i] = (luma ? 2 : 3) + region + i / 64f;
        }
        return t;
    }

    private static TableInit perRegion(int regions) {
        float[][][] luma = new float[1][regions][];
        float[][][] chroma = new float[1][regions][];
        for (int g = 0; g < regions; g++) {
            luma[0][g] = steps(g, true);
            chroma[0][g] = steps(g, false);
        }
        return TableInit.explicitRegions("per region", luma, chroma);
    }

    private RunDirectory written(TablesFile file) throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        Files.createDirectories(run.root());
        Json.write(run.tables(), file);
        return run;
    }

    @Test
    void spatialTablesAndTrainableAlphaAreRecordedPerRegion() throws IOException {
        // 16×24 images in regions of 8: 2 rows × 3 columns
        JpegLayer layer = JpegLayer.builder()
                .optRegionSize(8)
                .optTableInit(perRegion(6))
                .optAlpha(4)
                .optTrainableAlpha(true)
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            layer.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 24));
            // "training": steps doubled, luma alpha tripled
            layer.lumaTable(0).getArray().muli(2);
            layer.chromaTable(0).getArray().muli(2);
            layer.alphaParameters().get(0).getArray().muli(3);
            TablesFile file = TablesFile.read(written(TablesFile.of(layer, 5)));

            assertEquals(new TablesFile.RegionLayout(8, 2, 3), file.regionLayout());
            assertEquals(new TablesFile.Alpha(TablesFile.Alpha.TRAINABLE, false, null), file.alpha());
            TablesFile.Round round = file.rounds().get(0);
            assertEquals(6, round.regions().size());
            assertNull(round.alphaLuma(), "alpha of spatial tables is per region");
            assertNull(round.initialAlphaChroma());
            for (int g = 0; g < 6; g++) {
                TablesFile.Region region = round.regions().get(g);
                assertEquals(g, region.region());
                assertEquals(g / 3, region.row());
                assertEquals(g % 3, region.column());
                assertArrayEquals(steps(g, true), region.initialLuma());
                assertArrayEquals(steps(g, false), region.initialChroma());
                for (int i = 0; i < 64; i++) {
                    assertEquals(2 * steps(g, true)[i], region.luma()[i]);
                    assertEquals(2 * steps(g, false)[i], region.chroma()[i]);
                    assertEquals(4f, region.initialAlphaLuma()[i]);
                    assertEquals(12f, region.alphaLuma()[i]);
                    assertEquals(4f, region.alphaChroma()[i]);
                }
            }
            // the round's tables are the largest over the regions (region 5 here): what a JPEG file stores
            assertArrayEquals(steps(5, true), round.initialLuma());
            for (int i = 0; i < 64; i++) {
                assertEquals(2 * steps(5, true)[i], round.luma()[i]);
                assertEquals(2 * steps(5, false)[i], round.chroma()[i]);
            }
        }
    }

    @Test
    void matchedAlphaIsHOverTheSquaredSteps() throws IOException {
        JpegLayer layer = JpegLayer.builder()
                .optChannels(1)
                .optHardness(2)
                .optTableInit(TableInit.constant(4))
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            layer.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            layer.lumaTable(0).getArray().muli(0.5);
            TablesFile file = TablesFile.read(written(TablesFile.of(layer, 1)));
            assertEquals(new TablesFile.Alpha(TablesFile.Alpha.MATCHED, false, 2.0), file.alpha());
            assertNull(file.regionLayout());
            TablesFile.Round round = file.rounds().get(0);
            assertNull(round.regions());
            assertNull(round.alphaChroma(), "grayscale: luma only");
            for (int i = 0; i < 64; i++) {
                assertEquals(2 / 16f, round.initialAlphaLuma()[i], 1e-7);
                assertEquals(2 / 4f, round.alphaLuma()[i], 1e-7);
            }
        }
    }

    @Test
    void aLayerWithoutTablesHasNoFile() {
        JpegLayer layer = JpegLayer.builder().optZeroDc(true).build();
        assertThrows(IllegalArgumentException.class, () -> TablesFile.of(layer, 0));
    }

    @Test
    void filesWrittenBeforeAlphaAndRegionsReadAsBefore() throws IOException {
        TablesFile old = TablesFile.read(new RunDirectory(Path.of("../results/fashion-mnist-resnet20-e2/jpegdl-s0")));
        assertEquals(2, old.epoch());
        assertEquals(1, old.channels());
        assertNull(old.alpha());
        assertNull(old.regionLayout());
        assertNull(old.rounds().get(0).alphaLuma());
        assertNull(old.rounds().get(0).regions());
        assertEquals(64, old.rounds().get(0).luma().length);
    }

    @Test
    void regionsThatDoNotMatchTheLayoutAreRejected() throws IOException {
        JpegLayer layer =
                JpegLayer.builder().optRegionSize(8).optTableInit(perRegion(4)).build();
        try (NDManager m = NDManager.newBaseManager()) {
            layer.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            TablesFile good = TablesFile.of(layer, 0);
            TablesFile.Round round = good.rounds().get(0);

            List<TablesFile.Region> three = new ArrayList<>(round.regions().subList(0, 3));
            IOException missing = assertThrows(
                    IOException.class, () -> TablesFile.read(written(withRegions(good, three, good.regionLayout()))));
            assertTrue(missing.getMessage().contains("2×2 regions, got 3"), missing.getMessage());

            IOException noLayout = assertThrows(
                    IOException.class, () -> TablesFile.read(written(withRegions(good, round.regions(), null))));
            assertTrue(noLayout.getMessage().contains("regionLayout"), noLayout.getMessage());

            List<TablesFile.Region> short64 = new ArrayList<>(round.regions());
            TablesFile.Region r0 = short64.get(0);
            short64.set(
                    0,
                    new TablesFile.Region(
                            0,
                            0,
                            0,
                            r0.initialLuma(),
                            new float[63],
                            r0.initialChroma(),
                            r0.chroma(),
                            null,
                            null,
                            null,
                            null));
            IOException shortTable = assertThrows(
                    IOException.class, () -> TablesFile.read(written(withRegions(good, short64, good.regionLayout()))));
            assertTrue(
                    shortTable.getMessage().contains("region 0 luma: expected 64 numbers, got 63"),
                    shortTable.getMessage());
            assertFalse(TablesFile.read(written(good)).rounds().get(0).regions().isEmpty());
        }
    }

    private static TablesFile withRegions(
            TablesFile file, List<TablesFile.Region> regions, TablesFile.RegionLayout layout) {
        TablesFile.Round r = file.rounds().get(0);
        TablesFile.Round changed = new TablesFile.Round(
                r.round(),
                r.initialLuma(),
                r.luma(),
                r.initialChroma(),
                r.chroma(),
                r.initialAlphaLuma(),
                r.alphaLuma(),
                r.initialAlphaChroma(),
                r.alphaChroma(),
                regions);
        return new TablesFile(
                file.epoch(), file.order(), file.init(), file.channels(), List.of(changed), file.alpha(), layout);
    }
}
