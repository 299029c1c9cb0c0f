package org.jpegdl.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes the image files that real data sets hold into {@link RgbImage}s. The format is taken from the file's first
 * bytes, not its name (ImageNet has a PNG named .JPEG, Oxford-IIIT Pets has GIFs named .jpg); JPEGs go through the
 * TwelveMonkeys ImageIO plugin, which also reads CMYK, YCCK and progressive files; grey images become 3 equal
 * channels and alpha is dropped. A file that cannot be decoded, including a truncated one, gives a
 * {@link DatasetException} naming the file and the problem. Thread-safe: every call uses its own reader.
 */
public final class ImageDecoder {

    /** Formats recognised by their leading bytes. */
    public enum Format {
        JPEG("jpeg"),
        PNG("png"),
        GIF("gif"),
        BMP("bmp"),
        TIFF("tiff");

        private final String imageIoName;

        Format(String imageIoName) {
            this.imageIoName = imageIoName;
        }
    }

    /** Chosen reader providers by format, looked up once. */
    private static final Map<Format, ImageReaderSpi> PROVIDERS = new ConcurrentHashMap<>();
    /** Marks a format without a reader on the class path. */
    private static final ImageReaderSpi NO_PROVIDER = new ImageReaderSpi() {
        @Override
        public boolean canDecodeInput(Object source) {
            return false;
        }

        @Override
        public ImageReader createReaderInstance(Object extension) {
            return null;
        }

        @Override
        public String getDescription(Locale locale) {
            return "no reader";
        }
    };

    private ImageDecoder() {}

