package org.jpegdl.codec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.jpegdl.data.DatasetException;
import org.jpegdl.data.ImageDecoder;
import org.jpegdl.data.RgbImage;
import org.jpegdl.io.AtomicFiles;

/**
 * Every image file under a folder written again as a baseline JPEG file with given tables, into another folder with
 * the same subfolders and names (the extension becomes {@code .jpg}; when two files of one folder would get the same
 * name, the later one in sorted order keeps its whole name and gets {@code .jpg} added). Images are read as the data
 * sets read them ({@link ImageDecoder}: JPEG incl. CMYK and progressive, PNG, GIF, BMP, TIFF); an image whose three
 * channels are equal everywhere is written as a one-component (grayscale) file with the luma table. A file that
 * cannot be read is skipped and listed with its reason; the others are still written.
 */
public final class FolderCompression {

    private FolderCompression() {}

    /** A file left out, with why. */
    public record Skipped(String file, String reason) {}

    /**
     * What was written.
     *
     * @param files files written
     * @param grayFiles of them, one-component files
     * @param bytes their total size
     * @param pixels their total pixel count (height × width)
     * @param inputBytes total size of the images read
     * @param skipped the files left out, in sorted order
     */
    public record Result(int files, int grayFiles, long bytes, long pixels, long inputBytes, List<Skipped> skipped) {

        /** Bits per pixel over every file written (0 without any). */
        public double bitsPerPixel() {
            return pixels == 0 ? 0 : 8.0 * bytes / pixels;
        }
    }

    /**
     * Writes every image under {@code input} into {@code output}.
     *
     * @param input the folder of images (walked recursively, in sorted order)
     * @param output where the files go (created; must not lie inside {@code input})
     * @param tables the tables of every file
     * @param format Huffman tables and chroma sampling
     * @param log one line per skipped file (may be null)
     * @return what was written and what was skipped
     * @throws IllegalArgumentException when {@code input} is not a folder or {@code output} lies inside it
     * @throws IOException when a file cannot be written
     */
    public static Result compress(Path input, Path output, CodecTables tables, FileFormat format, PrintStream log)
            throws IOException {
        if (!Files.isDirectory(input)) {
            throw new IllegalArgumentException(input + ": not a folder of images");
        }
        Path in = input.toAbsolutePath().normalize();
        Path out = output.toAbsolutePath().normalize();
        if (out.startsWith(in)) {
            throw new IllegalArgumentException(
                    output + " lies inside " + input + ": choose an output folder outside " + "the images");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(in)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        int written = 0;
        int gray = 0;
        long bytes = 0;
        long pixels = 0;
        long inputBytes = 0;
        List<Skipped> skipped = new ArrayList<>();
        Set<Path> targets = new HashSet<>();
        for (Path file : files) {
            Path relative = in.relativize(file);
            RgbImage image;
            try {
                image = ImageDecoder.decode(file);
            } catch (DatasetException e) {
                String reason = e.getMessage().startsWith(file.toString())
                        ? e.getMessage().substring(file.toString().length()).replaceFirst("^: ", "")
                        : e.getMessage();
                skipped.add(new Skipped(relative.toString(), reason));
                if (log != null) {
                    log.println("skipped " + relative + ": " + reason);
                }
                continue;
            }
            boolean isGray = isGray(image);
            int channels = isGray ? 1 : 3;
            byte[] planes = isGray ? firstPlane(image) : image.pixels();
            byte[] jpeg = JpegFiles.encode(
                    planes,
                    channels,
                    image.height(),
                    image.width(),
                    isGray ? new CodecTables(tables.luma(), null) : tables,
                    format);
            Path target = target(out, relative, targets);
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, jpeg);
            written++;
            gray += isGray ? 1 : 0;
            bytes += jpeg.length;
            pixels += (long) image.width() * image.height();
            inputBytes += Files.size(file);
        }
        return new Result(written, gray, bytes, pixels, inputBytes, List.copyOf(skipped));
    }

    /** out/relative with a .jpg extension, unique among the targets so far. */
    private static Path target(Path out, Path relative, Set<Path> taken) {
        String name = relative.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path parent = relative.getParent() == null ? out : out.resolve(relative.getParent());
        Path target = parent.resolve(stem + ".jpg");
        if (!taken.add(target)) {
            target = parent.resolve(name + ".jpg");
            taken.add(target);
        }
        return target;
    }

    private static boolean isGray(RgbImage image) {
        byte[] p = image.pixels();
        int plane = image.width() * image.height();
        for (int i = 0; i < plane; i++) {
            if (p[i] != p[plane + i] || p[i] != p[2 * plane + i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] firstPlane(RgbImage image) {
        byte[] out = new byte[image.width() * image.height()];
        System.arraycopy(image.pixels(), 0, out, 0, out.length);
        return out;
    }

    /** One line: files, size, bits per pixel, skipped count. */
    public static String describe(Result r) {
        return String.format(
                Locale.ROOT,
                "%d JPEG files (%d grayscale), %,d bytes: %.3f bits per pixel (the images " + "read: %,d bytes)%s",
                r.files(),
                r.grayFiles(),
                r.bytes(),
                r.bitsPerPixel(),
                r.inputBytes(),
                r.skipped().isEmpty() ? "" : "; " + r.skipped().size() + " unreadable file(s) skipped");
    }
}
