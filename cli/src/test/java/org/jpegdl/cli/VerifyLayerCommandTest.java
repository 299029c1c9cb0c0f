package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.JpegLayerBuilder;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.jpeg.TrainableAlpha;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify-layer} on the bundled file, on files with other settings, and on broken files. */
class VerifyLayerCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void bundledGoldenFilesPass() {
        CliRun r = run("verify-layer", "../core/src/test/resources/golden/jpeg_layer_golden.json");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(
                r.out()
                        .contains("format 2, 7 case(s); output: max |diff|, gradients: ||diff||/||ref||, each "
                                + "against its tolerance"),
                r.out());
        assertTrue(r.out().contains("7 passed, 0 failed"), r.out());
        // per case the output, then per round and table every gradient against its own tolerance
        assertTrue(
                Pattern.compile("\n  output +[0-9.e+-]+ <= 1\\.00e-04  ok\n")
                        .matcher(r.out())
                        .find(),
                r.out());
        assertTrue(
                Pattern.compile("\n  round 0 luma table gradient +[0-9.e+-]+ <= " + "1\\.17e-01  ok\n")
                        .matcher(r.out())
                        .find(),
                r.out());
        assertTrue(
                Pattern.compile("round 0 chroma table gradient +not compared\n")
                        .matcher(r.out())
                        .find(),
                r.out());
        assertTrue(r.out().contains("round 1 chroma alpha gradient"), r.out());
        assertTrue(
                r.out()
                        .contains("hardness_matching_11bit (2x3x32x32, 1 round, 5 candidates, 11 bits, hardness "
                                + "matching H=0.7): PASS"),
                r.out());
        assertTrue(
                r.out()
                        .contains("per_frequency_alpha_trainable (2x3x24x16, 1 round, 5 candidates, 8 bits, alpha "
                                + "per frequency, trainable): PASS"),
                r.out());

