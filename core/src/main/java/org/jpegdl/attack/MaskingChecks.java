package org.jpegdl.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks for gradient masking (Athalye, Carlini and Wagner, 2018; Carlini et al., "On evaluating adversarial
 * robustness", 2019) that come with every robustness table. A defence whose gradient is masked looks robust to
 * gradient attacks and is not; these are the symptoms:
 * <ul>
 *   <li>{@code monotonic}: accuracy must fall (or hold) as ε grows, from the clean accuracy on: a larger ball holds
 *       every adversarial image of a smaller one, so a rise means the attack failed to find what it could;
 *   <li>{@code unbounded}: at ε = 255 any image is reachable, so the gradient attacks, started from the clean image
 *       (no random start: only the gradient moves it), must bring accuracy down to chance;
 *   <li>{@code score-based}: the Square attack, which uses the logits only, must not beat the best white-box
 *       gradient attack by more than {@link #margin} at any ε (when it does, the gradient attacks are being masked);
 *   <li>{@code transfer}: neither must images made on another network (the other arm, or the surrogate network).
 * </ul>
 * A rise or a gap within the margin is noise of a random attack on a finite sample: the margin is
 * max({@link #MARGIN_POINTS} points, {@link #MARGIN_IMAGES} images) for the comparisons, one image (or 1% of the
 * images when more) for the monotonic check.
 *
 * @param checks one per check, in the order above
 * @param unbounded the unbounded attack's curve (one point at ε = 255), null when it was not run
 */
public record MaskingChecks(List<Check> checks, AttackReport.Curve unbounded) {

    /** Share of the images a black-box attack may beat the best gradient attack by before the check fails. */
    public static final double MARGIN_POINTS = 0.02;
    /** The same margin in images, for small samples. */
    public static final int MARGIN_IMAGES = 2;
    /** ε of the unbounded attack, in pixel levels. */
    public static final double UNBOUNDED_EPS = 255;
    /** Steps of the unbounded PGD. */
    public static final int UNBOUNDED_STEPS = 20;

    /** How a check came out. */
    public enum Status {
        /** No sign of masking. */
        PASS,
        /** A sign of masking: the finding says where. */
        FAIL,
        /** The attacks it needs were not run. */
        NOT_RUN
    }

    /**
     * One check.
     *
     * @param key "monotonic", "unbounded", "score-based" or "transfer"
     * @param name what it checks, in words
     * @param status the outcome
     * @param finding what was seen, with numbers
     * @param failedEps the ε (pixel levels) at which it failed; empty when it passed or is not tied to one ε
     */
    public record Check(String key, String name, Status status, String finding, List<Double> failedEps) {}

    /** Whether any check failed. */
    public boolean masked() {
        return checks.stream().anyMatch(c -> c.status() == Status.FAIL);
    }

    /** The check with this key, or null. */
    public Check check(String key) {
        return checks.stream().filter(c -> c.key().equals(key)).findFirst().orElse(null);
    }

    /** The margin in images for a sample of {@code images}: max(2% of them, 2). */
    public static int margin(int images) {
        return Math.max(MARGIN_IMAGES, (int) Math.ceil(MARGIN_POINTS * images));
    }

    /** The tolerance of the monotonic check in images: max(1, 1% of them). */
    public static int monotonicTolerance(int images) {
        return Math.max(1, (int) Math.round(0.01 * images));
    }

    /**
     * The checks of one run's attacks.
     *
     * @param images test images attacked
     * @param cleanCorrect of them classified correctly clean
     * @param classes classes of the network (chance is 1/classes)
     * @param specs the attacks, in the order of {@code curves}
     * @param curves their curves
     * @param worstCase the worst case over all of them
     * @param unbounded the unbounded attack's curve, or null when not run
     */
    public static MaskingChecks of(
            int images,
            int cleanCorrect,
            int classes,
            List<AttackSettings.Spec> specs,
            List<AttackReport.Curve> curves,
            AttackReport.Curve worstCase,
            AttackReport.Curve unbounded) {
        List<Check> checks = new ArrayList<>();
        List<AttackReport.Curve> all = new ArrayList<>(curves);
        all.add(worstCase);
        checks.add(monotonic(images, cleanCorrect, all));
        checks.add(unbounded(images, classes, unbounded));
        List<AttackReport.Curve> gradient = new ArrayList<>();
        List<AttackReport.Curve> plain = new ArrayList<>();
        List<AttackReport.Curve> square = new ArrayList<>();
        List<AttackReport.Curve> transfer = new ArrayList<>();
        for (int a = 0; a < specs.size(); a++) {
            AttackSettings.Spec s = specs.get(a);
            if (s.whiteBoxGradient()) {
                gradient.add(curves.get(a));
                if (s.gradient() == AttackSettings.Gradient.PLAIN) {
                    plain.add(curves.get(a));
                }
            } else if (s.kind() == AttackSettings.Kind.SQUARE) {
                square.add(curves.get(a));
            } else if (!curves.get(a).repeatsPlainAttack()) {
                transfer.add(curves.get(a)); // a baseline's surrogate transfer is its own PGD: no transfer
            }
        }
        checks.add(blackBox(
                "score-based",
                "the score-based attack is not stronger than the best gradient attack",
                images,
                gradient,
                plain,
                square));
        checks.add(blackBox(
                "transfer",
                "transferred images are not stronger than the best gradient attack",
                images,
                gradient,
                plain,
                transfer));
        return new MaskingChecks(checks, unbounded);
    }

    private static Check monotonic(int images, int cleanCorrect, List<AttackReport.Curve> curves) {
        String name = "accuracy falls monotonically with eps";
        int tolerance = monotonicTolerance(images);
        List<String> rises = new ArrayList<>();
        List<Double> where = new ArrayList<>();
        for (AttackReport.Curve c : curves) {
            int previous = cleanCorrect;
            String previousEps = "clean";
            for (AttackReport.Point p : c.points()) {
                if (p.correct() > previous + tolerance) {
                    rises.add(String.format(
                            Locale.ROOT,
                            "%s rises from %s at %s to %s at %s",
                            c.name(),
                            percent(previous, images),
                            previousEps,
                            percent(p.correct(), images),
                            AttackSettings.format(p.epsPixels())));
                    if (!where.contains(p.epsPixels())) {
                        where.add(p.epsPixels());
                    }
                }
                previous = p.correct();
                previousEps = AttackSettings.format(p.epsPixels());
            }
        }
        if (rises.isEmpty()) {
            return new Check(
                    "monotonic",
                    name,
                    Status.PASS,
                    String.format(
                            Locale.ROOT,
                            "every curve falls or holds as eps grows (tolerance %d image%s)",
                            tolerance,
                            tolerance == 1 ? "" : "s"),
                    List.of());
        }
        return new Check(
                "monotonic",
                name,
                Status.FAIL,
                String.join("; ", rises) + ": a larger ball holds every "
                        + "adversarial image of a smaller one, so the attack missed images it could reach",
                where);
    }

    private static Check unbounded(int images, int classes, AttackReport.Curve curve) {
        String name = "an unbounded attack (eps = 255) drives accuracy to chance";
        if (curve == null) {
            return new Check("unbounded", name, Status.NOT_RUN, "not run", List.of());
        }
        int correct = curve.points().get(0).correct();
        int allowed = (int) Math.floor((double) images / classes) + margin(images);
        String seen = String.format(
                Locale.ROOT,
                "%s (%s) at 255/255 leaves %s (chance %s)",
                curve.name(),
                curve.gradient(),
                percent(correct, images),
                percent(images / (double) classes, images));
        if (correct <= allowed) {
            return new Check("unbounded", name, Status.PASS, seen, List.of());
        }
        return new Check(
                "unbounded",
                name,
                Status.FAIL,
                seen + ": with every image reachable the gradient leads "
                        + "nowhere, so the gradient attacks are masked",
                List.of(UNBOUNDED_EPS));
    }

    /**
     * Whether a black-box attack beats the best white-box gradient attack by more than the margin at some ε. When it
     * does not, but does beat every attack on the network's own gradient ({@code plain}), the finding says so: the
     * plain gradient is masked and BPDA is what sees through it.
     */
    private static Check blackBox(
            String key,
            String name,
            int images,
            List<AttackReport.Curve> gradient,
            List<AttackReport.Curve> plain,
            List<AttackReport.Curve> blackBox) {
        if (gradient.isEmpty() || blackBox.isEmpty()) {
            return new Check(key, name, Status.NOT_RUN, "not run", List.of());
        }
        int margin = margin(images);
        Gaps all = gaps(images, margin, gradient, blackBox, "the best gradient attack");
        if (all.found.isEmpty()) {
            String finding = String.format(
                    Locale.ROOT,
                    "never stronger than the best gradient attack by more than %d images (largest gap %d)",
                    margin,
                    all.largest);
            if (plain.size() < gradient.size() && !plain.isEmpty()) {
                Gaps own = gaps(images, margin, plain, blackBox, "the best attack on the network's own gradient");
                if (!own.found.isEmpty()) {
                    finding += "; but " + String.join("; ", own.found) + ": the network's own gradient is masked, "
                            + "the BPDA attacks see through it";
                }
            }
            return new Check(key, name, Status.PASS, finding, List.of());
        }
        return new Check(
                key,
                name,
                Status.FAIL,
                String.join("; ", all.found) + ": the gradient attacks are being masked",
                all.where);
    }

    /** Where a black-box attack beats the best of {@code gradient} by more than {@code margin} images. */
    private record Gaps(List<String> found, List<Double> where, int largest) {}

    private static Gaps gaps(
            int images, int margin, List<AttackReport.Curve> gradient, List<AttackReport.Curve> blackBox, String what) {
        List<String> found = new ArrayList<>();
        List<Double> where = new ArrayList<>();
        int largest = 0;
        for (int e = 0; e < gradient.get(0).points().size(); e++) {
            AttackReport.Curve best = gradient.get(0);
            for (AttackReport.Curve g : gradient) {
                if (g.points().get(e).correct() < best.points().get(e).correct()) {
                    best = g;
                }
            }
            int bestCorrect = best.points().get(e).correct();
            double eps = best.points().get(e).epsPixels();
            for (AttackReport.Curve b : blackBox) {
                int gap = bestCorrect - b.points().get(e).correct();
                largest = Math.max(largest, gap);
                if (gap > margin) {
                    found.add(String.format(
                            Locale.ROOT,
                            "%s beats %s (%s) by %.2f points at %s",
                            b.name(),
                            what,
                            best.name(),
                            100.0 * gap / images,
                            AttackSettings.format(eps)));
                    if (!where.contains(eps)) {
                        where.add(eps);
                    }
                }
            }
        }
        return new Gaps(found, where, largest);
    }

    private static String percent(double correct, int images) {
        return String.format(Locale.ROOT, "%.2f%%", images == 0 ? 0 : 100 * correct / images);
    }

    /** The checks as text lines, one per check ("  [FAIL] score-based: ..."). */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (Check c : checks) {
            sb.append(String.format(Locale.ROOT, "  [%s] %s: %s%n", c.status(), c.name(), c.finding()));
        }
        return sb.toString();
    }
}
