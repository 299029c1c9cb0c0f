package org.jpegdl.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpegdl.codec.BitsSaved;
import org.jpegdl.codec.RateAccuracy;
import org.jpegdl.codec.RateSweep;
import org.jpegdl.run.Json;

/**
 * Real JPEG files: each run's learned (and adaptive) tables as files, their rate, PSNR and top-1, the λ sweeps the
 * runs belong to, and the rate figures.
 *
 * @param rows one per learned or adaptive point
 * @param figures each run's rate figure and each sweep's
 * @param sweeps the λ sweeps of the runs' folders
 */
record RateSection(List<Row> rows, List<Figure> figures, List<Sweep> sweeps) {

    /**
     * One point.
     *
     * @param name the run (and "each image's own tables" for the adaptive point)
     * @param bitsPerPixel the files' rate
     * @param bpp it, as the page shows it
     * @param psnr PSNR in dB, or "lossless"
     * @param top1 top-1 on the decoded files
     * @param top1Original top-1 on the original images
     * @param top1Bypassed top-1 with the decoded files straight into the classifier
     * @param saved bits saved at equal top-1 against the standard ladder
     * @param estimated the layer's estimated and the real entropy-coded rate
     */
    record Row(
            String name,
            double bitsPerPixel,
            String bpp,
            String psnr,
            String top1,
            String top1Original,
            String top1Bypassed,
            String saved,
            String estimated) {}

    /**
     * A λ sweep.
     *
     * @param lines what it saved, in words
     * @param command the command that ran it
     */
    record Sweep(List<String> lines, String command) {}

    /** The section of these runs; null when none has a rate curve or figure. */
    static RateSection of(List<RunReport.Run> runs) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        for (RunReport.Run r : runs) {
            if (!Files.isRegularFile(r.dir().rateCurve())) {
                continue;
            }
            RateAccuracy.Curve curve = Json.read(r.dir().rateCurve(), RateAccuracy.Curve.class);
            RateAccuracy.Point learned = curve.learned();
            for (RateAccuracy.Point point : new RateAccuracy.Point[] {learned, curve.adaptive()}) {
                if (point != null) {
                    rows.add(row(
                            r.name() + (point == learned ? "" : " (each image's own tables)"),
                            point,
                            curve,
                            point == learned));
                }
            }
            Figure.addIfPresent(
                    figures,
                    r.dir().ratePlot(),
                    r.name() + ": top-1 and PSNR against bits per "
                            + "pixel of real JPEG files (" + curve.images() + " test images), standard quality ladder"
                            + (curve.standard420() == null ? "" : " (4:4:4 and 4:2:0)")
                            + (learned == null ? "" : " and the learned tables"));
        }
        List<Sweep> sweeps = new ArrayList<>();
        for (Path folder : runs.stream()
                .map(r -> r.dir().root().toAbsolutePath().normalize().getParent())
                .filter(f -> f != null && Files.isRegularFile(f.resolve(RateSweep.FILE)))
                .distinct()
                .toList()) {
            RateSweep sweep = Json.read(folder.resolve(RateSweep.FILE), RateSweep.class);
            sweeps.add(new Sweep(sweep.saved().describe(), sweep.command()));
            Figure.addIfPresent(
                    figures,
                    folder.resolve(RateSweep.FIGURE),
                    "the learned tables of "
                            + sweep.runs().size() + " runs (a λ sweep) over the standard ladder"
                            + (sweep.sharedClassifier()
                                    ? ", one frozen classifier"
                                    : ", each run its own classifier (the first run's ladder drawn)"));
        }
        if (rows.isEmpty() && figures.isEmpty()) {
            return null;
        }
        return new RateSection(rows, figures, sweeps);
    }

    private static Row row(String name, RateAccuracy.Point point, RateAccuracy.Curve curve, boolean learned) {
        Double original = curve.uncompressed().top1Hard();
        BitsSaved.PointSaving saving =
                learned && curve.saved() != null && !curve.saved().points().isEmpty()
                        ? curve.saved().points().get(0)
                        : null;
        return new Row(
                name,
                point.bitsPerPixel(),
                String.format(Locale.ROOT, "%.3f", point.bitsPerPixel()),
                point.psnr() == null ? "lossless" : String.format(Locale.ROOT, "%.2f", point.psnr()),
                point.top1Hard() == null ? "" : Texts.percent(point.top1Hard()),
                original == null ? "" : Texts.percent(original),
                Texts.percent(point.top1Bypassed()),
                saving == null
                        ? ""
                        : saving.savedBitsPerPixel() == null
                                ? saving.note()
                                : String.format(
                                        Locale.ROOT,
                                        "%.3f bpp (%.1f%%)",
                                        saving.savedBitsPerPixel(),
                                        100 * saving.savedFraction()),
                point.estimatedBitsPerPixel() == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "%.3f / %.3f",
                                point.estimatedBitsPerPixel(),
                                point.entropyCodedBitsPerPixel()));
    }
}
