package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;

/**
 * {@link Fgsm} in the suite, on the gradient its spec names.
 *
 * @param spec what the attack is
 */
public record FgsmAttack(AttackSettings.Spec spec) implements Attack {

    @Override
    public NDArray attack(AttackTargets targets, NDArray pixels, NDArray labels, double epsPixels, long seed) {
        return Fgsm.attack(targets.gradient(spec.gradient()), pixels, labels, epsPixels);
    }
}
