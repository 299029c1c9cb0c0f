package org.jpegdl.jpeg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a reference-vector file of the JPEG layer into {@link GoldenCase}s. Format 2 ({@code "format": 2}) holds a
 * float64 reference with a relative tolerance per gradient ({@code null}: not compared) and exactly one of
 * {@code alpha}, {@code alphaLum}/{@code alphaChrom} and {@code hardness} per case, optionally with
 * {@code trainableAlpha} and the alphas' gradients. Format 1 (no {@code format} field) holds a float32 reference, a
 * scalar {@code alpha} only, and one tolerance, {@link #FORMAT_1_GRADIENT_TOLERANCE}, for every gradient; its input
 * gradient is compared for one round only, as format 1 prescribed. A malformed file is reported in one line naming
 * the file, the case and the field.
 */
public final class GoldenFile {

    /** The relative tolerance of every gradient in a format-1 file. */
    public static final double FORMAT_1_GRADIENT_TOLERANCE = 1e-2;

    private GoldenFile() {}

    /** Reads every case of a golden file (format 1 or 2). */
    public static List<GoldenCase> read(Path file) throws IOException {
        JsonNode root;
        if (Files.isDirectory(file)) {
            throw new GoldenFormatException(file + ": is a directory, not a reference-vector file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            root = new ObjectMapper().readTree(in);
        } catch (NoSuchFileException e) {
            throw new GoldenFormatException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new GoldenFormatException(file + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new GoldenFormatException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new GoldenFormatException(file + ": expected an object with a non-empty \"cases\" array");
        }
        int format = format(file, root.get("format"));
        JsonNode cases = root.get("cases");
        if (cases == null || !cases.isArray() || cases.isEmpty()) {
            throw new GoldenFormatException(file + ": expected an object with a non-empty \"cases\" array");
        }
        List<GoldenCase> out = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            out.add(new CaseReader(file, i, cases.get(i), format).read());
        }
        return out;
    }

    private static int format(Path file, JsonNode format) {
        if (format == null) {
            return 1;
        }
        if (!format.isIntegralNumber() || (format.asInt() != 1 && format.asInt() != 2)) {
            throw new GoldenFormatException(file + ": field \"format\" must be 1 or 2, got " + format);
        }
        return format.asInt();
    }

    /** A golden file that does not have the expected format. */
    public static final class GoldenFormatException extends IllegalArgumentException {
        /** An exception with the one line that says what is wrong. */
        public GoldenFormatException(String message) {
            super(message);
        }
    }

    /** Reads one case, naming the file, the case and the field in every error. */
    private static final class CaseReader {
        private static final String[] ALPHA_KINDS = {"alpha", "alphaLum", "hardness"};

        private final Path file;
        private final JsonNode node;
        private final int format;
        private String label;

        CaseReader(Path file, int index, JsonNode node, int format) {
            this.file = file;
            this.node = node;
            this.format = format;
            this.label = "case " + index;
        }

        GoldenCase read() {
            if (node == null || !node.isObject()) {
                throw new GoldenFormatException(file + ": " + label + " is not an object");
            }
            if (node.hasNonNull("name")) {
                if (!node.get("name").isTextual()) {
                    throw error("name", "must be a string, got " + node.get("name"));
                }
                label = node.get("name").asText();
            }
            int batch = positiveInt("batch");
            int height = positiveInt("height");
            int width = positiveInt("width");
            int rounds = positiveInt("rounds");
            int candidates = positiveInt("candidates");
            int bits = positiveInt("bits");
            float[] mean = floats("mean", -1);
            int channels = mean.length;
            if (channels != 1 && channels != 3) {
                throw error("mean", "must have 1 or 3 values, has " + channels);
            }
            float[] std = floats("std", channels);
            long pixelCount = (long) batch * channels * height * width;
            if (pixelCount > Integer.MAX_VALUE) {
                throw error("batch", "with height and width makes " + pixelCount + " pixels, too many");
            }
            int pixels = (int) pixelCount;
            float[][] lum = floatTables("lumTables", rounds);
            float[][] chrom = channels == 3 ? floatTables("chromTables", rounds) : lum;
            GoldenCase.Alpha alpha = alpha(channels, rounds);
            boolean trainable = trainableAlpha(alpha);
            float[] input = floats("input", pixels);
            float[] weights = floats("outputWeights", pixels);
            GoldenCase.Reference reference = reference(channels, rounds, pixels, trainable);
            return new GoldenCase(
                    label,
                    format,
                    batch,
                    channels,
                    height,
                    width,
                    rounds,
                    candidates,
                    bits,
                    mean,
                    std,
                    lum,
                    chrom,
                    alpha,
                    trainable,
                    input,
                    weights,
                    reference);
        }

        private GoldenCase.Alpha alpha(int channels, int rounds) {
            if (format == 1) {
                for (String field : new String[] {"alphaLum", "alphaChrom", "hardness", "trainableAlpha"}) {
                    if (node.has(field)) {
                        throw error(field, "is not part of format 1 (a scalar \"alpha\" only); add \"format\": 2");
                    }
                }
                return new GoldenCase.Alpha.Fixed(positiveDouble("alpha"));
            }
            List<String> given = new ArrayList<>();
            for (String kind : ALPHA_KINDS) {
                if (node.hasNonNull(kind) || (kind.equals("alphaLum") && node.hasNonNull("alphaChrom"))) {
                    given.add(kind.equals("alphaLum") ? "alphaLum/alphaChrom" : kind);
                }
            }
            if (given.size() != 1) {
                String field = given.isEmpty() ? "alpha" : given.get(1).split("/")[0];
                throw error(
                        field,
                        given.isEmpty()
                                ? "is missing: a case needs one of alpha, alphaLum/alphaChrom, " + "hardness"
                                : "cannot be given with \"" + given.get(0) + "\": a case has exactly one of "
                                        + "alpha, alphaLum/alphaChrom, hardness");
            }
            return switch (given.get(0)) {
                case "alpha" -> new GoldenCase.Alpha.Fixed(positiveDouble("alpha"));
                case "hardness" -> new GoldenCase.Alpha.Matched(positiveDouble("hardness"));
                default -> perFrequencyAlpha(channels, rounds);
            };
        }

        private GoldenCase.Alpha perFrequencyAlpha(int channels, int rounds) {
            float[][] lum = floatTables("alphaLum", rounds);
            float[][] chrom = channels == 3 ? floatTables("alphaChrom", rounds) : lum;
            positive("alphaLum", lum);
            positive("alphaChrom", chrom);
            return new GoldenCase.Alpha.PerFrequency(lum, chrom);
        }

        private boolean trainableAlpha(GoldenCase.Alpha alpha) {
            JsonNode v = node.get("trainableAlpha");
            if (v == null || v.isNull()) {
                return false;
            }
            if (!v.isBoolean()) {
                throw error("trainableAlpha", "must be true or false, got " + v);
            }
            if (v.asBoolean() && alpha instanceof GoldenCase.Alpha.Matched) {
                throw error(
                        "trainableAlpha",
                        "cannot be true with \"hardness\": hardness matching sets alpha from "
                                + "the tables before every pass");
            }
            return v.asBoolean();
        }

        private GoldenCase.Reference reference(int channels, int rounds, int pixels, boolean trainable) {
            double[] output = doubles(field("output"), "output", pixels);
            double loss = format == 1 ? node.path("loss").asDouble(Double.NaN) : number("loss");
            GoldenCase.Gradient input = inputGradient(rounds, pixels);
            GoldenCase.Gradient[] lum = gradients("gradLum", rounds);
            GoldenCase.Gradient[] chrom = channels == 3 ? gradients("gradChrom", rounds) : null;
            GoldenCase.Gradient[] alphaLum = null;
            GoldenCase.Gradient[] alphaChrom = null;
            if (trainable) {
                alphaLum = gradients("gradAlphaLum", rounds);
                alphaChrom = channels == 3 ? gradients("gradAlphaChrom", rounds) : null;
            } else {
                for (String f : new String[] {"gradAlphaLum", "gradAlphaChrom"}) {
                    if (node.hasNonNull(f)) {
                        throw error(f, "is given but \"trainableAlpha\" is not true");
                    }
                }
            }
            double float32Error = node.hasNonNull("outputFloat32Error") ? number("outputFloat32Error") : Double.NaN;
            return new GoldenCase.Reference(output, loss, input, lum, chrom, alphaLum, alphaChrom, float32Error);
        }

        private GoldenCase.Gradient inputGradient(int rounds, int pixels) {
            if (format == 1) {
                if (!node.hasNonNull("gradInput")) {
                    return null;
                }
                double tolerance = rounds == 1 ? FORMAT_1_GRADIENT_TOLERANCE : GoldenCase.NOT_COMPARED;
                return new GoldenCase.Gradient(doubles(node.get("gradInput"), "gradInput", pixels), tolerance);
            }
            double tolerance = tolerance(fieldOrNull("gradInputTolerance"), "gradInputTolerance");
            if (Double.isNaN(tolerance) && !node.hasNonNull("gradInput")) {
                return null;
            }
            return new GoldenCase.Gradient(doubles(field("gradInput"), "gradInput", pixels), tolerance);
        }

        /** Per round: the reference gradient of a table and its tolerance. */
        private GoldenCase.Gradient[] gradients(String name, int rounds) {
            double[][] values = doubleTables(name, rounds);
            double[] tolerances = new double[rounds];
            if (format == 1) {
                Arrays.fill(tolerances, FORMAT_1_GRADIENT_TOLERANCE);
            } else {
                String toleranceName = name + "Tolerance";
                JsonNode v = field(toleranceName);
                if (!v.isArray() || v.size() != rounds) {
                    throw error(
                            toleranceName,
                            "must be an array of " + rounds + " tolerances (one per round, a "
                                    + "positive number or null)");
                }
                for (int r = 0; r < rounds; r++) {
                    tolerances[r] = tolerance(v.get(r), toleranceName + "[" + r + "]");
                }
            }
            GoldenCase.Gradient[] out = new GoldenCase.Gradient[rounds];
            for (int r = 0; r < rounds; r++) {
                out[r] = new GoldenCase.Gradient(values[r], tolerances[r]);
            }
            return out;
        }

        private double tolerance(JsonNode v, String name) {
            if (v == null || v.isNull()) {
                return GoldenCase.NOT_COMPARED;
            }
            if (!v.isNumber() || !(v.asDouble() > 0)) {
                throw error(name, "must be a positive number or null, got " + v);
            }
            return v.asDouble();
        }

        GoldenFormatException error(String field, String what) {
            return new GoldenFormatException(file + ": " + label + ": field \"" + field + "\" " + what);
        }

        private JsonNode field(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                throw error(name, "is missing");
            }
            return v;
        }

        /** A field that must be present but may be null. */
        private JsonNode fieldOrNull(String name) {
            if (!node.has(name)) {
                throw error(name, "is missing (a number, or null: not compared)");
            }
            return node.get(name);
        }

        private int positiveInt(String name) {
            JsonNode v = field(name);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
                throw error(name, "must be a positive integer, got " + v);
            }
            return v.asInt();
        }

        private double positiveDouble(String name) {
            double v = number(name);
            if (!(v > 0)) {
                throw error(name, "must be a positive number, got " + node.get(name));
            }
            return v;
        }

        private double number(String name) {
            JsonNode v = field(name);
            if (!v.isNumber()) {
                throw error(name, "must be a number, got " + v);
            }
            return v.asDouble();
        }

        private float[] floats(String name, int expected) {
            double[] values = doubles(field(name), name, expected);
            float[] out = new float[values.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) values[i];
            }
            return out;
        }

        private double[] doubles(JsonNode v, String name, int expected) {
            if (!v.isArray()) {
                throw error(name, "must be an array of numbers");
            }
            if (expected >= 0 && v.size() != expected) {
                throw error(name, "must have " + expected + " values, has " + v.size());
            }
            double[] out = new double[v.size()];
            for (int i = 0; i < out.length; i++) {
                if (!v.get(i).isNumber()) {
                    throw error(name, "has a non-number at index " + i + ": " + v.get(i));
                }
                out[i] = v.get(i).asDouble();
            }
            return out;
        }

        private double[][] doubleTables(String name, int rounds) {
            JsonNode v = field(name);
            if (!v.isArray() || v.size() != rounds) {
                throw error(name, "must be an array of " + rounds + " tables (one per round)");
            }
            double[][] out = new double[rounds][];
            for (int r = 0; r < rounds; r++) {
                out[r] = doubles(v.get(r), name + "[" + r + "]", 64);
            }
            return out;
        }

        private float[][] floatTables(String name, int rounds) {
            double[][] values = doubleTables(name, rounds);
            float[][] out = new float[rounds][64];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < 64; i++) {
                    out[r][i] = (float) values[r][i];
                }
            }
            return out;
        }

        private void positive(String name, float[][] tables) {
            for (int r = 0; r < tables.length; r++) {
                for (int i = 0; i < 64; i++) {
                    if (!(tables[r][i] > 0) || !Float.isFinite(tables[r][i])) {
                        throw error(
                                name + "[" + r + "]",
                                "entry " + i + " must be a positive finite alpha, got " + tables[r][i]);
                    }
                }
            }
        }
    }
}
