package org.jpegdl.attack;

import java.util.List;
import org.jpegdl.run.Json;

/**
 * A run's {@code attack.json}: clean and attacked top-1 on the same test images, per attack and ε. An image counts
 * as correct under an attack when the network classifies it correctly both clean and attacked (images it gets wrong
 * anyway are not attacked), so every attacked accuracy is at most the clean one and ε = 0 gives the clean accuracy.
 *
 * @param run run name
 * @param runDirectory where the run lives
 * @param model model name
 * @param dataset dataset name
 * @param jpeg whether the JPEG layer is in front
 * @param epoch the checkpoint attacked
 * @param quantization the JPEG layer's quantisation during the attack (SOFT as trained, or HARD), "none" for a baseline
 * @param images test images attacked
 * @param cleanTop1 top-1 on them, clean
 * @param settings how they were attacked
 * @param eot what expectation over transformation amounts to for this network
 * @param curves one per attack, in the settings' order
 * @param worstCase per ε, images that survive every attack of the suite
 * @param threads engine threads
 * @param wallSeconds time taken
 * @param command the command that produced it
 * @param transferFrom the run whose network made the transfer attack's images (its directory), null when none
 * @param transferEpoch that run's checkpoint, 0 when none
 * @param masking the masking checks, null in reports written before them
 */
public record AttackReport(
        String run,
        String runDirectory,
        String model,
        String dataset,
        boolean jpeg,
        int epoch,
        String quantization,
        int images,
        double cleanTop1,
        AttackSettings settings,
        Eot.Assessment eot,
        List<Curve> curves,
        Curve worstCase,
        int threads,
        double wallSeconds,
        String command,
        String transferFrom,
        int transferEpoch,
        MaskingChecks masking) {

    /**
     * The report of a measurement, from its parts.
     *
     * @param subject the network attacked
     * @param settings how it was attacked
     * @param measurement what the attacks found
     * @param transfer where the transfer attack's images came from
     * @param provenance how the report was made
     * @return the report, its fields as {@code attack.json} writes them
     */
    public static AttackReport of(
            Subject subject,
            AttackSettings settings,
            RobustnessEvaluation.Measurement measurement,
            Transfer transfer,
            Provenance provenance) {
        int images = measurement.images();
        return new AttackReport(
                subject.run(),
                subject.runDirectory(),
                subject.model(),
                subject.dataset(),
                subject.jpeg(),
                subject.epoch(),
                subject.quantization(),
                images,
                images == 0 ? 0 : (double) measurement.cleanCorrect() / images,
                settings,
                measurement.eot(),
                measurement.curves(),
                measurement.worstCase(),
                provenance.threads(),
                provenance.wallSeconds(),
                provenance.command(),
                transfer.from(),
                transfer.epoch(),
                measurement.masking());
    }

    /**
     * The network a report is about.
     *
     * @param run run name
     * @param runDirectory where the run lives
     * @param model model name
     * @param dataset dataset name
     * @param jpeg whether the JPEG layer is in front
     * @param epoch the checkpoint attacked
     * @param quantization the JPEG layer's quantisation during the attack, "none" for a baseline
     */
    public record Subject(
            String run,
            String runDirectory,
            String model,
            String dataset,
            boolean jpeg,
            int epoch,
            String quantization) {}

    /**
     * The run whose network made the transfer attack's images.
     *
     * @param from its directory, null when none
     * @param epoch its checkpoint, 0 when none
     */
    public record Transfer(String from, int epoch) {}

    /**
     * How a report was made.
     *
     * @param threads engine threads
     * @param wallSeconds time taken
     * @param command the command that produced it
     */
    public record Provenance(int threads, double wallSeconds, String command) {}

    /** A report holds its settings, its curves and the worst case over them (a file read checks it). */
    public AttackReport {
        Json.required(run, "run");
        Json.required(settings, "settings");
        Json.required(curves, "curves");
        Json.required(worstCase, "worstCase");
    }

    /**
     * Top-1 against ε under one attack.
     *
     * @param key stable key ({@link AttackSettings#FGSM}, ...)
     * @param name display name with step counts ("PGD-50x2")
     * @param gradient what the attack differentiates
     * @param steps gradient steps per start
     * @param restarts random starts
     * @param note anything a reader must know about this curve, or null
     * @param points one per ε, ascending
     * @param seconds time the attack took over every batch and ε, null in reports written before it was kept (and
     *     for a curve that repeats another)
     */
    public record Curve(
            String key,
            String name,
            String gradient,
            int steps,
            int restarts,
            String note,
            List<Point> points,
            Double seconds) {

        /** Whether this curve repeats a plain attack (a baseline's BPDA and surrogate curves). */
        public boolean repeatsPlainAttack() {
            return note != null && note.startsWith(REPEAT_NOTE);
        }

        /** A curve without a time. */
        public Curve(
                String key, String name, String gradient, int steps, int restarts, String note, List<Point> points) {
            this(key, name, gradient, steps, restarts, note, points, null);
        }
    }

    /** How the note of a curve that repeats a plain attack begins. */
    public static final String REPEAT_NOTE = "no JPEG layer: ";

    /** Top-1 at one ε: {@code correct} of the report's images. */
    public record Point(double epsPixels, double top1, int correct) {}

    /** The curve with this key, or null. */
    public Curve curveFor(String key) {
        for (Curve c : curves) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        return null;
    }
}
