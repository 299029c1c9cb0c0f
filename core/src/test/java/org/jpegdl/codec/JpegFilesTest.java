package org.jpegdl.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpegdl.jpeg.QuantTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written with given tables: what their DQT holds, how an independent decoder reads them, errors. */
class JpegFilesTest {

    @TempDir
    Path dir;

    @Test
    void storedTablesAreTheRoundedLearnedTables() {
        float[] luma = CodecTools.randomTable(1, 0.2f, 300f); // below 1 and above 255 included: clamped
        float[] chroma = CodecTools.randomTable(2, 1f, 80f);
        CodecTables tables = CodecTables.rounded(luma, chroma);
        for (int i = 0; i < 64; i++) {
            assertEquals(Math.max(1, Math.min(255, Math.round(luma[i]))), tables.luma()[i]);
            assertEquals(Math.round(chroma[i]), tables.chroma()[i]);
        }
        byte[] color = JpegFiles.encode(CodecTools.image(3, 24, 40, 3), 3, 24, 40, tables);
        List<JpegFiles.DqtTable> stored = JpegFiles.readTables(color);
        assertEquals(2, stored.size());
        assertEquals(8, stored.get(0).precisionBits());
        assertArrayEquals(tables.luma(), stored.get(0).natural());
        assertArrayEquals(tables.chroma(), stored.get(1).natural());
        assertEquals(tables, JpegFiles.readCodecTables(color));
        JpegFiles.Frame frame = JpegFiles.readFrame(color);
        assertTrue(frame.baseline() && frame.fullResolution(), "baseline 4:4:4");
        assertEquals(3, frame.horizontalSampling().length);
        assertEquals(24, frame.height());
        assertEquals(40, frame.width());

        byte[] gray = JpegFiles.encode(CodecTools.image(1, 16, 16, 4), 1, 16, 16, tables);
        CodecTables grayStored = JpegFiles.readCodecTables(gray);
        assertArrayEquals(tables.luma(), grayStored.luma());
        assertNull(grayStored.chroma(), "a grayscale file holds the luma table only");
        assertEquals(1, JpegFiles.readFrame(gray).horizontalSampling().length);
        assertEquals(1, JpegFiles.decode(gray).channels());
    }

    @Test
    void severalRoundsAreWrittenAsTheirElementWiseLargestStep() {
        float[] a = QuantTables.constant(2.4f);
        float[] b = QuantTables.constant(7.6f);
        a[5] = 40.2f;
        CodecTables t = CodecTables.effective(List.of(a, b), List.of(b, a));
        assertEquals(8, t.luma()[0]);
        assertEquals(40, t.luma()[5]);
        assertEquals(40, t.chroma()[5]);
        assertEquals(t, CodecTables.effective(List.of(b, a), List.of(a, b)), "the order of the rounds does not matter");
        assertEquals(CodecTables.rounded(a, b), CodecTables.effective(List.of(a), List.of(b)), "one round: its table");
    }

    @Test
    void filesDecodeWithDjpegAsWithImageIo() throws Exception {
        CodecTables tables =
                CodecTables.rounded(CodecTools.randomTable(5, 2f, 40f), CodecTools.randomTable(6, 3f, 60f));
        for (int channels : new int[] {3, 1}) {
            int h = 21;
            int w = 30; // not multiples of 8: edge blocks are padded by the encoder and cropped by the decoders
            byte[] jpeg = JpegFiles.encode(CodecTools.image(channels, h, w, 7), channels, h, w, tables);
            Path file = dir.resolve("c" + channels + ".jpg");
            Path pnm = dir.resolve("c" + channels + ".pnm");
            Files.write(file, jpeg);
            CodecTools.run("djpeg", "-pnm", "-outfile", pnm.toString(), file.toString());
            JpegFiles.Decoded theirs = CodecTools.readPnm(pnm);
            JpegFiles.Decoded ours = JpegFiles.decode(jpeg);
            assertEquals(channels, theirs.channels());
            assertEquals(h, theirs.height());
            assertEquals(w, theirs.width());
            assertEquals(channels, ours.channels());
            double mad = CodecTools.meanAbsoluteDifference(theirs.pixels(), ours.pixels());
            assertTrue(mad <= 1.0, channels + " channel(s): djpeg and ImageIO differ by " + mad + " on average");
        }
    }

    @Test
    void standardTablesMatchCjpegQualityExactly() throws Exception {
        byte[] pixels = CodecTools.image(3, 16, 16, 8);
        Path ppm = dir.resolve("in.ppm");
        CodecTools.writePnm(ppm, pixels, 3, 16, 16);
        for (int q : new int[] {5, 10, 25, 50, 75, 90, 95, 100}) {
            Path out = dir.resolve("q" + q + ".jpg");
            CodecTools.run(
                    "cjpeg",
                    "-quality",
                    Integer.toString(q),
                    "-baseline",
                    "-sample",
                    "1x1",
                    "-outfile",
                    out.toString(),
                    ppm.toString());
            CodecTables theirs = JpegFiles.readCodecTables(Files.readAllBytes(out));
            byte[] ours = JpegFiles.encode(pixels, 3, 16, 16, CodecTables.standard(q, true));
            assertEquals(theirs, JpegFiles.readCodecTables(ours), "quality " + q);
            assertEquals(theirs, CodecTables.standard(q, true), "quality " + q);
        }
    }

