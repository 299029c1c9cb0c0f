package org.jpegdl.model;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;

import java.util.List;

/** The two ways a branch joins its input in these networks, as DJL {@link ParallelBlock}s. */
final class Shortcut {

    private Shortcut() {
    }

    /** {@code branch(x) + shortcut(x)}: a residual connection. */
    static Block sum(Block branch, Block shortcut) {
        return new ParallelBlock(outs -> new NDList(
                outs.get(0).singletonOrThrow().add(outs.get(1).singletonOrThrow())), List.of(branch, shortcut));
    }

    /** {@code branch(x) + x}. */
    static Block sum(Block branch) {
        return sum(branch, Blocks.identityBlock());
    }

    /** {@code concat([x, branch(x)], channels)}: a dense connection. */
    static Block concat(Block branch) {
        return concatBranches(Blocks.identityBlock(), branch);
    }

    /** {@code concat([a(x), b(x)], channels)}. */
    static Block concatBranches(Block a, Block b) {
        return new ParallelBlock(outs -> new NDList(NDArrays.concat(
                new NDList(outs.get(0).singletonOrThrow(), outs.get(1).singletonOrThrow()), 1)), List.of(a, b));
    }
}
