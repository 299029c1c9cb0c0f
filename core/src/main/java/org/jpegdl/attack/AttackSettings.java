package org.jpegdl.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a run is attacked, written into its {@code attack.json}: a report is reused only for the same settings.
 *
 * @param epsPixels the L∞ budgets in pixel levels (ε/255 in [0,1] units), ascending
 * @param steps PGD steps of the paper's setting (5)
 * @param strongSteps steps of the strong and the BPDA PGD (50), and of the PGD that makes transfer images
 * @param restarts random starts of the strong and the BPDA PGD
 * @param strong whether to run the strong PGD and, for JPEG-DL runs, BPDA-PGD with its three surrogates
 * @param limit attack at most this many test images (class-balanced, the same for every run), 0 for all
 * @param batchSize images per attack batch
 * @param hard evaluate JPEG-DL runs with hard quantisation (a real JPEG codec) instead of the soft layer as trained
 * @param eotSamples gradient samples per step if the network turns out random in inference mode (see {@link Eot})
 * @param seed seed of the random starts
 * @param apgdSteps steps of APGD-CE and APGD-DLR ({@link Apgd}), 0 for none (reports written before APGD read as 0)
 * @param apgdBpda whether JPEG-DL runs also get APGD-CE and APGD-DLR through the clamp-aware BPDA gradient
 * @param squareQueries the Square attack's budget of queries per image ({@link Square}), 0 for none
 */