    @Test
    void cjpegReadsTheQtablesExport() throws Exception {
        CodecTables tables =
                CodecTables.rounded(CodecTools.randomTable(9, 1f, 255f), CodecTools.randomTable(10, 1f, 120f));
        Path text = dir.resolve("learned.txt");
        Files.writeString(text, tables.toCjpegText("test tables"));
        Path ppm = dir.resolve("in.ppm");
        CodecTools.writePnm(ppm, CodecTools.image(3, 16, 24, 11), 3, 16, 24);
        Path out = dir.resolve("qtables.jpg");
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
                out.toString(),
                ppm.toString());
        assertEquals(
                tables,
                JpegFiles.readCodecTables(Files.readAllBytes(out)),
                "cjpeg reads the export in natural order, as written");

        CodecTables grayTables = new CodecTables(tables.luma(), null);
        Path grayText = dir.resolve("gray.txt");
        Files.writeString(grayText, grayTables.toCjpegText("gray"));
        Path pgm = dir.resolve("in.pgm");
        CodecTools.writePnm(pgm, CodecTools.image(1, 16, 16, 12), 1, 16, 16);
        Path grayOut = dir.resolve("gray.jpg");
        CodecTools.run(
                "cjpeg",
                "-qtables",
                grayText.toString(),
                "-qslots",
                "0",
                "-grayscale",
                "-baseline",
                "-outfile",
                grayOut.toString(),
                pgm.toString());
        assertEquals(grayTables, JpegFiles.readCodecTables(Files.readAllBytes(grayOut)));
    }

    @Test
    void optimisedHuffmanTablesAndSubsamplingAsCjpegWritesThem() throws Exception {
        CodecTables tables =
                CodecTables.rounded(CodecTools.randomTable(31, 2f, 50f), CodecTools.randomTable(32, 3f, 70f));
        Path text = dir.resolve("t.txt");
        Files.writeString(text, tables.toCjpegText("test"));
        byte[] pixels = CodecTools.image(3, 32, 40, 33);
        Path ppm = dir.resolve("o.ppm");
        CodecTools.writePnm(ppm, pixels, 3, 32, 40);
        for (FileFormat format : new FileFormat[] {FileFormat.OPTIMIZED, FileFormat.OPTIMIZED_420}) {
            byte[] ours = JpegFiles.encode(pixels, 3, 32, 40, tables, format);
            Path out = dir.resolve("cjpeg-" + format.subsampled() + ".jpg");
            CodecTools.run(
                    "cjpeg",
                    "-qtables",
                    text.toString(),
                    "-qslots",
                    "0,1",
                    "-sample",
                    format.subsampled() ? "2x2,1x1,1x1" : "1x1",
                    "-optimize",
                    "-baseline",
                    "-outfile",
                    out.toString(),
                    ppm.toString());
            byte[] theirs = Files.readAllBytes(out);
            assertEquals(
                    JpegFiles.entropyCodedBytes(theirs),
                    JpegFiles.entropyCodedBytes(ours),
                    format.describe() + ": the same scan size as cjpeg -optimize");
            assertEquals(
                    JpegFiles.readFrame(theirs).horizontalSampling()[0],
                    JpegFiles.readFrame(ours).horizontalSampling()[0]);
            assertEquals(format.subsampled(), !JpegFiles.readFrame(ours).fullResolution());
        }
        byte[] standard = JpegFiles.encode(pixels, 3, 32, 40, tables, FileFormat.STANDARD);
        byte[] optimized = JpegFiles.encode(pixels, 3, 32, 40, tables, FileFormat.OPTIMIZED);
        assertTrue(JpegFiles.entropyCodedBytes(optimized) < JpegFiles.entropyCodedBytes(standard));
        assertArrayEquals(
                JpegFiles.decode(standard).pixels(),
                JpegFiles.decode(optimized).pixels(),
                "Huffman coding is lossless: the same pixels either way");
    }

    @Test
    void entropyCodedDataIsThePartOfTheFileTheTablesShrink() {
        byte[] pixels = CodecTools.image(3, 32, 32, 13);
        byte[] fine = JpegFiles.encode(pixels, 3, 32, 32, CodecTables.standard(95, true));
        byte[] coarse = JpegFiles.encode(pixels, 3, 32, 32, CodecTables.standard(10, true));
        long headers = fine.length - JpegFiles.entropyCodedBytes(fine);
        assertEquals(headers, coarse.length - JpegFiles.entropyCodedBytes(coarse), "headers do not depend on tables");
        assertTrue(JpegFiles.entropyCodedBytes(coarse) < JpegFiles.entropyCodedBytes(fine) / 2);
    }

    @Test
    void mistakesAreRefusedWithReasons() {
        assertThrows(IllegalArgumentException.class, () -> new CodecTables(new int[64], null), "step 0");
        assertThrows(IllegalArgumentException.class, () -> new CodecTables(new int[63], null));
        CodecTables gray = new CodecTables(QuantTables.luma(50), null);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> JpegFiles.encode(new byte[3 * 64], 3, 8, 8, gray));
        assertTrue(e.getMessage().contains("chroma"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JpegFiles.encode(new byte[10], 1, 8, 8, gray));
        assertThrows(IllegalArgumentException.class, () -> JpegFiles.readTables(new byte[] {1, 2, 3, 4}));
    }
}
