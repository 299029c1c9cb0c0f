package org.jpegdl.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.jpeg.GoldenCase;
import org.jpegdl.jpeg.GoldenFile;
import org.jpegdl.jpeg.LayerVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jpegdl verify-layer FILE}: checks the JPEG layer against reference vectors of the golden format. */
@Command(
        name = "verify-layer",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Runs every case of a reference-vector file (format 1 or 2) through the JPEG layer and compares output "
                    + "and gradients.",
            "Tolerances: output max |diff| <= 1e-4; each gradient ||diff||/||ref|| per round and table within the "
                    + "tolerance the file gives it (format 2; null: not compared), or 1e-2 (format 1, input gradient "
                    + "for one round only).",
            "Exit status: 0 every compared value is within its tolerance, 1 some case fails, 2 the file is missing or "
                    + "malformed."
        })
final class VerifyLayerCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "FILE",
            description =
                    "Golden file (JSON with a \"cases\" array), e.g. src/test/resources/golden/jpeg_layer_golden.json")
    Path file;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        engine.apply();
        PrintStream out = System.out; // as every verb: results to standard output
        List<GoldenCase> cases = GoldenFile.read(file);
        out.printf(
                Locale.ROOT,
                "%s: format %d, %d case(s); output: max |diff|, gradients: ||diff||/||ref||, each "
                        + "against its tolerance%n",
                file,
                cases.get(0).format(),
                cases.size());
        int failed = 0;
        for (GoldenCase c : cases) {
            LayerVerification.Result r = LayerVerification.verify(c);
            if (!r.passed()) {
                failed++;
            }
            out.printf(
                    Locale.ROOT,
                    "%s (%dx%dx%dx%d, %d round%s, %d candidates, %d bits, %s): %s%n",
                    c.name(),
                    c.batch(),
                    c.channels(),
                    c.height(),
                    c.width(),
                    c.rounds(),
                    c.rounds() == 1 ? "" : "s",
                    c.candidates(),
                    c.bits(),
                    alphaText(c),
                    r.passed() ? "PASS" : "FAIL");
            for (LayerVerification.Comparison comparison : r.comparisons()) {
                out.println("  " + line(comparison));
            }
            out.flush();
        }
        out.printf(Locale.ROOT, "%d passed, %d failed%n", cases.size() - failed, failed);
        return failed == 0 ? 0 : Main.EXIT_FAILED;
    }

    private static String line(LayerVerification.Comparison c) {
        String what = (c.round() >= 0 ? "round " + c.round() + " " : "")
                + c.quantity().text();
        if (!c.compared()) {
            return String.format(Locale.ROOT, "%-30s not compared", what);
        }
        return String.format(
                Locale.ROOT, "%-30s %8.2e <= %8.2e  %s", what, c.error(), c.tolerance(), c.passed() ? "ok" : "FAIL");
    }

    private static String alphaText(GoldenCase c) {
        String alpha;
        if (c.alpha() instanceof GoldenCase.Alpha.Fixed fixed) {
            alpha = "alpha " + fixed.value();
        } else if (c.alpha() instanceof GoldenCase.Alpha.Matched matched) {
            alpha = "hardness matching H=" + matched.hardness();
        } else {
            alpha = "alpha per frequency";
        }
        return alpha + (c.trainableAlpha() ? ", trainable" : "");
    }
}
