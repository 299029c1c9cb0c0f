package org.jpegdl.jpeg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of a reference-vector file for the JPEG layer: the settings, tables, input, and the reference layer's
 * output and gradients (format of the project's golden README). {@link #readAll} parses a whole file and reports a
 * malformed one with the file, the case and the field at fault.
 */
public record GoldenCase(
        String name,
        int batch,
        int channels,
        int height,
        int width,
        int rounds,
        double alpha,
        int candidates,
        int bits,
        float[] mean,
        float[] std,
        float[][] lumTables,
        float[][] chromTables,
        float[] input,
        float[] output,
        float[] outputWeights,
        double loss,
        float[] gradInput,
        float[][] gradLum,
        float[][] gradChrom) {

    /** Reads every case of a golden file. */
    public static List<GoldenCase> readAll(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new GoldenFormatException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new GoldenFormatException(file + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")");
        }
        JsonNode cases = root == null ? null : root.get("cases");
        if (cases == null || !cases.isArray() || cases.isEmpty()) {
            throw new GoldenFormatException(file + ": expected an object with a non-empty \"cases\" array");
        }
        List<GoldenCase> out = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            out.add(parse(new Reader(file, i, cases.get(i))));
        }
        return out;
    }

    private static GoldenCase parse(Reader r) {
        String name = r.node.hasNonNull("name") ? r.node.get("name").asText() : "case " + r.index;
        r.label = name;
        int batch = r.positiveInt("batch");
        int height = r.positiveInt("height");
        int width = r.positiveInt("width");
        int rounds = r.positiveInt("rounds");
        float[] mean = r.floats("mean", -1);
        int channels = mean.length;
        if (channels != 1 && channels != 3) {
            throw r.error("mean", "must have 1 or 3 values, has " + channels);
        }
        int pixels = batch * channels * height * width;
        float[][] lum = r.tables("lumTables", rounds);
        float[][] chrom = channels == 3 ? r.tables("chromTables", rounds) : lum;
        float[] grad = r.node.hasNonNull("gradInput") ? r.floats("gradInput", pixels) : null;
        return new GoldenCase(name, batch, channels, height, width, rounds, r.positiveDouble("alpha"),
                r.positiveInt("candidates"), r.positiveInt("bits"), mean, r.floats("std", channels), lum, chrom,
                r.floats("input", pixels), r.floats("output", pixels), r.floats("outputWeights", pixels),
                r.node.path("loss").asDouble(Double.NaN), grad, r.tables("gradLum", rounds),
                channels == 3 ? r.tables("gradChrom", rounds) : null);
    }

    /** A golden file that does not have the expected format. */
    public static final class GoldenFormatException extends IllegalArgumentException {
        public GoldenFormatException(String message) {
            super(message);
        }
    }

    private static final class Reader {
        final Path file;
        final int index;
        final JsonNode node;
        String label;

        Reader(Path file, int index, JsonNode node) {
            this.file = file;
            this.index = index;
            this.node = node;
            this.label = "case " + index;
        }

        GoldenFormatException error(String field, String what) {
            return new GoldenFormatException(file + ": " + label + ": field \"" + field + "\" " + what);
        }

        JsonNode field(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                throw error(name, "is missing");
            }
            return v;
        }

        int positiveInt(String name) {
            JsonNode v = field(name);
            if (!v.canConvertToInt() || v.asInt() < 1) {
                throw error(name, "must be a positive integer, got " + v);
            }
            return v.asInt();
        }

        double positiveDouble(String name) {
            JsonNode v = field(name);
            if (!v.isNumber() || !(v.asDouble() > 0)) {
                throw error(name, "must be a positive number, got " + v);
            }
            return v.asDouble();
        }

        float[] floats(String name, int expected) {
            return toFloats(field(name), name, expected);
        }

        float[] toFloats(JsonNode v, String name, int expected) {
            if (!v.isArray()) {
                throw error(name, "must be an array of numbers");
            }
            if (expected >= 0 && v.size() != expected) {
                throw error(name, "must have " + expected + " values, has " + v.size());
            }
            float[] out = new float[v.size()];
            for (int i = 0; i < out.length; i++) {
                if (!v.get(i).isNumber()) {
                    throw error(name, "has a non-number at index " + i + ": " + v.get(i));
                }
                out[i] = (float) v.get(i).asDouble();
            }
            return out;
        }

        float[][] tables(String name, int rounds) {
            JsonNode v = field(name);
            if (!v.isArray() || v.size() != rounds) {
                throw error(name, "must be an array of " + rounds + " tables (one per round)");
            }
            float[][] out = new float[rounds][];
            for (int r = 0; r < rounds; r++) {
                out[r] = toFloats(v.get(r), name + "[" + r + "]", 64);
            }
            return out;
        }
    }
}
