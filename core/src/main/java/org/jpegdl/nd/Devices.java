package org.jpegdl.nd;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import java.util.Locale;

/**
 * The device jpegdl computes on: every manager jpegdl makes comes from {@link #newBaseManager()}, so every array of a
 * run, an evaluation or an analysis lives there. Until {@link #use} chooses one (a verb's {@code --device}), it is
 * DJL's engine default: the first GPU when the engine has CUDA and sees one, else the CPU. The data pipeline stays on
 * the CPU in Java arrays; each batch is created on the device from them, which copies it over.
 */
public final class Devices {

    private static volatile Device chosen;

    private Devices() {}

    /** The device chosen with {@link #use}, else the engine's default. */
    public static Device current() {
        Device device = chosen;
        return device != null ? device : Engine.getInstance().defaultDevice();
    }

    /** Computes on {@code device} from now on (null: the engine's default again). */
    public static void use(Device device) {
        chosen = device;
    }

    /** A new root manager on {@link #current()}. */
    public static NDManager newBaseManager() {
        return NDManager.newBaseManager(current());
    }

    /** The device as {@code --device} names it: {@code cpu} or {@code gpu:N}. */
    public static String name(Device device) {
        return device.isGpu() ? "gpu:" + device.getDeviceId() : device.getDeviceType();
    }

    /**
     * The device {@code name} names: {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}; an
     * IllegalArgumentException in one line when the name is malformed or the engine cannot compute there (no CUDA
     * build of the native library, or fewer GPUs).
     */
    public static Device parse(String name) {
        String text = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (text.equals("cpu")) {
            return Device.cpu();
        }
        int index;
        if (text.equals("gpu")) {
            index = 0;
        } else if (text.matches("gpu:\\d{1,3}")) {
            index = Integer.parseInt(text.substring(4));
        } else {
            throw new IllegalArgumentException("--device must be cpu, gpu or gpu:N, got '" + name + "'");
        }
        Engine engine = Engine.getInstance();
        if (!engine.hasCapability(StandardCapabilities.CUDA)) {
            throw new IllegalArgumentException("--device " + text + ": this build's " + engine.getEngineName() + " "
                    + engine.getVersion() + " native library has no CUDA (build with mvn -Pcuda on a machine with an "
                    + "NVIDIA driver; see the README), so only --device cpu works here");
        }
        int gpus = engine.getGpuCount();
        if (index >= gpus) {
            throw new IllegalArgumentException("--device " + text + ": the engine sees " + gpus + " GPU(s)"
                    + (gpus > 0 ? " (gpu:0 to gpu:" + (gpus - 1) + ")" : ""));
        }
        return Device.gpu(index);
    }
}
