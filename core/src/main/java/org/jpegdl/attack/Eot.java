package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Expectation over transformation (Athalye et al., 2018): when a defence is random, attack the gradient averaged over
 * its randomness. The JPEG layer is deterministic, and in inference mode so are the zoo's networks (dropout is off,
 * batch norm uses running statistics), so EOT is a no-op for them. Rather than assume it, {@link #assess} runs the
 * network twice on the same images: identical logits mean one gradient sample is the expectation, and the attack
 * report says so; different logits mean the attack must average ({@link AttackTarget#withEotSamples}).
 */
public final class Eot {

    private Eot() {}

    /**
     * What EOT means for a network.
     *
     * @param deterministic two forward passes on the same images gave the same logits (to a relative 1e-5)
     * @param samples gradient samples an attack averages (1 when deterministic)
     * @param note the finding in words, for the report
     */
    public record Assessment(boolean deterministic, int samples, String note) {}

    /** Checks the target on {@code probe} images; {@code requestedSamples} applies only to a random network. */
    public static Assessment assess(AttackTarget target, NDArray probe, int requestedSamples) {
        boolean same;
        try (NDManager scope = probe.getManager().newSubManager()) {
            NDArray a = target.logits(probe);
            a.attach(scope);
            NDArray b = target.logits(probe);
            b.attach(scope);
            // rounding differences of a parallel reduction are not randomness: allow a relative 1e-5
            float scale = a.abs().max().getFloat();
            same = a.sub(b).abs().max().getFloat() <= 1e-5f * Math.max(scale, 1e-30f);
        }
        if (same) {
            return new Assessment(
                    true,
                    1,
                    "no-op: the network is deterministic in inference mode (the JPEG layer "
                            + "has no random transform, dropout is off; two forward passes gave the same logits), so the "
                            + "expectation over transformations is the plain gradient");
        }
        return new Assessment(
                false,
                requestedSamples,
                "the network is random in inference mode: every gradient is " + "averaged over " + requestedSamples
                        + " forward/backward passes");
    }
}
