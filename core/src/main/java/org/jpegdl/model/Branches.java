package org.jpegdl.model;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;

/**
 * How parallel branches join in these networks: residual sums and channel concatenations, as DJL
 * {@link ParallelBlock}s ({@link TorchLayers}' joins, without a ReLU after them).
 */
final class Branches {

    private Branches() {}

    /** {@code branch(x) + shortcut(x)}: a residual connection. */
    static Block residual(Block branch, Block shortcut) {
        return TorchLayers.residual(branch, shortcut, false);
    }

    /** {@code branch(x) + x}. */
    static Block residual(Block branch) {
        return residual(branch, Blocks.identityBlock());
    }

    /** {@code concat([x, branch(x)], channels)}: a dense connection. */
    static Block dense(Block branch) {
        return concat(Blocks.identityBlock(), branch);
    }

    /** {@code concat([a(x), b(x)], channels)}. */
    static Block concat(Block a, Block b) {
        return TorchLayers.concatChannels(false, a, b);
    }
}
