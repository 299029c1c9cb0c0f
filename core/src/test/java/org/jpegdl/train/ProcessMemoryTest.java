package org.jpegdl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory figures a run records: resident set and C heap in use, read through /proc and glibc. */
class ProcessMemoryTest {

    @TempDir
    Path dir;

    @Test
    void cHeapInUseFollowsATensorFromAllocationToClose() {
        assumeTrue(ProcessMemory.nativeHeapInUseMb() >= 0, "C heap figures need glibc 2.33+");
        ProcessMemory.settle();
        double before = ProcessMemory.nativeHeapInUseMb();
        double during;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray big = m.ones(new Shape(16, 1024, 1024)); // 64 MiB of float32, allocated by PyTorch
            during = ProcessMemory.nativeHeapInUseMb();
            assertEquals(16L << 20, big.size());
        }
        double after = ProcessMemory.nativeHeapInUseMb();
        // a wrong struct layout would read other fields (free bytes, arena sizes) and miss these bounds
        assertTrue(during - before > 60 && during - before < 80, "64 MiB tensor: " + before + " → " + during);
        assertTrue(Math.abs(after - before) < 8, "after close: " + before + " → " + after);
    }

    @Test
    void residentSetGrowsWhenPagesAreTouched() {
        assumeTrue(ProcessMemory.residentMb() > 0, "needs /proc/self/status");
        try (NDManager m = NDManager.newBaseManager()) {
            double before = ProcessMemory.residentMb();
            NDArray touched = m.ones(new Shape(32, 1024, 1024)); // 128 MiB written
            double during = ProcessMemory.residentMb();
            assertTrue(during - before > 100, "128 MiB touched: " + before + " → " + during + " MiB");
            touched.close();
        }
    }

    @Test
    void metricsWrittenBeforeTheCHeapWasRecordedStillRead() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("old"));
        Files.createDirectories(run.root());
        Files.writeString(
                run.metrics(),
                "{\"epoch\":1,\"trainLoss\":2.0,\"trainTop1\":0.1,\"testLoss\":2.1,"
                        + "\"testTop1\":0.12,\"testTop5\":0.5,\"modelLr\":0.05,\"tableLr\":0.003,\"tables\":[],"
                        + "\"seconds\":3.5,\"trainImagesPerSecond\":100.0,\"residentMemoryMb\":512.0}\n",
                StandardCharsets.UTF_8);
        EpochMetrics m = run.readMetrics().get(0);
        assertEquals(512.0, m.residentMemoryMb());
        assertNull(m.nativeHeapMb());
    }
}
