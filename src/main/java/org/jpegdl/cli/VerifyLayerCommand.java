package org.jpegdl.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.jpeg.GoldenCase;
import org.jpegdl.jpeg.LayerVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jpegdl verify-layer FILE}: checks the JPEG layer against reference vectors of the golden format. */
@Command(
        name = "verify-layer",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Runs every case of a reference-vector file through the JPEG layer and compares output and gradients.",
            "Tolerances: output max |diff| <= 1e-4; table gradients and (one round only) the input gradient "
                    + "||diff||/||ref|| <= 1e-2.",
            "Exit status: 0 all cases pass, 1 some case fails, 2 the file is missing or malformed."
        })
final class VerifyLayerCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE",
            description = "Golden file (JSON with a \"cases\" array), e.g. src/test/resources/golden/jpeg_layer_golden.json")
    Path file;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out; // as every verb: results to standard output
        List<GoldenCase> cases = GoldenCase.readAll(file);
        out.printf(Locale.ROOT, "%s: %d case(s)%n", file, cases.size());
        out.printf(Locale.ROOT, "%-28s %6s %5s %11s %11s %11s %11s  %s%n", "case", "shape", "rnds", "out max|d|",
                "lum grad", "chrom grad", "input grad", "result");
        int failed = 0;
        for (GoldenCase c : cases) {
            LayerVerification.Result r = LayerVerification.verify(c);
            if (!r.passed()) {
                failed++;
            }
            out.printf(Locale.ROOT, "%-28s %6s %5d %11.2e %11.2e %11s %11s  %s%n", c.name(),
                    c.height() + "x" + c.width(), c.rounds(), r.maxOutputError(), max(r.lumaGradientErrors()),
                    r.chromaGradientErrors() == null ? "-" : String.format(Locale.ROOT, "%.2e",
                            max(r.chromaGradientErrors())),
                    r.inputGradientCompared() ? String.format(Locale.ROOT, "%.2e", r.inputGradientError())
                            : "not comp.",
                    r.passed() ? "PASS" : "FAIL");
            out.flush();
        }
        out.printf(Locale.ROOT, "%d passed, %d failed%n", cases.size() - failed, failed);
        return failed == 0 ? 0 : Main.EXIT_FAILED;
    }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
