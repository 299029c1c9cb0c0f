package org.jpegdl.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jpegdl.cli.CliRun;
import org.jpegdl.cli.Main;
import org.jpegdl.experiment.RunTraining;
import org.jpegdl.jpeg.QuantTables;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpegdl compress} and {@code jpegdl rate} on a tiny trained JPEG-DL run (synthetic set, resnet8, one epoch,
 * two rounds so that the effective table is exercised) and on a baseline run that was never trained.
 */
class CodecCommandsTest {

    @TempDir
    static Path dir;

    private static RunDirectory jpegRun;
    private static RunDirectory baselineRun;

    @BeforeAll
    static void trainTinyRuns() throws IOException {
        Recipe o = Recipe.cifar()
                .withEpochs(1)
                .withBatchSize(32)
                .withTableInit(TableInitialization.quality(50))
                .withPadTo(0)
                .withRounds(2)
                .withTableLr(0.5);
        jpegRun = new RunDirectory(dir.resolve("jpeg"));
        RunTraining.train(
                new RunConfig("jpeg", "synthetic", null, "resnet8", true, o, 3, 160, 100, 2, Map.of()),
                jpegRun,
                false,
                null,
                false);
        baselineRun = new RunDirectory(dir.resolve("baseline"));
        baselineRun.writeConfig(
                new RunConfig("baseline", "synthetic", null, "resnet8", false, o, 3, 160, 100, 2, Map.of()));
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** The effective tables computed here from tables.json: element-wise largest step, rounded, in [1,255]. */
    private static CodecTables expectedFromTablesJson() throws IOException {
        JsonNode rounds = Json.MAPPER.readTree(jpegRun.tables().toFile()).get("rounds");
        assertEquals(2, rounds.size());
        int[][] out = new int[2][64];
        String[] keys = {"luma", "chroma"};
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 64; i++) {
                double max = 0;
                for (JsonNode r : rounds) {
                    max = Math.max(max, r.get(keys[k]).get(i).asDouble());
                }
                out[k][i] = (int) Math.max(1, Math.min(255, Math.round(max)));
            }
        }
        return new CodecTables(out[0], out[1]);
    }

    private static List<Path> jpegs(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
    }

    /** The numbers of a cjpeg -qtables file, comments dropped. */
    private static List<Integer> qtablesNumbers(Path file) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String data = line.replaceAll("#.*", "").trim();
            for (String token : data.isEmpty() ? new String[0] : data.split("\\s+")) {
                numbers.add(Integer.parseInt(token));
            }
        }
        return numbers;
    }

    @Test
    void compressWritesTheLearnedTablesIntoEveryFile() throws IOException {
        Path out = dir.resolve("learned-files");
        CliRun r = run("compress", "--run", jpegRun.root().toString(), "--out", out.toString(), "--limit", "20");
        assertEquals(0, r.exit(), r.out() + r.err());
        CodecTables expected = expectedFromTablesJson();
        List<Path> files = jpegs(out);
        assertEquals(20, files.size());
        for (Path f : files) {
            byte[] jpeg = Files.readAllBytes(f);
            assertEquals(expected, JpegFiles.readCodecTables(jpeg), f.toString());
            assertTrue(JpegFiles.readFrame(jpeg).fullResolution());
        }
        List<Integer> text = qtablesNumbers(out.resolve("tables.txt"));
        assertEquals(128, text.size());
        for (int i = 0; i < 64; i++) {
            assertEquals(expected.luma()[i], text.get(i));
            assertEquals(expected.chroma()[i], text.get(64 + i));
        }
        JsonNode summary = Json.MAPPER.readTree(out.resolve("compress.json").toFile());
        assertEquals(20, summary.get("files").asInt());
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        assertEquals(bytes, summary.get("bytes").asLong());
        assertEquals(8.0 * bytes / (20 * 32 * 32), summary.get("bitsPerPixel").asDouble(), 1e-9);
        assertTrue(r.out().contains("20 JPEG files") && r.out().contains("bits per pixel"), r.out());
    }

    @Test
    void compressWithAQualityWritesTheStandardTables() throws IOException {
        Path out = dir.resolve("q40");
        // a baseline run has no tables but standard ones need none: and it needs no checkpoint either
        CliRun r = run(
                "compress",
                "--run",
                baselineRun.root().toString(),
                "--out",
                out.toString(),
                "--quality",
                "40",
                "--limit",
                "10");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<Path> files = jpegs(out);
        assertEquals(10, files.size());
        CodecTables stored = JpegFiles.readCodecTables(Files.readAllBytes(files.get(0)));
        assertArrayEquals(QuantTables.luma(40), stored.luma());
        assertArrayEquals(QuantTables.chroma(40), stored.chroma());
        assertTrue(r.out().contains("quality 40"), r.out());
    }

    @Test
    void learnedTablesOfABaselineRunAreAClearError() {
        CliRun r = run(
                "compress",
                "--run",
                baselineRun.root().toString(),
                "--out",
                dir.resolve("none").toString());
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(
                r.err().startsWith("error:")
                        && r.err().contains("baseline run")
                        && r.err().contains("--quality"),
                r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(dir.resolve("none")), "nothing written");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CodecTables.learned(baselineRun, null));
        assertTrue(e.getMessage().contains("no learned tables"), e.getMessage());
        CliRun badRound = run(
                "compress",
                "--run",
                jpegRun.root().toString(),
                "--out",
                dir.resolve("r9").toString(),
                "--round",
                "9");
        assertEquals(Main.EXIT_USAGE, badRound.exit());
        assertTrue(badRound.err().contains("round 9"), badRound.err());
    }

    @Test
    void rateWritesTheCurveWithTheLearnedPointAndAPlot() throws IOException {
        CliRun r = run("rate", "--run", jpegRun.root().toString(), "--test-limit", "20", "--threads", "1");
        assertEquals(0, r.exit(), r.out() + r.err());
        RateAccuracy.Curve curve = Json.read(jpegRun.root().resolve("rate.json"), RateAccuracy.Curve.class);
        assertEquals(20, curve.images());
        assertEquals(RateAccuracy.QUALITIES.size(), curve.standard().size());
        assertTrue(curve.command().contains("rate --run") && curve.command().contains("--test-limit 20"));
        RateAccuracy.Point learned = curve.learned();
        assertNotNull(learned);
        assertEquals(expectedFromTablesJson(), new CodecTables(learned.luma(), learned.chroma()));
        assertNotNull(learned.top1Hard());
        for (RateAccuracy.Point p : curve.standard()) {
            assertNotNull(p.top1Hard());
            assertTrue(p.top1Bypassed() >= 0 && p.top1Bypassed() <= 1);
            assertTrue(p.entropyCodedBitsPerPixel() < p.bitsPerPixel());
        }
        for (int i = 1; i < curve.standard().size(); i++) {
            RateAccuracy.Point a = curve.standard().get(i - 1);
            RateAccuracy.Point b = curve.standard().get(i);
            assertTrue(b.bitsPerPixel() > a.bitsPerPixel(), "files grow with quality: " + a + " " + b);
            assertTrue(b.psnr() > a.psnr(), "PSNR grows with quality");
        }
        assertNotNull(curve.uncompressed().top1Soft());
        Path png = jpegRun.plots().resolve("rate.png");
        assertTrue(Files.isRegularFile(png) && Files.size(png) > 1000);
        assertTrue(r.out().contains("learned") && r.out().contains("quality 95"), r.out());
    }

    @Test
    void exportedQtablesMakeCjpegWriteTheSameDqtAsJpegdlsWriter() throws Exception {
        Path text = dir.resolve("exported.txt");
        CliRun r = run("export-tables", "--run", jpegRun.root().toString(), "--out", text.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        Path out = dir.resolve("export-files");
        assertEquals(
                0,
                run("compress", "--run", jpegRun.root().toString(), "--out", out.toString(), "--limit", "10")
                        .exit());
        byte[] ours = Files.readAllBytes(jpegs(out).get(0));
        Path ppm = dir.resolve("one.ppm");
        JpegFiles.Decoded pixels = JpegFiles.decode(ours);
        CodecTools.writePnm(ppm, pixels.pixels(), 3, pixels.height(), pixels.width());
        Path theirs = dir.resolve("cjpeg.jpg");
        CodecTools.run(
                "cjpeg",
                "-qtables",
                text.toString(),
                "-qslots",
                "0,1",
                "-sample",
                "1x1",
                "-baseline",
                "-outfile",
                theirs.toString(),
                ppm.toString());
        List<JpegFiles.DqtTable> a = JpegFiles.readTables(ours);
        List<JpegFiles.DqtTable> b = JpegFiles.readTables(Files.readAllBytes(theirs));
        assertEquals(2, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).slot(), b.get(i).slot());
            assertEquals(8, b.get(i).precisionBits(), "cjpeg writes 8-bit tables, as jpegdl does");
            assertEquals(a.get(i).precisionBits(), b.get(i).precisionBits());
            assertArrayEquals(a.get(i).natural(), b.get(i).natural(), "DQT slot " + i);
        }
        assertEquals(expectedFromTablesJson(), CodecTables.readCjpegText(text), "the export reads back");
    }

    @Test
    void aQtablesValueOutsideTheByteRangeIsOneLineNamingTheFile() throws IOException {
        Path bad = dir.resolve("bad-qtables.txt");
        StringBuilder text = new StringBuilder("# one table\n");
        for (int i = 0; i < 64; i++) {
            text.append(i == 10 ? 256 : 16).append(i % 8 == 7 ? "\n" : " ");
        }
        Files.writeString(bad, text.toString());
        Path images = dir.resolve("few-images");
        Files.createDirectories(images);
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png",
                images.resolve("a.png").toFile());
        Path out = dir.resolve("bad-out");
        CliRun r = run("compress", "--in", images.toString(), "--qtables", bad.toString(), "--out", out.toString());
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(
                r.err().contains(bad.toString())
                        && r.err().contains("256")
                        && r.err().contains("1..255"),
                r.err());
        assertFalse(Files.exists(out), "nothing written");
        Files.writeString(bad, text.toString().replace("256", "0"));
        assertEquals(
                Main.EXIT_USAGE,
                run("compress", "--in", images.toString(), "--qtables", bad.toString(), "--out", out.toString())
                        .exit());
    }

    @Test
    void compressOfAFolderKeepsEveryNameAndListsTheUnreadableFiles() throws IOException {
        Path images = dir.resolve("store");
        Files.createDirectories(images.resolve("shoes/left"));
        java.awt.image.BufferedImage colour =
                new java.awt.image.BufferedImage(20, 12, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 20; x++) {
                colour.setRGB(x, y, (x * 12) << 16 | (y * 20) << 8 | 90);
            }
        }
        java.awt.image.BufferedImage gray =
                new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        javax.imageio.ImageIO.write(colour, "png", images.resolve("red.png").toFile());
        javax.imageio.ImageIO.write(colour, "jpg", images.resolve("shoes/a.jpg").toFile());
        javax.imageio.ImageIO.write(
                gray, "png", images.resolve("shoes/left/b.png").toFile());
        Files.writeString(images.resolve("shoes/notes.txt"), "not an image");
        Files.write(images.resolve("shoes/left/broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1});
        Path qtables = dir.resolve("store-tables.txt");
        Files.writeString(qtables, expectedFromTablesJson().toCjpegText("test"));
        Path out = dir.resolve("store-jpeg");
        CliRun r = run("compress", "--in", images.toString(), "--qtables", qtables.toString(), "--out", out.toString());
        assertEquals(Main.EXIT_USAGE, r.exit(), "unreadable files are a user's problem to see: " + r.out() + r.err());
        for (String name : new String[] {"red.jpg", "shoes/a.jpg", "shoes/left/b.jpg"}) {
            byte[] jpeg = Files.readAllBytes(out.resolve(name));
            assertEquals(
                    expectedFromTablesJson().luma().length,
                    JpegFiles.readCodecTables(jpeg).luma().length);
            assertArrayEquals(
                    expectedFromTablesJson().luma(),
                    JpegFiles.readCodecTables(jpeg).luma(),
                    name);
        }
        assertEquals(
                1,
                JpegFiles.readFrame(Files.readAllBytes(out.resolve("shoes/left/b.jpg")))
                        .horizontalSampling()
                        .length,
                "a gray image becomes a one-component file");
        assertArrayEquals(
                expectedFromTablesJson().chroma(),
                JpegFiles.readCodecTables(Files.readAllBytes(out.resolve("red.jpg")))
                        .chroma());
        assertFalse(Files.exists(out.resolve("shoes/notes.jpg")));
        assertFalse(Files.exists(out.resolve("shoes/left/broken.jpg")));
        assertTrue(
                r.out().contains("skipped shoes/notes.txt") && r.out().contains("skipped shoes/left/broken.jpg"),
                r.out());
        JsonNode summary = Json.MAPPER.readTree(out.resolve("compress.json").toFile());
        assertEquals(3, summary.get("files").asInt());
        assertEquals(2, summary.get("skipped").size());
        assertEquals(
                "shoes/left/broken.jpg",
                summary.get("skipped").get(0).get("file").asText());
        assertFalse(r.err().contains("\tat "), r.err());
        CliRun inside = run(
                "compress",
                "--in",
                images.toString(),
                "--quality",
                "50",
                "--out",
                images.resolve("sub").toString());
        assertEquals(Main.EXIT_USAGE, inside.exit());
        assertTrue(inside.err().contains("inside"), inside.err());
    }

    @Test
    void aTablesFileIsNotNeeded() throws IOException {
        // without tables.json the layer's parameters of the last checkpoint are used: the same tables
        Path copy = dir.resolve("tables-copy.json");
        Files.copy(jpegRun.tables(), copy);
        CodecTables fromFile = CodecTables.learned(jpegRun, null);
        Files.delete(jpegRun.tables());
        try {
            assertEquals(fromFile, CodecTables.learned(jpegRun, null));
            assertEquals(
                    CodecTables.rounded(floats(copy, 1, "luma"), floats(copy, 1, "chroma")),
                    CodecTables.learned(jpegRun, 1));
        } finally {
            Files.copy(copy, jpegRun.tables());
        }
        assertNull(new CodecTables(QuantTables.luma(50), null).chroma());
    }

    private static float[] floats(Path tables, int round, String key) throws IOException {
        JsonNode a =
                Json.MAPPER.readTree(tables.toFile()).get("rounds").get(round).get(key);
        float[] out = new float[64];
        for (int i = 0; i < 64; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }
}
