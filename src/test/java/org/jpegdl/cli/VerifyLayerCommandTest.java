package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.TableInit;
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
    void bundledGoldenFilePasses() {
        CliRun r = run("verify-layer", "src/test/resources/golden/jpeg_layer_golden.json");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("4 passed, 0 failed"), r.out());
    }

    /**
     * A file in the golden format with settings the bundled file lacks (grayscale, 3 candidates, 6 bits, 5 rounds,
     * odd sizes, other normalisation), its expected values computed in float64: the command must read every field
     * and pass it; the same file with one output value moved must fail.
     */
    @Test
    void otherSettingsAreReadAndChecked() throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        cases.add(expectedCase("gray_five_rounds", 1, 2, 13, 9, 5, 0.05, 3, 6, 1));
        cases.add(expectedCase("colour_seven_candidates", 3, 1, 8, 17, 1, 0.7, 7, 10, 2));
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

        Map<String, Object> c = expectedCase("short_input", 3, 1, 8, 8, 1, 5, 5, 8, 3);
        c.put("input", List.of(1.0, 2.0));
        Path shortInput = dir.resolve("short.json");
        new ObjectMapper().writeValue(shortInput.toFile(), Map.of("cases", List.of(c)));
        CliRun wrongLength = run("verify-layer", shortInput.toString());
        assertEquals(Main.EXIT_USAGE, wrongLength.exit());
        assertTrue(wrongLength.err().contains("short_input") && wrongLength.err().contains("\"input\"")
                && wrongLength.err().contains("192"), wrongLength.err());
        assertTrue(!wrongLength.err().contains("\tat "), "no stack trace: " + wrongLength.err());
    }

    /** A golden-format case whose expected values come from the layer run in float64. */
    private static Map<String, Object> expectedCase(String name, int channels, int batch, int h, int w, int rounds,
            double alpha, int candidates, int bits, long seed) {
        Random r = new Random(seed);
        float[][] lum = new float[rounds][64];
        float[][] chrom = new float[rounds][64];
        for (int k = 0; k < rounds; k++) {
            for (int i = 0; i < 64; i++) {
                lum[k][i] = 1 + 20 * r.nextFloat();
                chrom[k][i] = 1 + 30 * r.nextFloat();
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
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("batch", batch);
        c.put("height", h);
        c.put("width", w);
        c.put("rounds", rounds);
        c.put("alpha", alpha);
        c.put("candidates", candidates);
        c.put("bits", bits);
        c.put("mean", toList(mean));
        c.put("std", toList(std));
        c.put("lumTables", toLists(lum));
        c.put("chromTables", toLists(chrom));
        c.put("input", toList(input));
        c.put("outputWeights", toList(weights));
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer = JpegLayer.builder().optChannels(channels).optRounds(rounds).optAlpha(alpha)
                    .optCandidates(candidates).optBits(bits).optNormalization(mean, std)
                    .optTableInit(TableInit.explicit(lum, chrom)).build();
            Shape shape = new Shape(batch, channels, h, w);
            layer.initialize(m, DataType.FLOAT64, shape);
            NDArray x = m.create(input, shape).toType(DataType.FLOAT64, false);
            x.setRequiresGradient(true);
            NDArray out;
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = layer.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                loss = out.mul(m.create(weights, shape).toType(DataType.FLOAT64, false)).sum();
                gc.backward(loss);
            }
            c.put("output", toList(out.toDoubleArray()));
            c.put("loss", loss.getDouble());
            c.put("gradInput", toList(x.getGradient().toDoubleArray()));
            List<List<Double>> gl = new ArrayList<>();
            List<List<Double>> gc = new ArrayList<>();
            for (int k = 0; k < rounds; k++) {
                gl.add(toList(layer.lumaTable(k).getArray().getGradient().toDoubleArray()));
                gc.add(channels == 3 ? toList(layer.chromaTable(k).getArray().getGradient().toDoubleArray())
                        : toList(new double[64]));
            }
            c.put("gradLum", gl);
            c.put("gradChrom", gc);
        }
        return c;
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
