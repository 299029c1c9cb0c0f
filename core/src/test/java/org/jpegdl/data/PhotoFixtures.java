package org.jpegdl.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/** Writes miniature photo data sets for the reader tests: tiny JPEGs with ImageIO, .mat files with MFL. */
final class PhotoFixtures {

    private PhotoFixtures() {}

    /** A solid {@code rgb} image of {@code width}×{@code height}. */
    static BufferedImage image(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /** Writes a solid-colour JPEG (parent folders created). */
    static Path jpeg(Path file, int width, int height, int rgb) {
        return write(file, image(width, height, rgb), "jpeg");
    }

    /** Writes {@code image} as {@code format} ("jpeg", "png") to {@code file}, whatever its name says. */
    static Path write(Path file, BufferedImage image, String format) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            Files.write(file, bytes.toByteArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes text lines to {@code file} (parent folders created). */
    static Path lines(Path file, String... lines) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Arrays.asList(lines), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An n×1 cell array of char rows, as Stanford Dogs stores file_list. */
    static Cell strings(List<String> values) {
        Cell cell = Mat5.newCell(values.size(), 1);
        for (int i = 0; i < values.size(); i++) {
            cell.set(i, Mat5.newString(values.get(i)));
        }
        return cell;
    }

    /** A double array of {@code rows}×{@code columns} holding {@code values} in column-major order. */
    static Matrix numbers(int rows, int columns, double... values) {
        Matrix matrix = Mat5.newMatrix(rows, columns);
        for (int i = 0; i < values.length; i++) {
            matrix.setDouble(i, values[i]);
        }
        return matrix;
    }

    /** A MATLAB v5 file with the given variables: name, array, name, array, ... */
    static Path mat(Path file, Object... namesAndArrays) {
        MatFile mat = Mat5.newMatFile();
        for (int i = 0; i < namesAndArrays.length; i += 2) {
            mat.addArray((String) namesAndArrays[i], (us.hebi.matlab.mat.types.Array) namesAndArrays[i + 1]);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Mat5.writeToFile(mat, file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the file at {@code file} shorter: the first {@code fraction} of its bytes. */
    static void truncate(Path file, double fraction) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code e}'s message contains every part. */
    static void assertMessage(Throwable e, String... parts) {
        for (String part : parts) {
            if (!e.getMessage().contains(part)) {
                throw new AssertionError("message lacks '" + part + "': " + e.getMessage());
            }
        }
    }

    /** Labels of a source, index = image. */
    static int[] labels(LabelledImages images) {
        int[] labels = new int[images.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = images.label(i);
        }
        return labels;
    }

    /** File names of a list, index = image. */
    static List<String> names(ImageList list) {
        return list.paths().stream().map(p -> p.getFileName().toString()).toList();
    }
}
