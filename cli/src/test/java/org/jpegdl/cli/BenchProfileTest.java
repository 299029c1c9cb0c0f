package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jpegdl.jpeg.BatchSlices;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --profile} on tiny inputs: every figure it promises is printed and agrees with the others (medians
 * inside their quartiles, differences and sums equal to what they are made of); no timing is held to a threshold.
 */
class BenchProfileTest {

    private static final String SPREAD = "([0-9.]+) \\(([0-9.]+)–([0-9.]+)\\)";

    @Test
    void layerProfileTimesEveryModeAndWhatQuantisingAdds() {
        CliRun r = CliRun.of(
                "bench", "--profile", "layer", "--batch", "2", "--size", "16", "--rounds", "2", "--steps", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                Pattern.compile("JPEG layer profile: 2 random 3x16x16 images, [1-9][0-9]* engine threads, 2 rounds "
                                + "x 2 passes per mode")
                        .matcher(r.out())
                        .find(),
                r.out());
        Map<String, double[]> wholes = new HashMap<>();
        for (String mode : List.of("SOFT", "HARD", "OFF")) {
            Matcher m = Pattern.compile("\\n  " + mode + " +" + SPREAD + " +(?:" + SPREAD + "|none \\(no table "
                            + "gradient\\)) +" + SPREAD + "\\n")
                    .matcher(r.out());
            assertTrue(m.find(), mode + ":\n" + r.out());
            double[] forward = spread(m, 1);
            double[] whole = spread(m, 7);
            if (mode.equals("OFF")) {
                assertEquals(null, m.group(4), "OFF has no backward: " + r.out());
                assertEquals(forward[0], whole[0], 0, "OFF forward+backward is its forward: " + r.out());
            } else {
                spread(m, 4);
            }
            wholes.put(mode, whole);
        }
        for (String mode : List.of("SOFT", "HARD")) {
            Matcher m = Pattern.compile(mode + " − OFF, forward\\+backward medians\\): (-?[0-9.]+) ms, (-?[0-9.]+)% "
                            + "of the " + mode + " layer")
                    .matcher(r.out());
            assertTrue(m.find(), r.out());
            double added = wholes.get(mode)[0] - wholes.get("OFF")[0]; // medians printed to 0.01 ms
            assertEquals(added, Double.parseDouble(m.group(1)), 0.0101, r.out());
            // the share is printed from unrounded medians: the printed difference is off by up to 0.01 ms and the
            // printed whole by 0.005 ms, so the share recomputed from them is off by up to the bound below
            double printedAdded = Double.parseDouble(m.group(1));
            double whole = wholes.get(mode)[0];
            double share = 100 * printedAdded / whole;
            double slack =
                    100 * (0.0101 / whole + Math.abs(printedAdded) * 0.0051 / (whole * (whole - 0.0051))) + 0.051;
            assertEquals(share, Double.parseDouble(m.group(2)), slack, r.out());
        }
    }

    @Test
    void layerProfileTimesEveryAlphaVariantAgainstScalarAlpha() {
        CliRun r = CliRun.of(
                "bench",
                "--profile",
                "layer",
                "--batch",
                "2",
                "--size",
                "16",
                "--rounds",
                "2",
                "--steps",
                "2",
                "--alpha-variants");
        assertEquals(0, r.exit(), r.err());
        Matcher soft = Pattern.compile("\\n  SOFT +" + SPREAD + " +" + SPREAD + " +" + SPREAD + "\\n")
                .matcher(r.out());
        assertTrue(soft.find(), r.out());
        double softMedian = spread(soft, 7)[0];
        assertTrue(
                r.out()
                        .contains("\n  SOFT layer by alpha, forward+backward, median (quartiles), ratio of medians to "
                                + "scalar alpha:\n"),
                r.out());
        double scalar = Double.NaN;
        for (String variant :
                List.of("scalar alpha", "alpha per frequency", "trainable alpha per frequency", "hardness matching")) {
            Matcher m = Pattern.compile("\\n    " + variant + " +" + SPREAD + " +([0-9.]+)\\n")
                    .matcher(r.out());
            assertTrue(m.find(), variant + ":\n" + r.out());
            double median = spread(m, 1)[0];
            if (variant.equals("scalar alpha")) {
                scalar = median;
                assertEquals(softMedian, median, 0, "scalar alpha is the SOFT mode's layer: " + r.out());
                assertEquals("1.000", m.group(4), r.out());
            } else {
                // medians printed to 0.01 ms, the ratio (of the unrounded medians) to 0.001
                double ratio = median / scalar;
                double slack = ratio * (0.0051 / median + 0.0051 / scalar) + 0.0005;
                assertEquals(ratio, Double.parseDouble(m.group(4)), slack, variant + ": " + r.out());
            }
        }

        CliRun alone = CliRun.of("bench", "--alpha-variants", "--rounds", "1", "--steps", "1");
        assertEquals(Main.EXIT_USAGE, alone.exit(), alone.out());
        assertTrue(alone.err().contains("--alpha-variants goes with --profile layer only"), alone.err());
    }

