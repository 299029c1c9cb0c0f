package org.jpegdl.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.jpegdl.bench.LayerProfile;
import org.jpegdl.bench.QuantizerProfile;
import org.jpegdl.bench.TimingSpread;
import org.jpegdl.jpeg.JpegLayer;

/** What {@code jpegdl bench --profile} prints: the figures of a layer or quantiser profile, in milliseconds. */
final class ProfileReport {

    private ProfileReport() {}

    /**
     * Each mode's forward, backward and forward+backward, what quantising adds over OFF, and each alpha variant's
     * forward+backward with its ratio to scalar alpha (when profiled).
     */
    static void print(LayerProfile.Result r) {
        PrintStream out = System.out; // as every verb: results to standard output
        out.printf(
                Locale.ROOT,
                "JPEG layer profile: %d random %dx%dx%d images, %d engine threads, %d rounds x %d "
                        + "passes per mode (modes take turns), gradients to the tables; ms, median (quartiles)%n",
                r.batch(),
                r.channels(),
                r.size(),
                r.size(),
                r.threads(),
                r.rounds(),
                r.passesPerRound());
        out.printf(Locale.ROOT, "  %-5s %-26s %-26s %s%n", "mode", "forward", "backward", "forward+backward");
        for (LayerProfile.ModeTiming m : r.modes()) {
            out.printf(
                    Locale.ROOT,
                    "  %-5s %-26s %-26s %s%n",
                    m.mode(),
                    spread(m.forward(), "%.2f"),
                    m.backward() == null ? "none (no table gradient)" : spread(m.backward(), "%.2f"),
                    spread(m.forwardAndBackward(), "%.2f"));
        }
        for (JpegLayer.Quantization q :
                new JpegLayer.Quantization[] {JpegLayer.Quantization.SOFT, JpegLayer.Quantization.HARD}) {
            double whole = r.mode(q).forwardAndBackward().medianMs();
            out.printf(
                    Locale.ROOT,
                    "  %s quantisation (%s − OFF, forward+backward medians): %.2f ms, %.1f%% of the " + "%s layer%n",
                    q == JpegLayer.Quantization.SOFT ? "soft" : "hard",
                    q,
                    r.quantisationMs(q),
                    100 * r.quantisationMs(q) / whole,
                    q);
        }
        if (!r.alphas().isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "  SOFT layer by alpha, forward+backward, median (quartiles), ratio of medians to "
                            + "scalar alpha:%n");
            for (LayerProfile.AlphaTiming a : r.alphas()) {
                out.printf(
                        Locale.ROOT,
                        "    %-30s %-26s %.3f%n",
                        a.variant().text(),
                        spread(a.forwardAndBackward(), "%.2f"),
                        r.ratioToScalarAlpha(a.variant()));
            }
        }
    }

    /** Forward, backward and both as wholes, then each operator of either pass and their sums. */
    static void print(QuantizerProfile.Result r) {
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "soft quantiser profile: JpegLayer.quantize on one slice of %d of %d random %dx%dx%d "
                        + "images (coefficients %s), %d engine threads, %d rounds x %d passes, gradients to the tables; ms, "
                        + "median (quartiles)%n",
                r.sliceShape().get(0),
                r.batch(),
                r.channels(),
                r.size(),
                r.size(),
                r.sliceShape(),
                r.threads(),
                r.rounds(),
                r.passesPerRound());
        out.printf(Locale.ROOT, "  forward           %s%n", spread(r.forward(), "%.3f"));
        out.printf(Locale.ROOT, "  backward          %s%n", spread(r.backward(), "%.3f"));
        out.printf(Locale.ROOT, "  forward+backward  %s%n", spread(r.forwardAndBackward(), "%.3f"));
        out.printf(
                Locale.ROOT,
                "  per operator, in separate passes with PyTorch's profiler on (each operator carries "
                        + "its overhead), medians of %d passes, in the order the layer calls them:%n",
                r.rounds() * r.passesPerRound());
        operators(out, "forward", r.forwardOperators(), r.forwardOutsideOperatorsMs());
        operators(out, "backward (from the sum of the output)", r.backwardOperators(), r.backwardOutsideOperatorsMs());
    }

    private static void operators(
            PrintStream out, String pass, List<QuantizerProfile.OperatorTiming> operators, double outsideMs) {
        out.printf(Locale.ROOT, "  %s:%n", pass);
        for (QuantizerProfile.OperatorTiming op : operators) {
            out.printf(Locale.ROOT, "    %8.3f  %s%n", op.medianMs(), op.name());
        }
        out.printf(
                Locale.ROOT,
                "    %8.3f  in all (%d operators)%n",
                QuantizerProfile.Result.totalMs(operators),
                operators.size());
        out.printf(
                Locale.ROOT,
                "    %8.3f  outside the operators: the unprofiled median less this sum (DJL's calls "
                        + "into the engine, Java)%n",
                outsideMs);
    }

    private static String spread(TimingSpread s, String number) {
        return String.format(
                Locale.ROOT,
                number + " (" + number + "–" + number + ")",
                s.medianMs(),
                s.lowerQuartileMs(),
                s.upperQuartileMs());
    }
}
