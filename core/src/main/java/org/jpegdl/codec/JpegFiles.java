package org.jpegdl.codec;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.plugins.jpeg.JPEGQTable;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jpegdl.jpeg.QuantTables;
import org.w3c.dom.Node;

/**
 * Real JPEG files with given quantisation tables: baseline (sequential, 8-bit, Huffman), 4:4:4 (every component
 * sampled 1×1, as the JPEG layer quantises full-resolution chroma), JFIF YCbCr for colour and one component for
 * grayscale. Images are uint8 C×H×W planes, as in {@link org.jpegdl.data.ImageDataset}.
 *
 * <p>Files are written with the JDK's own ImageIO JPEG writer ({@code com.sun.imageio.plugins.jpeg}), which is libjpeg
 * (IJG) underneath: it needs no dependency or native library beyond the JDK, and its native metadata tree
 * ({@value #NATIVE_FORMAT}) exposes exactly the two things we must set, the DQT tables and the SOF sampling factors.
 * The tables go into the metadata's DQT segment, not into {@link JPEGImageWriteParam#setEncodeTables}: tables given
 * only through the param, with none in the metadata, make the writer emit an abbreviated stream without a DQT
 * segment, which no ordinary decoder can read. Entropy coding uses the standard (Annex K) Huffman tables, as
 * {@code cjpeg} does by default, so file sizes compare across table choices without Huffman optimisation in play;
 * {@link FileFormat} asks for Huffman tables optimised for each file ({@code cjpeg -optimize}: two passes, the
 * smallest baseline file for those quantisation tables, its tables in the file's DHT) and for 4:2:0 chroma.
 *
 * <p>Files are decoded with ImageIO's reader (libjpeg's integer IDCT and YCbCr → RGB), to RGB or gray planes.
 */
public final class JpegFiles {

    /** Name of the JDK JPEG plugin's native image metadata format. */
    public static final String NATIVE_FORMAT = "javax_imageio_jpeg_image_1.0";

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int DQT = 0xDB;

    private JpegFiles() {}

    /** A decoded image: uint8 C×H×W planes (RGB or gray). */
    public record Decoded(int channels, int height, int width, byte[] pixels) {}

    /** One quantisation table of a DQT segment: slot 0..3, precision 8 or 16 bits, 64 values in natural order. */
    public record DqtTable(int slot, int precisionBits, int[] natural) {}

    /**
     * Encodes one image as a baseline JPEG file with {@code tables}.
     *
     * @param pixels uint8 C×H×W planes (C = 1 gray, C = 3 RGB)
     * @param tables luma and, for colour, chroma tables; a grayscale image uses the luma table only
     * @return the file's bytes
     */
    public static byte[] encode(byte[] pixels, int channels, int height, int width, CodecTables tables) {
        return encode(pixels, channels, height, width, tables, FileFormat.STANDARD);
    }

