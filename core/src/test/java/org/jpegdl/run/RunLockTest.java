package org.jpegdl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run-folder lock: one owner at a time, in this process and across processes, stale locks taken over. */
class RunLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondOwnerInThisProcessIsRefusedUntilTheFirstCloses() throws IOException {
        Path run = dir.resolve("r");
        try (RunLock first = RunLock.acquire(run, "train", null)) {
            String text = Files.readString(run.resolve(RunLock.FILE));
            assertTrue(text.contains("process " + ProcessHandle.current().pid()) && text.contains("train"), text);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> RunLock.acquire(run, "compare", null));
            assertTrue(
                    e.getMessage()
                                    .contains("in use by process "
                                            + ProcessHandle.current().pid())
                            && e.getMessage().contains(run.toString()),
                    e.getMessage());
        }
        assertFalse(Files.exists(run.resolve(RunLock.FILE)), "released on close");
        RunLock.acquire(run, "train", null).close();
    }

    @Test
    void aStaleLockIsTakenOverWithALine() throws IOException {
        Path run = Files.createDirectories(dir.resolve("stale"));
        Files.writeString(run.resolve(RunLock.FILE), "process 2147483000 (jpegdl train)\n");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (RunLock lock = RunLock.acquire(run, "train", new PrintStream(log, true, StandardCharsets.UTF_8))) {
            assertTrue(
                    log.toString(StandardCharsets.UTF_8).contains("stale lock of process 2147483000"),
                    log.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anotherProcessHoldingTheFolderRefusesThisOneAndItsEndFreesIt() throws Exception {
        Path run = dir.resolve("shared");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        RunLockHolder.class.getName(),
                        run.toString())
                .redirectErrorStream(true)
                .start();
        try {
            // the holder prints one line once it owns the folder
            String line = new String(holder.getInputStream().readNBytes(6), StandardCharsets.UTF_8);
            assertEquals("locked", line);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> RunLock.acquire(run, "train", null));
            assertTrue(e.getMessage().contains("process " + holder.pid()), e.getMessage());
        } finally {
            holder.destroyForcibly(); // kill -9: the system releases its lock, its file stays behind
            holder.waitFor(20, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(run.resolve(RunLock.FILE)), "a killed owner leaves its lock file");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (RunLock lock = RunLock.acquire(run, "train", new PrintStream(log, true, StandardCharsets.UTF_8))) {
            assertTrue(
                    log.toString(StandardCharsets.UTF_8).contains("stale lock of process " + holder.pid()),
                    log.toString(StandardCharsets.UTF_8));
        }
    }
}
