package org.jpegdl.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** File helpers of the photo-folder readers: text split files, folders of images, errors naming the file. */
final class DatasetFiles {

    /** Extensions of image files (case-insensitive), as torchvision's ImageFolder accepts the ones ImageIO reads. */
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff");

    private DatasetFiles() {}

    /** A line of a text file with its 1-based number. */
    record Line(Path file, int number, String text) {
        /** "file line N", for messages. */
        String where() {
            return file + " line " + number;
        }

        /** The whitespace-separated fields; at least {@code count}, else an error naming the line. */
        String[] fields(int count, String expected) {
            String[] fields = text.trim().split("\\s+");
            if (fields.length < count) {
                throw new DatasetException(where() + ": expected " + expected + ", got '" + text + "'");
            }
            return fields;
        }

        /** Field {@code value} as an integer, else an error naming the line. */
        int integer(String value, String what) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new DatasetException(where() + ": " + what + " '" + value + "' is not a whole number");
            }
        }
    }

    /** The non-blank lines of {@code file} that do not start with '#'. */
    static List<Line> lines(Path file, String whatItHolds) {
        if (!Files.isRegularFile(file)) {
            throw DatasetException.missing(file, whatItHolds);
        }
        List<String> all;
        try {
            all = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot read: " + e.getMessage());
        }
        List<Line> lines = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            String text = all.get(i).strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                lines.add(new Line(file, i + 1, text));
            }
        }
        return lines;
    }

    /** {@code directory} itself, or an error saying what it should hold. */
    static Path directory(Path directory, String whatItHolds) {
        if (!Files.isDirectory(directory)) {
            throw new DatasetException(directory + ": directory not found (expected " + whatItHolds + ")");
        }
        return directory;
    }

    /** The sub-folders of {@code directory}, sorted by name, hidden ones left out. */
    static List<Path> subdirectories(Path directory) {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw DatasetException.inFile(directory, "cannot list: " + e.getMessage());
        }
    }

    /** Whether {@code file}'s name has one of the {@link #IMAGE_EXTENSIONS} and is not hidden. */
    static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".")
                && dot > 0
                && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The image files anywhere under {@code directory} (links followed), sorted by path. */
    static List<Path> imagesUnder(Path directory) {
        try (Stream<Path> files = Files.walk(directory, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(Files::isRegularFile)
                    .filter(DatasetFiles::isImageName)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw DatasetException.inFile(directory, "cannot list: " + e.getMessage());
        }
    }

    /** Whether {@code value} is a whole number in [low, high]. */
    static boolean wholeIn(double value, int low, int high) {
        return value == Math.rint(value) && value >= low && value <= high;
    }

    /** A number as the user wrote it: "3" for 3.0. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
