package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;

/**
 * {@link Apgd} in the suite on the cross-entropy (APGD-CE) or the DLR loss (APGD-DLR), with its spec's steps and
 * starts, on the plain gradient or through a BPDA surrogate.
 *
 * @param spec what the attack is
 * @param loss the loss it climbs
 */
public record ApgdAttack(AttackSettings.Spec spec, AttackLoss loss) implements Attack {

    @Override
    public NDArray attack(AttackTargets targets, NDArray pixels, NDArray labels, double epsPixels, long seed) {
        return Apgd.of(spec.steps(), loss)
                .withRestarts(spec.restarts())
                .attack(targets.gradient(spec.gradient()), pixels, labels, epsPixels, seed);
    }

    /** DLR needs a third logit. */
    @Override
    public boolean runsOn(int classes) {
        return loss != AttackLoss.DLR || classes >= 3;
    }
}
