package org.jpegdl.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheOldFileWholeAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("summary.json");
        AtomicFiles.writeString(file, "{\"old\": true}\n");
        IOException e = assertThrows(
                IOException.class,
                () -> AtomicFiles.write(file, out -> {
                    out.write("{\"new\": ".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    throw new IOException("disk full");
                }));
        assertEquals("cannot write " + file + ": disk full", e.getMessage());
        assertEquals("{\"old\": true}\n", Files.readString(file));
        assertEquals(List.of("summary.json"), names());
    }

    @Test
    void writesCreateTheDirectoryAndReplaceTheFileWhole() throws IOException {
        Path file = dir.resolve("plots/curves.png");
        AtomicFiles.write(file, new byte[] {1, 2, 3});
        AtomicFiles.write(file, new byte[] {4});
        assertEquals(1, Files.size(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void concurrentWritersOfOneFileNeverLeaveAMixture() throws Exception {
        Path file = dir.resolve("cache.bin");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < 16; w++) {
                byte value = (byte) w;
                writes.add(pool.submit(() -> {
                    byte[] bytes = new byte[64 * 1024];
                    Arrays.fill(bytes, value);
                    AtomicFiles.write(file, bytes);
                    return null;
                }));
            }
            for (Future<?> f : writes) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        byte[] result = Files.readAllBytes(file);
        assertEquals(64 * 1024, result.length);
        for (byte b : result) {
            assertEquals(result[0], b);
        }
        assertEquals(List.of("cache.bin"), names());
    }

    @Test
    void aFolderThatCannotTakeTheFileIsNamedWithTheUsersFile() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("runs"), "a file where a folder should be");
        Path file = notAFolder.resolve("r/summary.json");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(file, "{}"));
        assertTrue(e.getMessage().startsWith("cannot write " + file + ": "), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), "names the user's file, not a temporary one: " + e.getMessage());
    }
}