public record AttackSettings(
        List<Double> epsPixels,
        int steps,
        int strongSteps,
        int restarts,
        boolean strong,
        int limit,
        int batchSize,
        boolean hard,
        int eotSamples,
        long seed,
        int apgdSteps,
        boolean apgdBpda,
        int squareQueries) {

    /** The paper's sweep: 10 budgets from 1/255 to 4/255. */
    public static final String PAPER_EPS = "1:4:10";

    /** Checks every field. */
    public AttackSettings {
        epsPixels = List.copyOf(epsPixels);
        if (epsPixels.isEmpty()) {
            throw new IllegalArgumentException("give at least one eps");
        }
        double previous = -1;
        for (double e : epsPixels) {
            Fgsm.checkEps(e);
            if (e <= previous) {
                throw new IllegalArgumentException("eps values must be ascending and distinct, got " + epsPixels);
            }
            previous = e;
        }
        if (steps < 1 || strongSteps < 1 || restarts < 1) {
            throw new IllegalArgumentException("steps, strong steps and restarts must be at least 1");
        }
        if (limit < 0 || batchSize < 1 || eotSamples < 1) {
            throw new IllegalArgumentException("limit must be ≥ 0, batch size and EOT samples ≥ 1");
        }
        if (apgdSteps < 0 || squareQueries < 0) {
            throw new IllegalArgumentException("APGD steps and Square queries must be ≥ 0 (0: not run)");
        }
    }

    /**
     * The settings of the attacks before APGD, Square and transfer existed: those attacks off (as reports written
     * then read).
     */
    public AttackSettings(
            List<Double> epsPixels,
            int steps,
            int strongSteps,
            int restarts,
            boolean strong,
            int limit,
            int batchSize,
            boolean hard,
            int eotSamples,
            long seed) {
        this(epsPixels, steps, strongSteps, restarts, strong, limit, batchSize, hard, eotSamples, seed, 0, false, 0);
    }

    /** Default APGD steps: AutoAttack's 100. */
    public static final int DEFAULT_APGD_STEPS = 100;
    /** Default Square budget per image (AutoAttack's standard run spends 5000). */
    public static final int DEFAULT_SQUARE_QUERIES = 1000;

    /**
     * The paper's setting (PGD-5, ε 1/255…4/255) plus PGD-50 with 2 starts, BPDA with its three surrogates, APGD-CE
     * and APGD-DLR with 100 steps (for JPEG-DL also through the clamp-aware surrogate) and Square with 1000 queries,
     * on 1000 test images.
     */
    public static AttackSettings defaults() {
        return new AttackSettings(
                parseEps(PAPER_EPS),
                5,
                50,
                2,
                true,
                1000,
                100,
                false,
                8,
                0,
                DEFAULT_APGD_STEPS,
                true,
                DEFAULT_SQUARE_QUERIES);
    }

    /** These settings with APGD at {@code steps} (0: none), through BPDA too for JPEG-DL when {@code bpda}. */
    public AttackSettings withApgd(int steps, boolean bpda) {
        return new AttackSettings(
                epsPixels,
                this.steps,
                strongSteps,
                restarts,
                strong,
                limit,
                batchSize,
                hard,
                eotSamples,
                seed,
                steps,
                bpda,
                squareQueries);
    }

    /** These settings with a Square budget of {@code queries} per image (0: none). */
    public AttackSettings withSquare(int queries) {
        return new AttackSettings(
                epsPixels,
                steps,
                strongSteps,
                restarts,
                strong,
                limit,
                batchSize,
                hard,
                eotSamples,
                seed,
                apgdSteps,
                apgdBpda,
                queries);
    }

    /**
     * Budgets in pixel levels from a list such as {@code 1/255,2/255,4/255} or {@code 1,2,4} (the same: levels of
     * 255), or a range {@code FROM:TO:COUNT} of evenly spaced values ({@code 1:4:10} is the paper's sweep).
     */
    public static List<Double> parseEps(String spec) {
        String s = spec.strip();
        List<Double> out = new ArrayList<>();
        if (s.matches("[^,]*:[^,]*:[^,]*")) {
            String[] parts = s.split(":");
            double from = number(parts[0], spec);
            double to = number(parts[1], spec);
            int count = (int) number(parts[2], spec);
            if (count < 1 || count != number(parts[2], spec)) {
                throw new IllegalArgumentException("eps range " + spec + ": COUNT must be a positive integer");
            }
            for (int i = 0; i < count; i++) {
                out.add(count == 1 ? from : from + (to - from) * i / (count - 1));
            }
            return out;
        }
        for (String item : s.split(",")) {
            String t = item.strip();
            if (t.endsWith("/255")) {
                t = t.substring(0, t.length() - 4);
            }
            out.add(number(t, spec));
        }
        return out;
    }

    private static double number(String text, String spec) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot read eps '" + spec + "': use a list like 1/255,2/255 or 1,2 "
                    + "(pixel levels of 255), or a range FROM:TO:COUNT like 1:4:10");
        }
    }

    /** An ε in pixel levels as "1.33/255". */
    public static String format(double epsPixels) {
        String v = epsPixels == Math.rint(epsPixels)
                ? Long.toString((long) epsPixels)
                : String.format(Locale.ROOT, "%.2f", epsPixels);
        return v + "/255";
    }

    /** How an attack finds its images. */
    public enum Kind {
        /** One signed gradient step of the full budget ({@link Fgsm}). */
        FGSM,
        /** {@link Pgd}. */
        PGD,
        /** {@link Apgd} on the cross-entropy. */
        APGD_CE,
        /** {@link Apgd} on the DLR loss. */
        APGD_DLR,
        /** {@link Square}: score-based, no gradient. */
        SQUARE,
        /** PGD on the other arm's network (baseline ↔ JPEG-DL), its images tried on this one. */
        TRANSFER,
        /** PGD on the clamp-aware surrogate network ({@link SurrogateNetwork}), its images tried on the real one. */
        SURROGATE_TRANSFER
    }

    /** What a gradient attack differentiates. */
    public enum Gradient {
        /** The network's own gradient. */
        PLAIN("plain"),
        /** BPDA, the quantiser the identity on the backward pass ({@link Bpda}). */
        BPDA_IDENTITY("BPDA (identity surrogate)"),
        /** BPDA, only the rounding the identity: the index clamp kept ({@link Bpda}). */
        BPDA_CLAMPED("BPDA (clamp-aware identity surrogate)"),
        /** BPDA through a copy of the layer with a low-alpha soft quantiser ({@link Bpda#soft}). */
        BPDA_SOFT("BPDA (soft surrogate, alpha·q² = " + (long) Bpda.SOFT_HARDNESS + ")"),
        /** No gradient: the logits only. */
        NONE("none (logits only)");

        private final String description;

        Gradient(String description) {
            this.description = description;
        }

        /** In words, as reports write it. */
        public String description() {
            return description;
        }

        /** Whether the gradient goes through a BPDA surrogate (for a baseline: the plain gradient). */
        public boolean bpda() {
            return this == BPDA_IDENTITY || this == BPDA_CLAMPED || this == BPDA_SOFT;
        }
    }

    /**
     * One attack of the suite.
     *
     * @param key stable key across settings
     * @param name display name with step counts
     * @param kind how it finds its images
     * @param gradient what it differentiates (JPEG-DL runs; a baseline's BPDA is its plain gradient)
     * @param steps gradient steps per start, or the Square budget
     * @param restarts random starts
     */
    public record Spec(String key, String name, Kind kind, Gradient gradient, int steps, int restarts) {
        /** Whether the attack follows a gradient of the network it attacks (not score-based, not a transfer). */
        public boolean whiteBoxGradient() {
            return kind == Kind.FGSM || kind == Kind.PGD || kind == Kind.APGD_CE || kind == Kind.APGD_DLR;
        }
    }

    /** Keys of the attacks, stable across settings (names carry the step counts). */
    public static final String FGSM = "fgsm";

    public static final String PGD = "pgd";
    public static final String PGD_STRONG = "pgd-strong";
    public static final String BPDA_PGD = "bpda-pgd";
    public static final String BPDA_CLAMP_PGD = "bpda-clamp-pgd";
    public static final String BPDA_SOFT_PGD = "bpda-soft-pgd";
    public static final String APGD_CE = "apgd-ce";
    public static final String APGD_DLR = "apgd-dlr";
    public static final String APGD_CE_BPDA = "apgd-ce-bpda";
    public static final String APGD_DLR_BPDA = "apgd-dlr-bpda";
    public static final String SQUARE = "square";
    public static final String TRANSFER = "transfer";
    public static final String SURROGATE_TRANSFER = "surrogate-transfer";

    /**
     * The suite, in the order reports list it: FGSM, PGD-{steps}; with {@code strong} PGD-{strongSteps}×{restarts}
     * and BPDA-PGD with the same budget through the identity, the clamp-aware and the soft surrogate, and the
     * surrogate transfer; APGD-CE and APGD-DLR (and through the clamp-aware surrogate with {@code apgdBpda}) when
     * {@code apgdSteps} > 0; Square when {@code squareQueries} > 0; the transfer from the other arm when
     * {@code transfer}. A baseline gets the same list: there BPDA is the plain gradient and the surrogate network is
     * the network, so those curves repeat the plain attack they stand for.
     *
     * @param transfer whether there is another arm's network to make transfer images
     * @return the attacks, each listed once here
     */
    public List<Attack> attacks(boolean transfer) {
        List<Attack> out = new ArrayList<>();
        out.add(new FgsmAttack(new Spec(FGSM, "FGSM", Kind.FGSM, Gradient.PLAIN, 1, 1)));
        out.add(new PgdAttack(new Spec(PGD, "PGD-" + steps, Kind.PGD, Gradient.PLAIN, steps, 1)));
        if (strong) {
            String suffix = strongSuffix();
            out.add(new PgdAttack(
                    new Spec(PGD_STRONG, "PGD-" + suffix, Kind.PGD, Gradient.PLAIN, strongSteps, restarts)));
            out.add(new PgdAttack(
                    new Spec(BPDA_PGD, bpdaName(), Kind.PGD, Gradient.BPDA_IDENTITY, strongSteps, restarts)));
            out.add(new PgdAttack(new Spec(
                    BPDA_CLAMP_PGD,
                    "BPDA-clamp-PGD-" + suffix,
                    Kind.PGD,
                    Gradient.BPDA_CLAMPED,
                    strongSteps,
                    restarts)));
            out.add(new PgdAttack(new Spec(
                    BPDA_SOFT_PGD, "BPDA-soft-PGD-" + suffix, Kind.PGD, Gradient.BPDA_SOFT, strongSteps, restarts)));
        }
        if (apgdSteps > 0) {
            out.add(new ApgdAttack(
                    new Spec(APGD_CE, "APGD-CE-" + apgdSteps, Kind.APGD_CE, Gradient.PLAIN, apgdSteps, 1),
                    AttackLoss.CROSS_ENTROPY));
            out.add(new ApgdAttack(
                    new Spec(APGD_DLR, "APGD-DLR-" + apgdSteps, Kind.APGD_DLR, Gradient.PLAIN, apgdSteps, 1),
                    AttackLoss.DLR));
            if (apgdBpda) {
                out.add(new ApgdAttack(
                        new Spec(
                                APGD_CE_BPDA,
                                "BPDA-clamp-APGD-CE-" + apgdSteps,
                                Kind.APGD_CE,
                                Gradient.BPDA_CLAMPED,
                                apgdSteps,
                                1),
                        AttackLoss.CROSS_ENTROPY));
                out.add(new ApgdAttack(
                        new Spec(
                                APGD_DLR_BPDA,
                                "BPDA-clamp-APGD-DLR-" + apgdSteps,
                                Kind.APGD_DLR,
                                Gradient.BPDA_CLAMPED,
                                apgdSteps,
                                1),
                        AttackLoss.DLR));
            }
        }
        if (squareQueries > 0) {
            out.add(new SquareAttack(
                    new Spec(SQUARE, "Square-" + squareQueries, Kind.SQUARE, Gradient.NONE, squareQueries, 1)));
        }
        if (strong) {
            out.add(new TransferAttack(
                    new Spec(
                            SURROGATE_TRANSFER,
                            "surrogate-transfer-PGD-" + strongSteps,
                            Kind.SURROGATE_TRANSFER,
                            Gradient.PLAIN,
                            strongSteps,
                            1),
                    true));
        }
        if (transfer) {
            out.add(new TransferAttack(
                    new Spec(TRANSFER, "transfer-PGD-" + strongSteps, Kind.TRANSFER, Gradient.PLAIN, strongSteps, 1),
                    false));
        }
        return out;
    }

    /** Steps and restarts of the strong attacks; "x1" only where the strong PGD would otherwise share PGD's name. */
    private String strongSuffix() {
        return strongSteps + (restarts > 1 || strongSteps == steps ? "x" + restarts : "");
    }

    /** The name BPDA-PGD has in these settings (also on baseline reports, where it repeats the strong PGD). */
    String bpdaName() {
        return "BPDA-PGD-" + strongSuffix();
    }
}