    /**
     * Encodes one image as a baseline JPEG file with {@code tables} in {@code format}.
     *
     * @param pixels uint8 C×H×W planes (C = 1 gray, C = 3 RGB)
     * @param tables luma and, for colour, chroma tables; a grayscale image uses the luma table only
     * @param format Huffman tables (standard or optimised) and chroma sampling (4:4:4 or 4:2:0; gray files have one)
     * @return the file's bytes
     */
    public static byte[] encode(
            byte[] pixels, int channels, int height, int width, CodecTables tables, FileFormat format) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(
                    "JPEG files hold gray (1) or RGB (3) images, got " + channels + " channels");
        }
        if (height < 1 || width < 1 || pixels.length != channels * height * width) {
            throw new IllegalArgumentException(channels + "×" + height + "×" + width + " image needs "
                    + (long) channels * height * width + " bytes, got " + pixels.length);
        }
        if (channels == 3 && !tables.color()) {
            throw new IllegalArgumentException("a colour image needs a chroma table; these tables are grayscale");
        }
        BufferedImage image = toImage(pixels, channels, height, width);
        ImageWriter writer = jdkWriter();
        try {
            JPEGImageWriteParam param = new JPEGImageWriteParam(null);
            param.setCompressionMode(ImageWriteParam.MODE_COPY_FROM_METADATA);
            param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
            param.setOptimizeHuffmanTables(format.optimizedHuffman());
            IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
            setTablesAndSampling(
                    metadata, channels == 3 ? tables.slots() : List.of(tables.luma()), format.subsampled());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(channels * height * width / 4 + 1024);
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, metadata), param);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "JPEG writer failed on a " + channels + "×" + height + "×" + width + " image", e);
        } finally {
            writer.dispose();
        }
    }

    /** Decodes a JPEG file with ImageIO into uint8 planes: 3 (RGB) for colour files, 1 for grayscale files. */
    public static Decoded decode(byte[] jpeg) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO JPEG reader in this JDK");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in, true, true);
            BufferedImage image = reader.read(0);
            return fromImage(image);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JPEG file ImageIO can decode: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The quantisation tables stored in a JPEG file's DQT segments, in file order, each in natural order (the file
     * stores them in zigzag order). A slot defined twice appears twice.
     *
     * @throws IllegalArgumentException when the bytes are not a JPEG stream or a segment is truncated
     */
    public static List<DqtTable> readTables(byte[] jpeg) {
        List<DqtTable> tables = new ArrayList<>();
        walk(jpeg, (marker, offset, length) -> {
            if (marker == DQT) {
                int p = offset;
                int end = offset + length;
                while (p < end) {
                    int precision = (jpeg[p] & 0xF0) >> 4;
                    int slot = jpeg[p] & 0x0F;
                    int width = precision == 0 ? 1 : 2;
                    if (precision > 1 || p + 1 + 64 * width > end) {
                        throw new IllegalArgumentException("malformed DQT segment at byte " + (offset - 4));
                    }
                    p++;
                    int[] zigzag = new int[QuantTables.SIZE];
                    for (int k = 0; k < QuantTables.SIZE; k++) {
                        zigzag[k] = width == 1 ? jpeg[p] & 0xFF : ((jpeg[p] & 0xFF) << 8) | (jpeg[p + 1] & 0xFF);
                        p += width;
                    }
                    tables.add(new DqtTable(slot, 8 * width, QuantTables.fromZigzag(zigzag)));
                }
            }
        });
        return tables;
    }

    /**
     * The frame header (SOFn) of a file: its marker (0xC0 = baseline), sample precision, size and per-component
     * sampling factors.
     */
    public record Frame(
            int marker, int precisionBits, int height, int width, int[] horizontalSampling, int[] verticalSampling) {

        /** Whether the file is baseline sequential (SOF0). */
        public boolean baseline() {
            return marker == 0xC0;
        }

        /** Whether every component is sampled 1×1 (4:4:4, or one gray component). */
        public boolean fullResolution() {
            for (int i = 0; i < horizontalSampling.length; i++) {
                if (horizontalSampling[i] != 1 || verticalSampling[i] != 1) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Reads a file's frame header. */
    public static Frame readFrame(byte[] jpeg) {
        Frame[] found = {null};
        walk(jpeg, (marker, offset, length) -> {
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof && found[0] == null) {
                int components = jpeg[offset + 5] & 0xFF;
                if (length < 6 + 3 * components) {
                    throw new IllegalArgumentException("malformed SOF segment");
                }
                int[] h = new int[components];
                int[] v = new int[components];
                for (int c = 0; c < components; c++) {
                    int factors = jpeg[offset + 6 + 3 * c + 1] & 0xFF;
                    h[c] = factors >> 4;
                    v[c] = factors & 0x0F;
                }
                int height = ((jpeg[offset + 1] & 0xFF) << 8) | (jpeg[offset + 2] & 0xFF);
                int width = ((jpeg[offset + 3] & 0xFF) << 8) | (jpeg[offset + 4] & 0xFF);
                found[0] = new Frame(marker, jpeg[offset] & 0xFF, height, width, h, v);
            }
        });
        if (found[0] == null) {
            throw new IllegalArgumentException("the JPEG stream has no frame header (SOF)");
        }
        return found[0];
    }

    /** The tables of a file as written by {@link #encode}: slot 0 luma, slot 1 chroma (when present). */
    public static CodecTables readCodecTables(byte[] jpeg) {
        int[] luma = null;
        int[] chroma = null;
        for (DqtTable t : readTables(jpeg)) {
            if (t.slot() == 0) {
                luma = t.natural();
            } else if (t.slot() == 1) {
                chroma = t.natural();
            }
        }
        if (luma == null) {
            throw new IllegalArgumentException("the file has no quantisation table in slot 0");
        }
        return new CodecTables(luma, chroma);
    }

    /**
     * Bytes of entropy-coded data in a file (everything after each SOS header up to the next marker): the part of
     * the file the quantisation tables act on, without the fixed cost of headers (625 bytes for a colour file
     * as {@link #encode} writes it, 330 for a gray one: more than the scan data of a 32×32 image at most qualities).
     */
    public static long entropyCodedBytes(byte[] jpeg) {
        long[] total = {0};
        walk(jpeg, (marker, offset, length) -> {
            if (marker == -1) {
                total[0] += length;
            }
        });
        return total[0];
    }

    /** Receives the segments of a JPEG stream: marker, offset of its payload, payload length; marker −1 = scan data. */
    private interface SegmentVisitor {
        void segment(int marker, int offset, int length);
    }

    private static void walk(byte[] jpeg, SegmentVisitor visitor) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != SOI) {
            throw new IllegalArgumentException("not a JPEG stream (no SOI marker at the start)");
        }
        int p = 2;
        while (p < jpeg.length) {
            if ((jpeg[p] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException("JPEG stream: expected a marker at byte " + p);
            }
            while (p < jpeg.length && (jpeg[p] & 0xFF) == 0xFF) {
                p++; // fill bytes
            }
            if (p >= jpeg.length) {
                break;
            }
            int marker = jpeg[p++] & 0xFF;
            if (marker == EOI) {
                return;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // TEM, RSTn: no length
            }
            if (p + 2 > jpeg.length) {
                throw new IllegalArgumentException("JPEG stream truncated in marker 0x" + Integer.toHexString(marker));
            }
            int length = ((jpeg[p] & 0xFF) << 8) | (jpeg[p + 1] & 0xFF);
            if (length < 2 || p + length > jpeg.length) {
                throw new IllegalArgumentException("JPEG stream: segment 0x" + Integer.toHexString(marker) + " at byte "
                        + (p - 2) + " runs past the end");
            }
            visitor.segment(marker, p + 2, length - 2);
            p += length;
            if (marker == SOS) {
                int start = p;
                // entropy-coded data ends at the first 0xFF followed by neither 0x00 (stuffing) nor RSTn
                while (p < jpeg.length) {
                    if ((jpeg[p] & 0xFF) == 0xFF && p + 1 < jpeg.length) {
                        int next = jpeg[p + 1] & 0xFF;
                        if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF) {
                            break;
                        }
                    }
                    p++;
                }
                visitor.segment(-1, start, p - start);
            }
        }
    }

    private static ImageWriter jdkWriter() {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter fallback = null;
        while (writers.hasNext()) {
            ImageWriter w = writers.next();
            if (w.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageWriter")) {
                return w;
            }
            fallback = fallback == null ? w : fallback;
        }
        if (fallback == null) {
            throw new IllegalStateException("no ImageIO JPEG writer in this JDK");
        }
        return fallback;
    }

    /**
     * Puts {@code slots} into the DQT segment and sets every component to 1×1 sampling, or luma to 2×2 (4:2:0) when
     * {@code subsampled} and there are three components.
     */
    private static void setTablesAndSampling(IIOMetadata metadata, List<int[]> slots, boolean subsampled)
            throws IOException {
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(NATIVE_FORMAT);
        IIOMetadataNode markers = child(root, "markerSequence");
        IIOMetadataNode dqt = child(markers, "dqt");
        while (dqt.getFirstChild() != null) {
            dqt.removeChild(dqt.getFirstChild());
        }
        for (int slot = 0; slot < slots.size(); slot++) {
            IIOMetadataNode table = new IIOMetadataNode("dqtable");
            table.setAttribute("elementPrecision", "0");
            table.setAttribute("qtableId", Integer.toString(slot));
            table.setUserObject(new JPEGQTable(slots.get(slot)));
            dqt.appendChild(table);
        }
        IIOMetadataNode sof = child(markers, "sof");
        int component = 0;
        for (Node n = sof.getFirstChild(); n != null; n = n.getNextSibling()) {
            IIOMetadataNode spec = (IIOMetadataNode) n;
            String factor = subsampled && component == 0 && slots.size() == 2 ? "2" : "1";
            spec.setAttribute("HsamplingFactor", factor);
            spec.setAttribute("VsamplingFactor", factor);
            spec.setAttribute("QtableSelector", component == 0 ? "0" : "1");
            component++;
        }
        metadata.setFromTree(NATIVE_FORMAT, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) throws IOException {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (name.equals(n.getNodeName())) {
                return (IIOMetadataNode) n;
            }
        }
        throw new IOException("JPEG writer's default metadata has no '" + name + "' node");
    }

    private static BufferedImage toImage(byte[] pixels, int channels, int height, int width) {
        int plane = height * width;
        if (channels == 1) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            System.arraycopy(pixels, 0, data, 0, plane);
            return image;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < plane; i++) {
            data[3 * i] = pixels[2 * plane + i]; // B
            data[3 * i + 1] = pixels[plane + i]; // G
            data[3 * i + 2] = pixels[i]; // R
        }
        return image;
    }

    private static Decoded fromImage(BufferedImage image) {
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int type = image.getColorModel().getColorSpace().getType();
        boolean gray = bands == 1 && type == ColorSpace.TYPE_GRAY;
        boolean rgb = bands == 3 && type == ColorSpace.TYPE_RGB;
        if (!gray && !rgb) {
            throw new IllegalArgumentException("decoded JPEG is neither gray nor RGB (" + bands + " bands)");
        }
        int h = image.getHeight();
        int w = image.getWidth();
        int plane = h * w;
        byte[] out = new byte[bands * plane];
        int[] samples = new int[plane];
        for (int b = 0; b < bands; b++) {
            raster.getSamples(0, 0, w, h, b, samples);
            for (int i = 0; i < plane; i++) {
                out[b * plane + i] = (byte) samples[i];
            }
        }
        return new Decoded(bands, h, w, out);
    }
}
