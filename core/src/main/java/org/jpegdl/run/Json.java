package org.jpegdl.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
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

    /** Reads a JSON file into {@code type}; a malformed file gives an error naming it. */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a valid " + type.getSimpleName() + " file (" + e.getOriginalMessage()
                    + ")");
        }
    }
}
