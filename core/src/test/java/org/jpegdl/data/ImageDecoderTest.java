package org.jpegdl.data;

import static org.jpegdl.data.PhotoFixtures.assertMessage;
import static org.jpegdl.data.PhotoFixtures.image;
import static org.jpegdl.data.PhotoFixtures.jpeg;
import static org.jpegdl.data.PhotoFixtures.truncate;
import static org.jpegdl.data.PhotoFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The odd files real photo sets hold decode, by their bytes rather than their names; broken ones name the file. */
class ImageDecoderTest {

    @TempDir
    Path dir;

    static void assertColour(RgbImage image, int rgb, int tolerance) {
        int[] expected = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    int value = image.value(c, x, y);
                    assertTrue(
                            Math.abs(value - expected[c]) <= tolerance,
                            "channel " + c + " at " + x + "," + y + ": " + value + " vs " + expected[c]);
                }
            }
        }
    }

    @Test
    void jpegDecodesToItsColourAndSize() {
        Path file = jpeg(dir.resolve("a.jpg"), 20, 12, 0x336699);
        RgbImage image = ImageDecoder.decode(file);
        assertEquals(20, image.width());
        assertEquals(12, image.height());
        assertColour(image, 0x336699, 3);
    }

    @Test
    void pngNamedJpegIsDetectedByItsBytesAndDecodesExactly() throws IOException {
        BufferedImage pattern = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                pattern.setRGB(x, y, (x * 50) << 16 | (y * 100) << 8 | 7);
            }
        }
        Path file = write(dir.resolve("n02105855_2933.JPEG"), pattern, "png");
        assertEquals(ImageDecoder.Format.PNG, ImageDecoder.formatOf(Files.readAllBytes(file)));
        RgbImage image = ImageDecoder.decode(file);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(x * 50, image.value(0, x, y));
                assertEquals(y * 100, image.value(1, x, y));
                assertEquals(7, image.value(2, x, y));
            }
        }
    }

    @Test
    void cmykJpegDecodesToRgb() throws IOException {
        ColorSpace cmyk = ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK);
        ComponentColorModel model =
                new ComponentColorModel(cmyk, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(16, 16);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                raster.setPixel(x, y, new int[] {0, 255, 255, 0}); // no cyan, full magenta and yellow: red
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(new BufferedImage(model, raster, false, null));
        } finally {
            writer.dispose();
        }
        byte[] jpeg = bytes.toByteArray();
        assertEquals(4, startOfFrameComponents(jpeg), "a four-component (CMYK) JPEG");
        assertTrue(new String(jpeg, StandardCharsets.ISO_8859_1).contains("Adobe"), "with Adobe's APP14 marker");
        Path file = dir.resolve("cmyk.jpg");
        Files.write(file, jpeg);
        boolean twelveMonkeys = false;
        for (var readers = ImageIO.getImageReadersByFormatName("jpeg"); readers.hasNext(); ) {
            twelveMonkeys |= readers.next().getClass().getName().startsWith("com.twelvemonkeys.");
        }
        assertTrue(twelveMonkeys, "the TwelveMonkeys JPEG plugin is on the class path");
        RgbImage image = ImageDecoder.decode(file);
        assertEquals(16, image.width());
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                assertTrue(
                        image.value(0, x, y) > 200 && image.value(1, x, y) < 60 && image.value(2, x, y) < 60,
                        "red expected, got " + image.value(0, x, y) + "," + image.value(1, x, y) + ","
                                + image.value(2, x, y));
            }
        }
    }

    @Test
    void progressiveJpegDecodes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image(24, 20, 0x40C080), null, null), param);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = bytes.toByteArray();
        assertTrue(indexOfMarker(jpeg, 0xC2) > 0, "progressive (SOF2) JPEG");
        Path file = dir.resolve("progressive.jpg");
        Files.write(file, jpeg);
        assertColour(ImageDecoder.decode(file), 0x40C080, 3);
    }

    @Test
    void greyPhotosBecomeThreeEqualChannelsWithoutAGammaChange() {
        BufferedImage grey = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = grey.getRaster();
        for (int x = 0; x < 4; x++) {
            raster.setSample(x, 0, 0, 40);
            raster.setSample(x, 1, 0, 200);
        }
        RgbImage image = ImageDecoder.decode(write(dir.resolve("grey.png"), grey, "png"));
        for (int c = 0; c < 3; c++) {
            assertEquals(40, image.value(c, 2, 0));
            assertEquals(200, image.value(c, 3, 1));
        }
        RgbImage jpegGrey = ImageDecoder.decode(write(dir.resolve("grey.jpg"), grey, "jpeg"));
        assertEquals(jpegGrey.value(0, 1, 1), jpegGrey.value(2, 1, 1));
        assertTrue(Math.abs(jpegGrey.value(1, 1, 1) - 200) <= 4);
    }

    @Test
    void alphaIsDropped() {
        BufferedImage translucent = new BufferedImage(3, 3, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                translucent.setRGB(x, y, 0x80_10_20_30);
            }
        }
        RgbImage image = ImageDecoder.decode(write(dir.resolve("alpha.png"), translucent, "png"));
        assertColour(image, 0x102030, 0);
    }

    @Test
    void truncatedFilesAreErrorsNamingTheFile() {
        Path jpeg = jpeg(dir.resolve("cut.jpg"), 48, 48, 0x123456);
        truncate(jpeg, 0.6);
        DatasetException e = assertThrows(DatasetException.class, () -> ImageDecoder.decode(jpeg));
        assertMessage(e, jpeg.toString(), "truncated");
        Path png = write(dir.resolve("cut.png"), image(48, 48, 0x123456), "png");
        truncate(png, 0.5);
        e = assertThrows(DatasetException.class, () -> ImageDecoder.decode(png));
        assertMessage(e, png.toString(), "PNG");
    }

    @Test
    void unreadableFilesAreErrorsNamingTheFile() throws IOException {
        Path text = Files.writeString(dir.resolve("oops.jpg"), "<html>404 not found</html>");
        DatasetException e = assertThrows(DatasetException.class, () -> ImageDecoder.decode(text));
        assertMessage(e, text.toString(), "not a JPEG, PNG, GIF, BMP or TIFF image", "3C 68 74 6D");
        Path empty = Files.createFile(dir.resolve("empty.jpg"));
        e = assertThrows(DatasetException.class, () -> ImageDecoder.decode(empty));
        assertMessage(e, empty.toString(), "empty file");
        Path missing = dir.resolve("missing.jpg");
        e = assertThrows(DatasetException.class, () -> ImageDecoder.decode(missing));
        assertMessage(e, missing.toString(), "file not found");
    }

    /** Components of the JPEG's start-of-frame (baseline SOF0). */
    static int startOfFrameComponents(byte[] jpeg) {
        int at = indexOfMarker(jpeg, 0xC0);
        assertTrue(at > 0, "no SOF0 marker");
        return jpeg[at + 9] & 0xFF; // FF C0, length (2), precision (1), height (2), width (2), components
    }

    static int indexOfMarker(byte[] jpeg, int marker) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        return -1;
    }
}
