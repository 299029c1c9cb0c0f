package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The attacks of one measurement run batch by batch: every attack at every ε on each batch's clean-correct images,
 * then the unbounded attack of the masking checks; what they found is kept in a {@link SuiteTally} and becomes the
 * curves of a {@link RobustnessEvaluation.Measurement}.
 */
final class AttackSuite {

    private final AttackSettings settings;
    private final AttackTargets targets;
    private final int classes;
    /** Every attack of the report, in order. */
    private final List<Attack> attacks = new ArrayList<>();
    /** For each attack, the index of the attack whose curve it repeats (a baseline's BPDA), or −1. */
    private final int[] repeats;

    private final SuiteTally tally;
    private final PrintStream log;
    private final long start;

    /**
     * @param settings the attacks and ε
     * @param targets the networks they follow
     * @param transfer whether {@code targets} hold a transfer source
     * @param classes classes of the attacked network
     * @param log where a line per batch and ε goes, or null
     * @param start when the measurement began ({@link System#nanoTime})
     */
    AttackSuite(
            AttackSettings settings,
            AttackTargets targets,
            boolean transfer,
            int classes,
            PrintStream log,
            long start) {
        this.settings = settings;
        this.targets = targets;
        this.classes = classes;
        this.log = log;
        this.start = start;
        for (Attack a : settings.attacks(transfer)) {
            if (a.runsOn(classes)) {
                attacks.add(a);
            }
        }
        repeats = BaselineRepeats.of(attacks);
        if (targets.jpeg()) {
            Arrays.fill(repeats, -1);
        }
        tally = new SuiteTally(attacks.size(), settings.epsPixels().size());
    }

    /** Counts a test batch: {@code images} seen, {@code cleanCorrect} of them right clean. */
    void count(int images, int cleanCorrect) {
        tally.images += images;
        tally.cleanCorrect += cleanCorrect;
    }

    /** Runs every attack at every ε on a batch, and the unbounded attack. */
    void attack(AttackBatch batch) {
        for (int e = 0; e < settings.epsPixels().size(); e++) {
            attackAt(batch, e);
        }
        boolean[] survivesUnbounded = new boolean[batch.size()];
        Arrays.fill(survivesUnbounded, true);
        for (AttackTarget t : targets.unbounded()) {
            try (NDManager attackScope = batch.pixels().getManager().newSubManager()) {
                NDArray adversarial = Pgd.of(MaskingChecks.UNBOUNDED_STEPS)
                        .withoutRandomStart()
                        .attack(t, batch.pixels(), batch.labels(), MaskingChecks.UNBOUNDED_EPS, 0);
                adversarial.attach(attackScope);
                and(survivesUnbounded, targets.plain().correct(adversarial, batch.labels()));
            }
        }
        tally.unboundedCorrect += Rows.count(survivesUnbounded);
    }

    /** Every attack at the {@code e}-th ε. */
    private void attackAt(AttackBatch batch, int e) {
        double eps = settings.epsPixels().get(e);
        boolean[] survivesAll = new boolean[batch.size()];
        Arrays.fill(survivesAll, true);
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT, "  batch %d/%d, eps %s:", batch.index() + 1, batch.batches(), AttackSettings.format(eps)));
        for (int a = 0; a < attacks.size(); a++) {
            if (repeats[a] >= 0) {
                continue;
            }
            long began = System.nanoTime();
            boolean[] survives = survivors(attacks.get(a), batch, eps, Rows.mix(settings.seed(), batch.index(), e, a));
            tally.seconds[a] += (System.nanoTime() - began) / 1e9;
            int n = Rows.count(survives);
            tally.correct[a][e] += n;
            and(survivesAll, survives);
            line.append(' ').append(attacks.get(a).name()).append(' ').append(n);
        }
        tally.worst[e] += Rows.count(survivesAll);
        if (log != null) {
            log.printf(
                    Locale.ROOT,
                    "%s of %d clean-correct (%.0fs)%n",
                    line,
                    batch.size(),
                    (System.nanoTime() - start) / 1e9);
        }
    }

    /** Runs one attack on the clean-correct images; which of them the real network still gets right. */
    private boolean[] survivors(Attack attack, AttackBatch batch, double eps, long seed) {
        try (NDManager attackScope = batch.pixels().getManager().newSubManager()) {
            NDArray adversarial = attack.attack(targets, batch.pixels(), batch.labels(), eps, seed);
            adversarial.attach(attackScope);
            return targets.plain().correct(adversarial, batch.labels());
        }
    }

    private static void and(boolean[] into, boolean[] survives) {
        for (int i = 0; i < survives.length; i++) {
            into[i] &= survives[i];
        }
    }

    /** The curves of every attack, the worst case, the unbounded attack and the masking checks. */
    RobustnessEvaluation.Measurement measurement() {
        List<Double> eps = settings.epsPixels();
        List<AttackReport.Curve> curves = new ArrayList<>();
        for (int a = 0; a < attacks.size(); a++) {
            Attack attack = attacks.get(a);
            AttackSettings.Spec spec = attack.spec();
            if (repeats[a] >= 0) {
                AttackReport.Curve of = curves.get(repeats[a]);
                curves.add(new AttackReport.Curve(
                        spec.key(),
                        spec.name(),
                        "plain",
                        of.steps(),
                        of.restarts(),
                        BaselineRepeats.note(spec, of),
                        of.points(),
                        null));
                continue;
            }
            curves.add(new AttackReport.Curve(
                    spec.key(),
                    spec.name(),
                    attack.gradient(targets),
                    spec.steps(),
                    spec.restarts(),
                    attack.note(),
                    tally.points(eps, tally.correct[a]),
                    tally.seconds[a]));
        }
        AttackReport.Curve worstCase = new AttackReport.Curve(
                "worst",
                "worst case",
                "every attack above",
                0,
                0,
                "images that survive every attack of the suite at that eps",
                tally.points(eps, tally.worst));
        String unboundedGradient =
                targets.jpeg() ? "plain and " + AttackSettings.Gradient.BPDA_CLAMPED.description() : "plain";
        AttackReport.Curve unbounded = new AttackReport.Curve(
                "unbounded",
                "unbounded PGD-" + MaskingChecks.UNBOUNDED_STEPS,
                unboundedGradient,
                MaskingChecks.UNBOUNDED_STEPS,
                1,
                "eps 255/255, from the clean image (no random start): an image counts when it survives every gradient",
                tally.points(List.of(MaskingChecks.UNBOUNDED_EPS), new int[] {tally.unboundedCorrect}),
                null);
        MaskingChecks masking = MaskingChecks.of(
                tally.images,
                tally.cleanCorrect,
                classes,
                attacks.stream().map(Attack::spec).toList(),
                curves,
                worstCase,
                unbounded);
        return new RobustnessEvaluation.Measurement(
                tally.images, tally.cleanCorrect, curves, worstCase, targets.eot(), masking);
    }
}
