package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;

/**
 * {@link Pgd} (one start, the spec's steps) on another network, its images tried on the attacked one: the clamp-aware
 * surrogate network ({@link SurrogateNetwork}) or the other arm's network (baseline ↔ JPEG-DL).
 *
 * @param spec what the attack is
 * @param fromSurrogate true for the surrogate network, false for the other arm
 */
public record TransferAttack(AttackSettings.Spec spec, boolean fromSurrogate) implements Attack {

    @Override
    public NDArray attack(AttackTargets targets, NDArray pixels, NDArray labels, double epsPixels, long seed) {
        AttackTarget source = fromSurrogate ? targets.surrogate() : targets.transfer();
        return Pgd.of(spec.steps()).attack(source, pixels, labels, epsPixels, seed);
    }

    @Override
    public String gradient(AttackTargets targets) {
        return fromSurrogate ? "images made on the " + targets.surrogate().gradient() : targets.transferDescription();
    }

    @Override
    public String note() {
        return "adversarial images of another network, classified by this one";
    }
}