        CliRun old = run("verify-layer", "../core/src/test/resources/golden/jpeg_layer_golden_format1.json");
        assertEquals(0, old.exit(), old.out() + old.err());
        assertTrue(old.out().contains("format 1, 4 case(s)") && old.out().contains("4 passed, 0 failed"), old.out());
        assertTrue(
                Pattern.compile("three_rounds_32x32 .*\n(  .*\n)*  input gradient " + "+not compared\n")
                        .matcher(old.out())
                        .find(),
                old.out());
    }

    /**
     * A file in the golden format with settings the bundled file lacks (grayscale, 3 candidates, 6 bits, 5 rounds,
     * odd sizes, other normalisation), its expected values computed in float64: the command must read every field
     * and pass it; the same file with one output value moved must fail.
     */
    @Test
    void otherSettingsAreReadAndChecked() throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        cases.add(expectedCase("gray_five_rounds", 1, 2, 13, 9, 5, 3, 6, 1, 1, Alpha.FIXED, false, 0.05));
        cases.add(expectedCase("colour_seven_candidates", 3, 1, 8, 17, 1, 7, 10, 2, 1, Alpha.FIXED, false, 0.7));
        Path good = dir.resolve("other.json");
        new ObjectMapper().writeValue(good.toFile(), Map.of("about", "test", "cases", cases));
        CliRun ok = run("verify-layer", good.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("2 passed, 0 failed"), ok.out());

        @SuppressWarnings("unchecked")
        List<Double> output = (List<Double>) cases.get(1).get("output");
        output.set(5, output.get(5) + 1e-3);
        Path bad = dir.resolve("bad.json");
        new ObjectMapper().writeValue(bad.toFile(), Map.of("cases", cases));
        CliRun failed = run("verify-layer", bad.toString());
        assertEquals(Main.EXIT_FAILED, failed.exit());
        assertTrue(failed.out().contains("1 passed, 1 failed"), failed.out());
    }

    @Test
    void brokenFilesGetAClearError() throws Exception {
        CliRun missing = run("verify-layer", dir.resolve("nope.json").toString());
        assertEquals(Main.EXIT_USAGE, missing.exit());
        assertTrue(missing.err().contains("nope.json"), missing.err());
        assertTrue(missing.err().startsWith("error:"), missing.err());

        Path notJson = dir.resolve("notjson.json");
        Files.writeString(notJson, "{ cases: [");
        CliRun garbled = run("verify-layer", notJson.toString());
        assertEquals(Main.EXIT_USAGE, garbled.exit());
        assertTrue(garbled.err().contains("not valid JSON"), garbled.err());

        CliRun folder = run("verify-layer", dir.toString());
        assertEquals(Main.EXIT_USAGE, folder.exit());
        assertTrue(folder.err().contains(dir + ": is a directory"), folder.err());

        Map<String, Object> c = expectedCase("short_input", 3, 1, 8, 8, 1, 5, 8, 3, 1, Alpha.FIXED, false);
        c.put("input", List.of(1.0, 2.0));
        Path shortInput = dir.resolve("short.json");
        new ObjectMapper().writeValue(shortInput.toFile(), Map.of("cases", List.of(c)));
        CliRun wrongLength = run("verify-layer", shortInput.toString());
        assertEquals(Main.EXIT_USAGE, wrongLength.exit());
        assertTrue(
                wrongLength.err().contains("short_input")
                        && wrongLength.err().contains("\"input\"")
                        && wrongLength.err().contains("192"),
                wrongLength.err());
        assertTrue(!wrongLength.err().contains("\tat "), "no stack trace: " + wrongLength.err());
    }

    /**
     * Format 2 with what the bundled file lacks: a grayscale case with hardness matching, a colour case with trainable
     * per-frequency alpha whose tolerances include nulls; expected values from the layer in float64. The file passes;
     * with one alpha gradient moved only that line fails; a value moved where the tolerance is null changes nothing.
     */
    @Test
    void format2SettingsAreReadAndChecked() throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        cases.add(expectedCase("gray_hardness", 1, 2, 13, 9, 2, 3, 6, 4, 2, Alpha.MATCHED, false));
        cases.add(expectedCase("colour_alpha_tables", 3, 1, 8, 17, 2, 7, 10, 5, 2, Alpha.PER_FREQUENCY, true));
        Map<String, Object> colour = cases.get(1);
        colour.put("gradChromTolerance", Arrays.asList(null, 0.02));
        colour.put("gradInputTolerance", null);
        Path good = dir.resolve("format2.json");
        write(good, cases);
        CliRun ok = run("verify-layer", good.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("format 2, 2 case(s)") && ok.out().contains("2 passed, 0 failed"), ok.out());
        assertTrue(
                Pattern.compile("round 0 chroma table gradient +not compared\n")
                        .matcher(ok.out())
                        .find(),
                ok.out());
        assertTrue(
                Pattern.compile("round 1 chroma table gradient +[0-9.e+-]+ <= " + "2\\.00e-02  ok")
                        .matcher(ok.out())
                        .find(),
                ok.out());
        assertTrue(
                ok.out()
                        .contains("gray_hardness (2x1x13x9, 2 rounds, 3 candidates, 6 bits, hardness matching "
                                + "H=0.5): PASS"),
                ok.out());

        scale(colour, "gradChrom", 0, 3.0); // not compared: still passes
        write(good, cases);
        CliRun stillOk = run("verify-layer", good.toString());
        assertEquals(0, stillOk.exit(), stillOk.out());

        scale(colour, "gradAlphaLum", 1, 1.05);
        Path bad = dir.resolve("bad2.json");
        write(bad, cases);
        CliRun failed = run("verify-layer", bad.toString());
        assertEquals(Main.EXIT_FAILED, failed.exit(), failed.out());
        assertTrue(failed.out().contains("1 passed, 1 failed"), failed.out());
        assertTrue(
                Pattern.compile("round 1 luma alpha gradient +[0-9.e+-]+ <= " + "1\\.00e-02  FAIL\n")
                        .matcher(failed.out())
                        .find(),
                failed.out());
        assertEquals(
                1, Pattern.compile("  FAIL\n").matcher(failed.out()).results().count(), failed.out());
    }

    /** Each malformed format-2 case is one line naming the file, the case and the field, exit 2. */
    @Test
    void malformedFormat2FilesNameTheFileTheCaseAndTheField() throws Exception {
        assertMalformed("two_kinds", c -> c.put("alpha", 5.0), "\"alpha\"", "exactly one of");
        assertMalformed("two_kinds", c -> c.put("hardness", 0.5), "\"hardness\"", "exactly one of");
        assertMalformed(
                "no_alpha",
                c -> {
                    c.remove("alphaLum");
                    c.remove("alphaChrom");
                },
                "\"alpha\"",
                "is missing");
        assertMalformed(
                "short_alpha",
                c -> c.put("alphaChrom", List.of(List.of(1.0, 2.0), List.of(1.0))),
                "\"alphaChrom[0]\"",
                "64 values");
        assertMalformed("no_tolerance", c -> c.remove("gradLumTolerance"), "\"gradLumTolerance\"", "is missing");
        assertMalformed(
                "short_tolerance",
                c -> c.put("gradAlphaLumTolerance", List.of(0.01)),
                "\"gradAlphaLumTolerance\"",
                "2 tolerances");
        assertMalformed(
                "text_tolerance",
                c -> c.put("gradChromTolerance", List.of("tight", 0.01)),
                "\"gradChromTolerance[0]\"",
                "positive number or null");
        assertMalformed(
                "no_input_tolerance", c -> c.remove("gradInputTolerance"), "\"gradInputTolerance\"", "is missing");
        assertMalformed("trainable_text", c -> c.put("trainableAlpha", "yes"), "\"trainableAlpha\"", "true or false");
        assertMalformed("no_alpha_gradient", c -> c.remove("gradAlphaChrom"), "\"gradAlphaChrom\"", "is missing");
        assertMalformed(
                "hardness_trainable",
                c -> {
                    c.remove("alphaLum");
                    c.remove("alphaChrom");
                    c.put("hardness", 0.7);
                },
                "\"trainableAlpha\"",
                "hardness");
        assertMalformed(
                "negative_alpha",
                c -> {
                    @SuppressWarnings("unchecked")
                    List<List<Double>> lum = (List<List<Double>>) c.get("alphaLum");
                    lum.get(1).set(3, -1.0);
                },
                "\"alphaLum[1]\"",
                "entry 3");

        Map<String, Object> old = expectedCase("format1_hardness", 3, 1, 8, 8, 1, 5, 8, 9, 1, Alpha.FIXED, false);
        old.put("hardness", 0.7);
        Path file = dir.resolve("old.json");
        new ObjectMapper().writeValue(file.toFile(), Map.of("cases", List.of(old)));
        CliRun r = run("verify-layer", file.toString());
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(
                r.err().contains("old.json")
                        && r.err().contains("format1_hardness")
                        && r.err().contains("\"hardness\"")
                        && r.err().contains("format 1"),
                r.err());

        new ObjectMapper().writeValue(file.toFile(), Map.of("format", 3, "cases", List.of(old)));
        CliRun unknown = run("verify-layer", file.toString());
        assertEquals(Main.EXIT_USAGE, unknown.exit());
        assertTrue(unknown.err().contains("\"format\" must be 1 or 2, got 3"), unknown.err());
    }

    private void assertMalformed(String name, Consumer<Map<String, Object>> change, String field, String what)
            throws Exception {
        Map<String, Object> c = expectedCase(name, 3, 1, 8, 8, 2, 5, 8, 6, 2, Alpha.PER_FREQUENCY, true);
        change.accept(c);
        Path file = dir.resolve(name + ".json");
        write(file, List.of(c));
        CliRun r = run("verify-layer", file.toString());
        assertEquals(Main.EXIT_USAGE, r.exit(), name + ": " + r.out() + r.err());
        String line = r.err().strip();
        assertTrue(
                line.startsWith("error: ")
                        && line.contains(file.toString())
                        && line.contains(": " + name + ": ")
                        && line.contains(field)
                        && line.contains(what),
                name + ": " + line);
        assertEquals(1, line.lines().count(), "one line: " + line);
    }

    private static void write(Path file, List<Map<String, Object>> cases) throws Exception {
        new ObjectMapper().writeValue(file.toFile(), Map.of("format", 2, "cases", cases));
    }

    @SuppressWarnings("unchecked")
    private static void scale(Map<String, Object> c, String field, int round, double factor) {
        List<Double> values = ((List<List<Double>>) c.get(field)).get(round);
        values.replaceAll(v -> v * factor);
    }

    /** How an expected case sets alpha. */
    private enum Alpha {
        FIXED,
        PER_FREQUENCY,
        MATCHED
    }

    private static Map<String, Object> expectedCase(
            String name,
            int channels,
            int batch,
            int h,
            int w,
            int rounds,
            int candidates,
            int bits,
            long seed,
            int format,
            Alpha kind,
            boolean trainable) {
        return expectedCase(name, channels, batch, h, w, rounds, candidates, bits, seed, format, kind, trainable, 5);
    }

    /**
     * A golden-format case whose expected values come from the layer run in float64: format 1 (scalar alpha, gradients
     * of both tables even for grayscale) or format 2 (alpha fixed, per frequency at about 0.05–1 / q², or matched
     * with hardness 0.5; trainable alpha with its gradients; every tolerance 1e-2).
     */
    private static Map<String, Object> expectedCase(
            String name,
            int channels,
            int batch,
            int h,
            int w,
            int rounds,
            int candidates,
            int bits,
            long seed,
            int format,
            Alpha kind,
            boolean trainable,
            double alpha) {
        Random r = new Random(seed);
        float[][] lum = new float[rounds][64];
        float[][] chrom = new float[rounds][64];
        float[][] alphaLum = new float[rounds][64];
        float[][] alphaChrom = new float[rounds][64];
        for (int k = 0; k < rounds; k++) {
            for (int i = 0; i < 64; i++) {
                lum[k][i] = 1 + 20 * r.nextFloat();
                chrom[k][i] = 1 + 30 * r.nextFloat();
                alphaLum[k][i] = (0.05f + r.nextFloat()) / (lum[k][i] * lum[k][i]);
                alphaChrom[k][i] = (0.05f + r.nextFloat()) / (chrom[k][i] * chrom[k][i]);
            }
        }
        float[] mean = channels == 3 ? new float[] {0.4f, 0.45f, 0.5f} : new float[] {0.3f};
        float[] std = channels == 3 ? new float[] {0.2f, 0.25f, 0.3f} : new float[] {0.35f};
        int n = batch * channels * h * w;
        float[] input = new float[n];
        float[] weights = new float[n];
        for (int i = 0; i < n; i++) {
            input[i] = 255 * r.nextFloat();
            weights[i] = (float) r.nextGaussian();
        }
        boolean colour = channels == 3;
        double hardness = 0.5;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("batch", batch);
        c.put("height", h);
        c.put("width", w);
        c.put("rounds", rounds);
        c.put("candidates", candidates);
        c.put("bits", bits);
        c.put("mean", toList(mean));
        c.put("std", toList(std));
        c.put("lumTables", toLists(lum));
        if (colour || format == 1) {
            c.put("chromTables", toLists(chrom));
        }
        JpegLayerBuilder builder = JpegLayer.builder()
                .optChannels(channels)
                .optRounds(rounds)
                .optCandidates(candidates)
                .optBits(bits)
                .optNormalization(mean, std)
                .optTableInit(TableInit.explicit(lum, chrom))
                .optTrainableAlpha(trainable);
        switch (kind) {
            case FIXED -> {
                c.put("alpha", alpha);
                builder.optAlpha(alpha);
            }
            case PER_FREQUENCY -> {
                c.put("alphaLum", toLists(alphaLum));
                if (colour) {
                    c.put("alphaChrom", toLists(alphaChrom));
                }
                builder.optAlphaTables(alphaLum, colour ? alphaChrom : alphaLum);
            }
            case MATCHED -> {
                c.put("hardness", hardness);
                builder.optHardness(hardness);
            }
        }
        if (trainable) {
            c.put("trainableAlpha", true);
        }
        c.put("input", toList(input));
        c.put("outputWeights", toList(weights));
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer = builder.build();
            Shape shape = new Shape(batch, channels, h, w);
            layer.initialize(m, DataType.FLOAT64, shape);
            NDArray x = m.create(input, shape).toType(DataType.FLOAT64, false);
            x.setRequiresGradient(true);
            NDArray out;
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = layer.forward(new ParameterStore(m, false), new NDList(x), true)
                        .singletonOrThrow();
                loss = out.mul(m.create(weights, shape).toType(DataType.FLOAT64, false))
                        .sum();
                gc.backward(loss);
            }
            c.put("output", toList(out.toDoubleArray()));
            c.put("loss", loss.getDouble());
            c.put("gradInput", toList(x.getGradient().toDoubleArray()));
            c.put("gradLum", gradients(rounds, layer::lumaTable));
            if (colour) {
                c.put("gradChrom", gradients(rounds, layer::chromaTable));
            } else if (format == 1) {
                c.put("gradChrom", gradients(rounds, k -> null));
            }
            if (trainable) {
                TrainableAlpha alphas = (TrainableAlpha) layer.alphaPolicy();
                c.put("gradAlphaLum", gradients(rounds, alphas::luma));
                if (colour) {
                    c.put("gradAlphaChrom", gradients(rounds, alphas::chroma));
                }
            }
        }
        if (format == 2) {
            List<Double> tolerances = new ArrayList<>(Collections.nCopies(rounds, 0.01));
            c.put("gradInputTolerance", 0.01);
            for (String field : List.of("gradLum", "gradChrom", "gradAlphaLum", "gradAlphaChrom")) {
                if (c.containsKey(field)) {
                    c.put(field + "Tolerance", new ArrayList<>(tolerances));
                }
            }
        }
        return c;
    }

    /** Each round's gradient of a parameter (zeros where there is none). */
    private static List<List<Double>> gradients(int rounds, IntFunction<Parameter> parameter) {
        List<List<Double>> out = new ArrayList<>();
        for (int k = 0; k < rounds; k++) {
            Parameter p = parameter.apply(k);
            out.add(toList(
                    p == null ? new double[64] : p.getArray().getGradient().toDoubleArray()));
        }
        return out;
    }

    private static List<Double> toList(float[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (float f : v) {
            out.add((double) f);
        }
        return out;
    }

    private static List<Double> toList(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(d);
        }
        return out;
    }

    private static List<List<Double>> toLists(float[][] v) {
        List<List<Double>> out = new ArrayList<>();
        for (float[] t : v) {
            out.add(toList(t));
        }
        return out;
    }
}
