package org.jpegdl.nd;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Test support: a garbage collection between a forward and a backward pass, after which the native memory of every
 * closed DJL array that wrapped a direct buffer is freed and written over. Gradients must not change because of it.
 */
public final class FreedBuffers {

    private FreedBuffers() {}

    /** Collects garbage, lets the cleaner free direct buffers, and reuses their memory with a large float value. */
    public static void collectAndOverwrite() {
        System.gc();
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> keep = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 + 4 * (i % 16)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(1e30f);
            }
            keep.add(b);
        }
        keep.clear();
    }

    /**
     * Calls {@code work} {@code times} times while another thread collects garbage and overwrites freed buffers
     * without pause, so that collections fall between the forward and backward passes inside {@code work}.
     */
    public static <T> List<T> whileCollecting(int times, Supplier<T> work) {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread collector = new Thread(
                () -> {
                    while (running.get()) {
                        collectAndOverwrite();
                    }
                },
                "freed-buffers");
        collector.setDaemon(true);
        collector.start();
        List<T> out = new ArrayList<>();
        try {
            for (int i = 0; i < times; i++) {
                out.add(work.get());
            }
        } finally {
            running.set(false);
            try {
                collector.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return out;
    }

    /**
     * Runs the block forward in training mode on a copy of {@code input} that requires a gradient, optionally collects
     * garbage before the backward pass of Σ output·w (w fixed), and returns the input's gradient followed by each
     * trainable parameter's gradient.
     */
    public static List<float[]> gradients(Block block, NDManager manager, NDArray input, boolean collectInBetween) {
        List<float[]> out = new ArrayList<>();
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = input.duplicate();
            x.attach(batch);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(batch, false), new NDList(x), true)
                        .singletonOrThrow();
                NDArray w = batch.arange((float) y.size()).reshape(y.getShape()).sin();
                NDArray loss = y.mul(w).sum();
                if (collectInBetween) {
                    collectAndOverwrite();
                }
                collector.backward(loss);
            }
            out.add(x.getGradient().toFloatArray());
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    NDArray g = p.getValue().getArray().getGradient();
                    out.add(g.toFloatArray());
                    g.subi(g);
                }
            }
        }
        return out;
    }
}
