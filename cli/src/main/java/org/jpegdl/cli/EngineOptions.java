package org.jpegdl.cli;

import org.jpegdl.nd.Devices;
import picocli.CommandLine.Option;

/**
 * The {@code --threads} and {@code --device} options of every verb that computes, applied before the verb does:
 * the engine's thread counts (before the engine starts), then the device every array lives on.
 */
final class EngineOptions {

    @Option(
            names = "--threads",
            paramLabel = "N",
            description =
                    "Engine (intra-op) threads, at most the cores "
                            + "(default: the machine's cores, as PyTorch's own default; fewer leaves cores to other work). A run "
                            + "trained again with the same count gives the same results bit for bit, another count other results.")
    Integer requestedThreads;

    @Option(
            names = "--device",
            paramLabel = "cpu|gpu|gpu:N",
            description = "Device to compute on (default: what "
                    + "DJL's engine offers: the first GPU with a CUDA build and a GPU, else the CPU). The data pipeline "
                    + "stays on the CPU and copies each batch over.")
    String device;

    /** Sets the engine's thread count (must run before the engine starts), then the device. */
    void apply() {
        int threads = threads();
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Devices.use(device == null ? null : Devices.parse(device));
    }

    /** The engine threads: as given, else the machine's cores. */
    int threads() {
        return requestedThreads != null
                ? requestedThreads
                : Runtime.getRuntime().availableProcessors();
    }
}
