package org.jpegdl.recipe;

import java.util.List;

/** Learning-rate schedules by epoch: multi-step decay at fractions of the run, as the paper's recipes. */
public final class Schedules {

    private Schedules() {}

    /** The epochs (0-based, the first epoch that uses the decayed rate) at which a multi-step schedule decays. */
    public static int[] milestoneEpochs(List<Double> fractions, int epochs) {
        int[] out = new int[fractions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) Math.round(fractions.get(i) * epochs);
        }
        return out;
    }

    /** base·gamma^(number of milestones ≤ epoch). */
    public static double multiStep(double base, double gamma, int[] milestones, int epoch) {
        int passed = 0;
        for (int m : milestones) {
            if (epoch >= m) {
                passed++;
            }
        }
        return base * Math.pow(gamma, passed);
    }
}
