package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./jpegdl} launcher's build step, with a stand-in Maven that colours its output as Debian's does. */
class LauncherTest {

    @TempDir
    Path dir;

    @Test
    void theBuildStepPassesNoColourCodesThrough() throws IOException, InterruptedException {
        Path launcher = dir.resolve("jpegdl");
        Files.copy(Path.of("../jpegdl"), launcher);
        Files.createDirectories(dir.resolve("core/src/main"));
        Files.createDirectories(dir.resolve("cli/src/main"));
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        // prints colour resets around its message and makes a jar that is not one, so the launcher stops after it
        Files.writeString(
                mvn,
                "#!/usr/bin/env bash\nprintf '\\033[0m\\033[1mbuilt\\033[m\\n'\n"
                        + "mkdir -p cli/target && echo not-a-jar > cli/target/jpegdl.jar\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "--help")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.contains("built"), out);
        assertFalse(out.contains("\u001b"), "escape codes reached the output: " + out.replace("\u001b", "ESC"));
    }
}
