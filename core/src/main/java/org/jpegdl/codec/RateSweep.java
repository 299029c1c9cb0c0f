package org.jpegdl.codec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;

/**
 * Several runs' learned tables on one rate–accuracy plane: a λ sweep of rate-aware tables, each run measured by
 * {@link RateAccuracy} ({@code rate.json}). When every run keeps the same trained classifier (the frozen mode, one
 * source run), the runs share one ladder and the learned points form a curve: the bits saved are averaged over the
 * accuracies where that curve and the ladder overlap ({@link BitsSaved}). Runs with classifiers of their own (joint
 * training) are each compared with their own ladder, point by point, and there is no average.
 *
 * @param command the jpegdl command that regenerates the file
 * @param runs the run directories, in the order given
 * @param lambdas each run's λ (null: no rate term)
 * @param sharedClassifier whether every run keeps one trained classifier (then one ladder serves all)
 * @param learned each run's learned point
 * @param standard the 4:4:4 ladder of the first run (the shared one when {@code sharedClassifier})
 * @param standard420 its 4:2:0 ladder (null for grayscale)
 * @param saved bits saved at equal top-1
 */
public record RateSweep(
        String command,
        List<String> runs,
        List<Double> lambdas,
        boolean sharedClassifier,
        List<RateAccuracy.Point> learned,
        List<RateAccuracy.Point> standard,
        List<RateAccuracy.Point> standard420,
        BitsSaved saved) {

    /** File name of the sweep in its folder. */
    public static final String FILE = "rate-sweep.json";
    /** File name of its figure in its folder. */
    public static final String FIGURE = "rate-sweep.png";

    /**
     * The sweep of runs that each have a {@code rate.json} with a learned point.
     *
     * @throws IllegalArgumentException naming a run without a learned point
     * @throws IOException when a run's files cannot be read
     */
    public static RateSweep of(List<RunDirectory> runs, String command) throws IOException {
        List<RateAccuracy.Curve> curves = new ArrayList<>();
        List<RunConfig> configs = new ArrayList<>();
        for (RunDirectory run : runs) {
            RateAccuracy.Curve curve = Json.read(run.rateCurve(), RateAccuracy.Curve.class);
            if (curve.learned() == null) {
                throw new IllegalArgumentException(run.root() + " has no learned tables (a baseline or zero-DC run): "
                        + "a sweep compares learned tables with the ladder");
            }
            curves.add(curve);
            configs.add(run.readConfig());
        }
        boolean shared = configs.stream().allMatch(RunConfig::frozenClassifier)
                && configs.stream().map(RunConfig::initFrom).distinct().count() == 1
                && curves.stream().map(RateAccuracy.Curve::images).distinct().count() == 1;
        List<RateAccuracy.Point> learned = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            learned.add(curves.get(i).learned());
            labels.add(label(configs.get(i)));
        }
        RateAccuracy.Curve first = curves.get(0);
        BitsSaved saved;
        if (shared) {
            saved = BitsSaved.of(learned, labels, first.standard(), first.standard420());
        } else {
            List<BitsSaved.PointSaving> points = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                RateAccuracy.Curve c = curves.get(i);
                points.addAll(BitsSaved.of(List.of(c.learned()), List.of(labels.get(i)), c.standard(), c.standard420())
                        .points());
            }
            saved = new BitsSaved(BitsSaved.ACCURACY, points, null, null, null, null);
        }
        return new RateSweep(
                command,
                runs.stream().map(r -> r.root().toString()).toList(),
                configs.stream().map(RunConfig::rateLambda).toList(),
                shared,
                learned,
                first.standard(),
                first.standard420(),
                saved);
    }

    /** "NAME (λ = L)", or the name alone without a rate term. */
    public static String label(RunConfig config) {
        return config.name()
                + (config.rateLambda() == null ? "" : String.format(Locale.ROOT, " (λ = %s)", config.rateLambda()));
    }

    /** Writes the sweep as {@value #FILE} into {@code folder}; returns the file. */
    public Path write(Path folder) throws IOException {
        Path file = Objects.requireNonNull(folder).resolve(FILE);
        Json.write(file, this);
        return file;
    }
}
