package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jpegdl datasets} lists the photo sets and counts a photo tree's splits per class. */
class DatasetsCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void jpeg(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR), "jpeg", file.toFile());
    }

    @Test
    void listsThePhotoSetsWithWhatTheyExpect() {
        CliRun list = run("datasets");
        assertEquals(0, list.exit(), list.err());
        for (String name :
                new String[] {"cub200", "stanford-dogs", "flowers102", "oxford-pets", "imagenet", "imagefolder"}) {
            assertTrue(list.out().contains(name), name + " missing from: " + list.out());
        }
        assertTrue(list.out().contains("train_test_split.txt") && list.out().contains("setid.mat"), list.out());
    }

    @Test
    void countsImagesPerSplitAndClassAndListsSkipped() throws IOException {
        for (int i = 0; i < 3; i++) {
            jpeg(dir.resolve("train/cat/" + i + ".jpg"));
        }
        jpeg(dir.resolve("train/dog/0.jpg"));
        jpeg(dir.resolve("val/cat/0.jpg"));
        Files.createDirectories(dir.resolve("train/eel"));
        CliRun bad = run("datasets", "--dataset", "imagefolder", "--data", dir.toString());
        assertEquals(Main.EXIT_USAGE, bad.exit());
        assertTrue(bad.err().contains("train/eel") && bad.err().contains("no images"), bad.err());
        CliRun check = run("datasets", "--dataset", "imagefolder", "--data", dir.toString(), "--skip-bad");
        assertEquals(0, check.exit(), check.err());
        assertTrue(check.out().contains("train       4 images, 3 classes"), check.out());
        assertTrue(check.out().contains("test        1 images"), check.out());
        assertTrue(check.out().matches("(?s).*cat\\s+3\\n.*dog\\s+1\\n.*"), check.out());
        assertTrue(check.out().contains("skipped " + dir.resolve("train/eel")), check.out());
    }

    @Test
    void namesTheClassesOnceAndDecodesWhatItReportsOnWhenAsked() throws IOException {
        for (int i = 0; i < 2; i++) {
            jpeg(dir.resolve("train/cat/" + i + ".jpg"));
            jpeg(dir.resolve("val/cat/" + i + ".jpg"));
        }
        jpeg(dir.resolve("train/dog/0.jpg"));
        jpeg(dir.resolve("val/dog/0.jpg"));
        Files.write(dir.resolve("train/dog/empty.jpg"), new byte[0]);
        CliRun listed = run("datasets", "--dataset", "imagefolder", "--data", dir.toString(), "--skip-bad");
        assertEquals(0, listed.exit(), listed.err());
        assertFalse(listed.out().matches("(?s).*classes, 2 classes.*"), listed.out());
        assertTrue(listed.out().contains("listed, not decoded"), listed.out());
        CliRun decoded =
                run("datasets", "--dataset", "imagefolder", "--data", dir.toString(), "--skip-bad", "--decode");
        assertEquals(0, decoded.exit(), decoded.err());
        assertTrue(decoded.out().contains("does not decode: " + dir.resolve("train/dog/empty.jpg")), decoded.out());
        assertTrue(decoded.out().contains("3 of 4 images decode"), decoded.out());
    }
}
