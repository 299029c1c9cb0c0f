package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;

/**
 * {@link Square} in the suite: score-based on the attacked network's logits, its spec's steps the query budget.
 *
 * @param spec what the attack is
 */
public record SquareAttack(AttackSettings.Spec spec) implements Attack {

    @Override
    public NDArray attack(AttackTargets targets, NDArray pixels, NDArray labels, double epsPixels, long seed) {
        return Square.of(spec.steps())
                .attack(targets.plain(), pixels, labels, epsPixels, seed)
                .adversarial();
    }

    @Override
    public String gradient(AttackTargets targets) {
        return AttackSettings.Gradient.NONE.description();
    }

    @Override
    public String note() {
        return "score-based: at most " + spec.steps() + " forward passes per image, no gradient";
    }
}
