package org.jpegdl.cli;

import picocli.CommandLine.Option;

/** The {@code --threads} option every verb that runs the engine takes, applied before the engine starts. */
final class EngineThreads {

    @Option(names = "--threads", defaultValue = "2", description = "Engine (intra-op) threads.")
    int threads;

    /** Sets the engine's thread count; must run before the engine starts. */
    void apply() {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
}