    @Test
    void quantiserProfileTimesTheLayersOwnQuantiserOnOneSlice() {
        // 20 colour 32×32 images: the layer quantises them in a slice of 16 and one of 4; the profile takes the first
        long slice = BatchSlices.sliceImages(3 * 16 * 64);
        assertTrue(slice < 20, "the batch must span more than one slice");
        CliRun r = CliRun.of(
                "bench", "--profile", "quantiser", "--batch", "20", "--size", "32", "--rounds", "2", "--steps", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                Pattern.compile("one slice of " + slice + " of 20 random 3x32x32 images \\(coefficients \\(" + slice
                                + ", 3, 16, 64\\)\\), [1-9][0-9]* engine threads, 2 rounds x 2 passes")
                        .matcher(r.out())
                        .find(),
                r.out());
        Map<String, Double> medians = new HashMap<>();
        for (String whole : List.of("forward", "backward", "forward\\+backward")) {
            Matcher m = Pattern.compile("\\n  " + whole + " +" + SPREAD + "\\n").matcher(r.out());
            assertTrue(m.find(), whole + ":\n" + r.out());
            medians.put(whole, spread(m, 1)[0]);
        }
        List<String> forward = operators(r.out(), "forward", medians.get("forward"));
        List<String> backward = operators(r.out(), "backward (from the sum of the output)", medians.get("backward"));
        // the quantiser's own operators, as SoftQuantizer.soft calls them, and their backward nodes
        assertTrue(
                forward.indexOf("aten::div") < forward.indexOf("aten::round")
                        && forward.indexOf("aten::round") < forward.indexOf("aten::softmax")
                        && forward.indexOf("aten::div") >= 0,
                r.out());
        assertTrue(backward.contains("SoftmaxBackward0") && backward.contains("MulBackward0"), r.out());
    }

    @Test
    void anUnknownProfileIsAUsageError() {
        CliRun r = CliRun.of("bench", "--profile", "quantizer");
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("--profile must be layer, quantiser or frozen, got 'quantizer'"), r.err());
    }

    /** Checks lower quartile ≤ median ≤ upper quartile from groups start..start+2; returns the three. */
    private static double[] spread(Matcher m, int start) {
        double[] s = {
            Double.parseDouble(m.group(start)),
            Double.parseDouble(m.group(start + 1)),
            Double.parseDouble(m.group(start + 2))
        };
        assertTrue(s[1] <= s[0] && s[0] <= s[2] && s[1] >= 0, m.group());
        return s;
    }

    /**
     * The operator names listed under a pass, after checking that their times add up to the printed sum and that the
     * time outside them is the pass's median less that sum.
     */
    private static List<String> operators(String out, String pass, double medianMs) {
        int at = out.indexOf("\n  " + pass + ":\n");
        assertTrue(at >= 0, pass + ":\n" + out);
        Matcher line = Pattern.compile("\\G    +(-?[0-9.]+)  (.+)\\n").matcher(out);
        line.region(out.indexOf('\n', at + 1) + 1, out.length());
        List<String> names = new ArrayList<>();
        double sum = 0;
        while (line.find()) {
            if (line.group(2).startsWith("in all")) {
                assertEquals("in all (" + names.size() + " operators)", line.group(2), out);
                double total = Double.parseDouble(line.group(1));
                assertEquals(sum, total, 0.0005 * (names.size() + 1), out);
                assertTrue(line.find() && line.group(2).startsWith("outside the operators"), out);
                assertEquals(medianMs - total, Double.parseDouble(line.group(1)), 0.0011, out);
                return names;
            }
            names.add(line.group(2));
            sum += Double.parseDouble(line.group(1));
        }
        throw new AssertionError("no sum under " + pass + ":\n" + out);
    }
}
