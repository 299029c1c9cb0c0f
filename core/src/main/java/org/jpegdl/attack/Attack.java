package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;

/**
 * One attack of the suite ({@link AttackSettings#attacks}): it moves a batch of clean images, within an L∞ budget of ε
 * pixel levels and inside [0,255], towards misclassification by the network it follows among {@link AttackTargets}.
 * To add an attack, write a class that implements this (its algorithm in its own file, as {@link Pgd} and
 * {@link PgdAttack}) and list it once in {@link AttackSettings#attacks}.
 */
public interface Attack {

    /**
     * What the attack is, as reports list it.
     *
     * @return its key, display name, gradient, steps and starts
     */
    AttackSettings.Spec spec();

    /**
     * Attacks a batch.
     *
     * @param targets the networks of this measurement (the attacked one, its BPDA surrogates, a transfer source)
     * @param pixels clean images (N, C, H, W) in [0,255]
     * @param labels float class indices (N)
     * @param epsPixels the L∞ budget in pixel levels
     * @param seed seed of any random start or search
     * @return the adversarial images, within ε of the clean ones, in the pixels' manager
     */
    NDArray attack(AttackTargets targets, NDArray pixels, NDArray labels, double epsPixels, long seed);

    /**
     * The attack's display name with its step counts ("PGD-50x2").
     *
     * @return the name
     */
    default String name() {
        return spec().name();
    }

    /**
     * What the attack differentiates, in the words reports use.
     *
     * @param targets the networks of this measurement
     * @return the gradient's description ("plain" for a baseline, where BPDA is the plain gradient)
     */
    default String gradient(AttackTargets targets) {
        return targets.jpeg() ? spec().gradient().description() : "plain";
    }

    /**
     * Anything a reader must know about this attack's curve.
     *
     * @return the note, or null
     */
    default String note() {
        return null;
    }

    /**
     * Whether the attack can run on a network of this many classes.
     *
     * @param classes the network's classes
     * @return true unless the attack's loss needs more classes
     */
    default boolean runsOn(int classes) {
        return true;
    }
}
