package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;

/**
 * {@link Pgd} in the suite with its spec's steps and starts, on the plain gradient or through a BPDA surrogate.
 *
 * @param spec what the attack is
 */
public record PgdAttack(AttackSettings.Spec spec) implements Attack {

    @Override
    public NDArray attack(AttackTargets targets, NDArray pixels, NDArray labels, double epsPixels, long seed) {
        return Pgd.of(spec.steps())
                .withRestarts(spec.restarts())
                .attack(targets.gradient(spec.gradient()), pixels, labels, epsPixels, seed);
    }
}
