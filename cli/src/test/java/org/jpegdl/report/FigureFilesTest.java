package org.jpegdl.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A figure is drawn again exactly when the file it is drawn from was written after it (or it is missing). */
class FigureFilesTest {

    @TempDir
    Path dir;

    @Test
    void figureIsOutdatedWhenMissingOrNotNewerThanItsSource() throws IOException {
        Path json = Files.writeString(dir.resolve("attack.json"), "{}");
        Path png = dir.resolve("plots/attack.png");
        assertTrue(FigureFiles.outdated(png, json), "no figure yet");
        Files.createDirectories(png.getParent());
        Files.writeString(png, "drawn");
        Files.setLastModifiedTime(json, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(png, FileTime.fromMillis(2_000_000));
        assertFalse(FigureFiles.outdated(png, json), "drawn after the source was written");
        Files.setLastModifiedTime(json, FileTime.fromMillis(3_000_000));
        assertTrue(FigureFiles.outdated(png, json), "the source was written again");
        Files.setLastModifiedTime(png, FileTime.fromMillis(3_000_000));
        assertTrue(FigureFiles.outdated(png, json), "same time: drawn again rather than left stale");
        assertFalse(FigureFiles.outdated(png, dir.resolve("missing.json")), "nothing to draw from");
    }
}
