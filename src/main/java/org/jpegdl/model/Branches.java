package org.jpegdl.model;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;

import java.util.List;

/**
 * How parallel branches join in these networks: residual sums and channel concatenations, as DJL
 * {@link ParallelBlock}s.
 */
final class Branches {

    private Branches() {
    }

    /** {@code branch(x) + shortcut(x)}: a residual connection. */
    static Block residual(Block branch, Block shortcut) {
        return new ParallelBlock(outs -> new NDList(
                outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())), List.of(branch, shortcut));
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
        return new ParallelBlock(outs -> new NDList(NDArrays.concat(
                new NDList(outs.get(0).singletonOrThrow(), outs.get(1).singletonOrThrow()), 1)), List.of(a, b));
    }
}
