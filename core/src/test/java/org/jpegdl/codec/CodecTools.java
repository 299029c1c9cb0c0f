package org.jpegdl.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * libjpeg-turbo's command-line tools ({@code cjpeg}, {@code djpeg}) as an independent codec, PPM/PGM files, and small
 * test images. A missing tool fails the test: CI installs Debian's {@code libjpeg-turbo-progs} (see {@code .ci/run}).
 */
final class CodecTools {

    private CodecTools() {}

    /** The path of a libjpeg tool, failing the test when it is not installed. */
    static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        Path usr = Path.of("/usr/bin", name);
        if (Files.isExecutable(usr)) {
            return usr.toString();
        }
        return fail(name + " is not installed: install Debian's libjpeg-turbo-progs "
                + "(apt-get install -y libjpeg-turbo-progs), as .ci/run does");
    }

    /** Runs a tool, failing the test on a non-zero exit; returns its stderr. */
    static String run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, tool(command[0]));
        Process process = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", cmd) + " failed: " + err);
        return err;
    }

    /** Writes C×H×W planes as a binary PPM (C = 3) or PGM (C = 1). */
    static void writePnm(Path file, byte[] planes, int channels, int height, int width) throws IOException {
        int plane = height * width;
        byte[] header = ((channels == 3 ? "P6" : "P5") + "\n" + width + " " + height + "\n255\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[channels * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < channels; c++) {
                body[i * channels + c] = planes[c * plane + i];
            }
        }
        byte[] all = new byte[header.length + body.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        Files.write(file, all);
    }

    /** Reads a binary PPM or PGM (maxval 255) into C×H×W planes. */
    static JpegFiles.Decoded readPnm(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int[] pos = {0};
        String magic = token(b, pos);
        int channels = switch (magic) {
            case "P6" -> 3;
            case "P5" -> 1;
            default -> fail("not a binary PPM/PGM: " + magic);
        };
        int width = Integer.parseInt(token(b, pos));
        int height = Integer.parseInt(token(b, pos));
        assertEquals("255", token(b, pos), "maxval");
        int start = pos[0] + 1; // one whitespace byte after maxval
        int plane = height * width;
        assertEquals(start + channels * plane, b.length, "PNM size");
        byte[] planes = new byte[channels * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < channels; c++) {
                planes[c * plane + i] = b[start + i * channels + c];
            }
        }
        return new JpegFiles.Decoded(channels, height, width, planes);
    }

    private static String token(byte[] b, int[] pos) {
        while (Character.isWhitespace(b[pos[0]]) || b[pos[0]] == '#') {
            if (b[pos[0]] == '#') {
                while (b[pos[0]] != '\n') {
                    pos[0]++;
                }
            }
            pos[0]++;
        }
        int start = pos[0];
        while (!Character.isWhitespace(b[pos[0]])) {
            pos[0]++;
        }
        return new String(b, start, pos[0] - start, StandardCharsets.US_ASCII);
    }

    /**
     * A photo-like test image: smooth colour gradients, a few edges and mild seeded noise, values kept inside
     * [20, 235] so that neither codec nor layer clips much.
     */
    static byte[] image(int channels, int height, int width, long seed) {
        Random r = new Random(seed);
        int plane = height * width;
        byte[] out = new byte[channels * plane];
        for (int c = 0; c < channels; c++) {
            double fx = 0.5 + r.nextDouble();
            double fy = 0.5 + r.nextDouble();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double v = 128
                            + 60 * Math.sin(fx * x / 4.0 + c) * Math.cos(fy * y / 5.0)
                            + (x > width / 2 && y > height / 3 ? 30 : -10)
                            + 8 * r.nextGaussian();
                    out[c * plane + y * width + x] = (byte) Math.max(20, Math.min(235, Math.round(v)));
                }
            }
        }
        return out;
    }

    /** Float tables with distinct entries everywhere (neither symmetric nor zigzag-invariant), in [lo, hi]. */
    static float[] randomTable(long seed, float lo, float hi) {
        Random r = new Random(seed);
        float[] t = new float[64];
        for (int i = 0; i < 64; i++) {
            t[i] = lo + r.nextFloat() * (hi - lo);
        }
        return t;
    }

    /** Mean absolute difference of two equally long byte arrays read as unsigned. */
    static double meanAbsoluteDifference(byte[] a, byte[] b) {
        assertEquals(a.length, b.length, "sizes");
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return (double) sum / a.length;
    }
}
