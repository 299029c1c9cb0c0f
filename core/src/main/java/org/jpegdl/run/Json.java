package org.jpegdl.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jpegdl.io.AtomicFiles;

/** The project's JSON conventions (Jackson, indented, records as objects), written through {@link AtomicFiles}. */
public final class Json {

    /** A mapper for jpegdl's files. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    /** Writes {@code value} as JSON to {@code file} atomically (temporary file, then rename). */
    public static void write(Path file, Object value) throws IOException {
        writeString(file, MAPPER.writeValueAsString(value) + "\n");
    }

    /** Writes text to {@code file} atomically: readers see the old or the new content, never a part. */
    public static void writeString(Path file, String text) throws IOException {
        AtomicFiles.writeString(file, text);
    }

    /**
     * The one way jpegdl reads a JSON file: {@code file} must be a regular file (not a symbolic link) holding one JSON object that makes a
     * valid {@code type} (its constructor's checks included). Anything else (a folder, no file, no permission, empty,
     * {@code null}, an array or a number where an object belongs, a truncated document, a field of the wrong type, a
     * required field missing) is an IOException of one line that names the file.
     *
     * @param file the file
     * @param type what it holds
     * @return the value read, never null
     * @throws IOException one line naming the file and what is wrong with it
     */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not a " + type.getSimpleName() + " file");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isSymbolicLink(file)) {
            // what a link reaches is not the run's: its values would end up in reports and messages
            throw new IOException(file + " is a symbolic link; jpegdl reads only regular files as its JSON files");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8), type, file.toString());
    }

    /**
     * Reads one JSON object of {@code text} (a file, or one line of a JSON-lines file) as {@code type}, by the rule
     * of {@link #read}.
     *
     * @param text the JSON text
     * @param type what it holds
     * @param where the file (and line) named in the message
     * @return the value read, never null
     * @throws IOException one line naming {@code where} and what is wrong
     */
    public static <T> T parse(String text, Class<T> type, String where) throws IOException {
        String what = "a " + type.getSimpleName() + " (a JSON object)";
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IOException(
                    where + ": not valid JSON, expected " + what + " (" + oneLine(e.getOriginalMessage()) + ")");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new IOException(where + ": empty, expected " + what);
        }
        if (!tree.isObject()) {
            throw new IOException(where + ": holds "
                    + (tree.isNull()
                            ? "null"
                            : tree.isArray()
                                    ? "an array"
                                    : "a " + tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT))
                    + ", expected " + what);
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
            String why = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new IOException(where + ": not a valid " + type.getSimpleName() + " file (" + oneLine(why) + ")");
        } catch (RuntimeException e) {
            throw new IOException(where + ": not a valid " + type.getSimpleName() + " file ("
                    + oneLine(
                            e.getMessage() != null
                                    ? e.getMessage()
                                    : e.getClass().getSimpleName()) + ")");
        }
    }

    /**
     * Checks a field a file must hold: what {@link #read} reports when a record's constructor finds it missing.
     *
     * @param value the field's value
     * @param field its name in the file
     * @return the value
     * @throws IllegalArgumentException when it is null
     */
    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("no '" + field + "'");
        }
        return value;
    }

    private static String oneLine(String text) {
        return text == null ? "unreadable" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
