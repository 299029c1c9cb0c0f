package org.jpegdl.attack;

import java.util.List;

/**
 * Which attacks of a baseline's suite repeat another: without a JPEG layer BPDA is the plain gradient and the
 * surrogate network is the network, so a BPDA attack or the surrogate transfer amounts to the plain attack it stands
 * for, and its curve is that attack's, not measured again.
 */
final class BaselineRepeats {

    private BaselineRepeats() {}

    /**
     * @param attacks the suite, in order
     * @return for each attack, the index of the attack whose curve it repeats, or −1
     */
    static int[] of(List<Attack> attacks) {
        int[] repeats = new int[attacks.size()];
        for (int a = 0; a < attacks.size(); a++) {
            repeats[a] = repeated(attacks.get(a).spec(), attacks);
        }
        return repeats;
    }

    /** The attack {@code s} amounts to, when it is not itself plain. */
    private static int repeated(AttackSettings.Spec s, List<Attack> attacks) {
        boolean stand = s.gradient().bpda() || s.kind() == AttackSettings.Kind.SURROGATE_TRANSFER;
        if (!stand) {
            return -1;
        }
        AttackSettings.Kind kind =
                s.kind() == AttackSettings.Kind.SURROGATE_TRANSFER ? AttackSettings.Kind.PGD : s.kind();
        for (int a = 0; a < attacks.size(); a++) {
            AttackSettings.Spec o = attacks.get(a).spec();
            if (o.kind() == kind
                    && o.gradient() == AttackSettings.Gradient.PLAIN
                    && o.steps() == s.steps()
                    && o.restarts() == s.restarts()) {
                return a;
            }
        }
        // PGD-N through the surrogate with one start, when the strong PGD has restarts
        for (int a = 0; a < attacks.size(); a++) {
            if (attacks.get(a).spec().key().equals(AttackSettings.PGD_STRONG)) {
                return a;
            }
        }
        return -1;
    }

    /** The note of a curve that repeats {@code of}. */
    static String note(AttackSettings.Spec spec, AttackReport.Curve of) {
        return spec.kind() == AttackSettings.Kind.SURROGATE_TRANSFER
                ? AttackReport.REPEAT_NOTE + "the surrogate network is the network, so this repeats " + of.name()
                : AttackReport.REPEAT_NOTE + "BPDA is the plain gradient, so this repeats " + of.name();
    }
}
