package org.jpegdl.train;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's memory as training sees it: the resident set, the bytes allocated in the C heap (where PyTorch keeps
 * CPU tensors), and {@link #settle()}, which hands memory that is no longer used back to the system at a quiet moment.
 *
 * <p>Between epochs the resident set otherwise mostly shows allocator state, not what is in use: the Java collector
 * touches more of its heap until it has used every committed region once, DJL's direct buffers (batch transfers) are
 * freed only when the collector runs, and glibc keeps freed tensor memory in the process (the launcher asks it to keep
 * up to 512 MiB, so that steps do not page-fault their tensors in again). The C heap is measured and trimmed through
 * glibc ({@code mallinfo2}, {@code malloc_trim}, bound with JNA); with another C library those parts do nothing.
 */
public final class ProcessMemory {

    private static final double MIB = 1024.0 * 1024.0;
    private static final GlibcMalloc GLIBC = loadGlibc();

    private ProcessMemory() {}

    /** glibc's allocator entry points. */
    interface GlibcMalloc extends Library {
        int malloc_trim(long pad);

        MallInfo2 mallinfo2();
    }

    /** glibc's {@code struct mallinfo2}; every field is a size_t. */
    @Structure.FieldOrder({
        "arena",
        "ordblks",
        "smblks",
        "hblks",
        "hblkhd",
        "usmblks",
        "fsmblks",
        "uordblks",
        "fordblks",
        "keepcost"
    })
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    private static GlibcMalloc loadGlibc() {
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            return null;
        }
        try {
            GlibcMalloc c = Native.load("c", GlibcMalloc.class);
            c.mallinfo2(); // glibc 2.33 or later; musl and older glibc fail here
            return c;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /**
     * Collects Java garbage (direct buffers of finished batches hold C memory until then) and returns the C heap's
     * free pages to the system ({@code malloc_trim(0)}). A full collection of a training process's small live set
     * takes tens of milliseconds; call it between epochs, not between steps.
     */
    public static void settle() {
        System.gc();
        if (GLIBC != null) {
            GLIBC.malloc_trim(0);
        }
    }

    /** The resident set size in MiB from /proc/self/status, or −1 where that is not available. */
    public static double residentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** MiB allocated in the C heap and not freed (all arenas and mmapped blocks), or −1 where not measurable. */
    public static double nativeHeapInUseMb() {
        if (GLIBC == null) {
            return -1;
        }
        MallInfo2 info = GLIBC.mallinfo2();
        return (info.uordblks + info.hblkhd) / MIB;
    }
}