    /**
     * The format of an image whose file starts with {@code head}, or null when it is none of {@link Format}.
     */
    public static Format formatOf(byte[] head) {
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return Format.JPEG;
        }
        if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Format.PNG;
        }
        if (startsWith(head, 'G', 'I', 'F', '8')) {
            return Format.GIF;
        }
        if (startsWith(head, 'B', 'M')) {
            return Format.BMP;
        }
        if (startsWith(head, 'I', 'I', 42, 0) || startsWith(head, 'M', 'M', 0, 42)) {
            return Format.TIFF;
        }
        return null;
    }

    /** Reads and decodes {@code file}. */
    public static RgbImage decode(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DatasetException.inFile(file, "file not found");
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot read: " + e.getMessage());
        }
        return decode(bytes, file);
    }

    /** Decodes the contents of an image file; {@code file} names it in messages. */
    public static RgbImage decode(byte[] bytes, Object file) {
        if (bytes.length == 0) {
            throw DatasetException.inFile(file, "empty file, not an image");
        }
        Format format = formatOf(bytes);
        if (format == null) {
            throw DatasetException.inFile(
                    file, "not a JPEG, PNG, GIF, BMP or TIFF image (starts with " + hex(bytes, 8) + ")");
        }
        ImageReader reader = reader(format);
        if (reader == null) {
            throw DatasetException.inFile(file, "no ImageIO reader for " + format + " on the class path");
        }
        List<String> warnings = new ArrayList<>();
        BufferedImage image;
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(input, true, true);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            String problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw DatasetException.inFile(
                    file,
                    "cannot decode this " + format + " (" + (looksTruncated(bytes, format) ? "truncated file, " : "")
                            + problem + ")");
        } finally {
            reader.dispose();
        }
        for (String warning : warnings) {
            String lower = warning.toLowerCase(Locale.ROOT);
            if (lower.contains("truncated") || lower.contains("premature end")) {
                throw DatasetException.inFile(file, "truncated " + format + " (" + warning + ")");
            }
        }
        if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
            throw DatasetException.inFile(file, "decodes to no pixels");
        }
        return toRgb(image);
    }

    /** The pixels of any decoded image as 3 byte planes: grey repeated, alpha dropped, other colour spaces → sRGB. */
    public static RgbImage toRgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        byte[] pixels = new byte[3 * plane];
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int[] row = new int[width * bands];
        boolean component = image.getColorModel() instanceof ComponentColorModel;
        int colorSpace = image.getColorModel().getColorSpace().getType();
        int dataType = raster.getDataBuffer().getDataType();
        int shift = dataType == DataBuffer.TYPE_USHORT ? 8 : 0;
        boolean bytesOrShorts = dataType == DataBuffer.TYPE_BYTE || dataType == DataBuffer.TYPE_USHORT;
        if (component && bytesOrShorts && colorSpace == ColorSpace.TYPE_GRAY && bands <= 2) {
            // raw grey levels: drawing into sRGB would apply the linear-grey colour space's gamma change
            for (int y = 0; y < height; y++) {
                raster.getPixels(0, y, width, 1, row);
                for (int x = 0; x < width; x++) {
                    byte v = (byte) (row[x * bands] >> shift);
                    int at = y * width + x;
                    pixels[at] = v;
                    pixels[plane + at] = v;
                    pixels[2 * plane + at] = v;
                }
            }
        } else if (component
                && bytesOrShorts
                && image.getColorModel().getColorSpace().isCS_sRGB()
                && bands >= 3) {
            for (int y = 0; y < height; y++) {
                raster.getPixels(0, y, width, 1, row);
                for (int x = 0; x < width; x++) {
                    int at = y * width + x;
                    pixels[at] = (byte) (row[x * bands] >> shift);
                    pixels[plane + at] = (byte) (row[x * bands + 1] >> shift);
                    pixels[2 * plane + at] = (byte) (row[x * bands + 2] >> shift);
                }
            }
        } else {
            int[] argb = new int[width];
            for (int y = 0; y < height; y++) {
                image.getRGB(0, y, width, 1, argb, 0, width);
                for (int x = 0; x < width; x++) {
                    int at = y * width + x;
                    pixels[at] = (byte) (argb[x] >> 16);
                    pixels[plane + at] = (byte) (argb[x] >> 8);
                    pixels[2 * plane + at] = (byte) argb[x];
                }
            }
        }
        return new RgbImage(width, height, pixels);
    }

    /** A new reader for {@code format}, the TwelveMonkeys one where there is one (it reads CMYK/YCCK JPEGs). */
    private static ImageReader reader(Format format) {
        ImageReaderSpi provider = PROVIDERS.computeIfAbsent(format, ImageDecoder::provider);
        if (provider == NO_PROVIDER) {
            return null;
        }
        try {
            return provider.createReaderInstance();
        } catch (IOException e) {
            return null;
        }
    }

    /** The provider of {@code format}'s readers that {@link #reader} uses, or {@link #NO_PROVIDER}. */
    private static ImageReaderSpi provider(Format format) {
        ImageReaderSpi chosen = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format.imageIoName); it.hasNext(); ) {
            ImageReader candidate = it.next();
            ImageReaderSpi spi = candidate.getOriginatingProvider();
            if (spi != null && (chosen == null || candidate.getClass().getName().startsWith("com.twelvemonkeys."))) {
                chosen = spi;
            }
            candidate.dispose();
        }
        return chosen == null ? NO_PROVIDER : chosen;
    }

    /** Whether a file of {@code format} lacks its end marker. */
    private static boolean looksTruncated(byte[] bytes, Format format) {
        int n = bytes.length;
        return switch (format) {
            case JPEG -> n < 4 || (bytes[n - 2] & 0xFF) != 0xFF || (bytes[n - 1] & 0xFF) != 0xD9;
            case PNG ->
                n < 12 || bytes[n - 8] != 'I' || bytes[n - 7] != 'E' || bytes[n - 6] != 'N' || bytes[n - 5] != 'D';
            default -> false;
        };
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] bytes, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(count, bytes.length); i++) {
            text.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02X", bytes[i] & 0xFF));
        }
        return text.toString();
    }
}
