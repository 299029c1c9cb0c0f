package org.jpegdl.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a run is attacked, written into its {@code attack.json}: a report is reused only for the same settings.
 *
 * @param epsPixels the L∞ budgets in pixel levels (ε/255 in [0,1] units), ascending
 * @param steps PGD steps of the paper's setting (5)
 * @param strongSteps steps of the strong and the BPDA PGD (50)
 * @param restarts random starts of the strong and the BPDA PGD
 * @param strong whether to run the strong PGD and, for JPEG-DL runs, BPDA-PGD
 * @param limit attack at most this many test images (class-balanced, the same for every run), 0 for all
 * @param batchSize images per attack batch
 * @param hard evaluate JPEG-DL runs with hard quantisation (a real JPEG codec) instead of the soft layer as trained
 * @param eotSamples gradient samples per step if the network turns out random in inference mode (see {@link Eot})
 * @param seed seed of the random starts
 */
public record AttackSettings(List<Double> epsPixels, int steps, int strongSteps, int restarts, boolean strong,
        int limit, int batchSize, boolean hard, int eotSamples, long seed) {

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
    }

    /** The paper's setting (PGD-5, ε 1/255…4/255) plus PGD-50 with 2 starts and BPDA, on 1000 test images. */
    public static AttackSettings defaults() {
        return new AttackSettings(parseEps(PAPER_EPS), 5, 50, 2, true, 1000, 100, false, 8, 0);
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
        String v = epsPixels == Math.rint(epsPixels) ? Long.toString((long) epsPixels)
                : String.format(Locale.ROOT, "%.2f", epsPixels);
        return v + "/255";
    }

    /** One attack of the suite. */
    public record Spec(String key, String name, int steps, int restarts, boolean bpda) {
        boolean fgsm() {
            return key.equals(FGSM);
        }
    }

    /** Keys of the attacks, stable across settings (names carry the step counts). */
    public static final String FGSM = "fgsm";
    public static final String PGD = "pgd";
    public static final String PGD_STRONG = "pgd-strong";
    public static final String BPDA_PGD = "bpda-pgd";

    /**
     * The suite, in the order reports list it: FGSM, PGD-{steps}, and with {@code strong} PGD-{strongSteps}×{restarts}
     * and (JPEG-DL only; for a baseline BPDA is the plain gradient) BPDA-PGD with the same budget of steps.
     */
    public List<Spec> attacks(boolean jpegDl) {
        List<Spec> out = new ArrayList<>();
        out.add(new Spec(FGSM, "FGSM", 1, 1, false));
        out.add(new Spec(PGD, "PGD-" + steps, steps, 1, false));
        if (strong) {
            String suffix = strongSteps + (restarts > 1 ? "x" + restarts : "");
            out.add(new Spec(PGD_STRONG, "PGD-" + suffix, strongSteps, restarts, false));
            if (jpegDl) {
                out.add(new Spec(BPDA_PGD, "BPDA-PGD-" + suffix, strongSteps, restarts, true));
            }
        }
        return out;
    }

    /** The name BPDA-PGD has in these settings (also on baseline reports, where it repeats the strong PGD). */
    String bpdaName() {
        return "BPDA-PGD-" + strongSteps + (restarts > 1 ? "x" + restarts : "");
    }
}
