package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jpegdl.explain.LayerExamples;
import org.jpegdl.recipe.DataSettings;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The photo pipeline feeds training: a generated ImageFolder tree of two solid colours (with one broken file, read
 * with skip-bad) trains a JPEG-DL resnet8 at 24 px for 2 epochs above chance, and summary.json lists the broken
 * file.
 */
class PhotoTrainingTest {

    @TempDir
    Path dir;

    static void jpeg(Path file, int rgb, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(image, "jpeg", file.toFile());
    }

    @Test
    void twoColoursAreLearnedFromJpegFilesAndTheBrokenOneIsReported() throws IOException {
        String[] classes = {"blue", "orange"};
        int[] colours = {0x2040D0, 0xE08020};
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 24; i++) {
                jpeg(dir.resolve("data/train").resolve(classes[k]).resolve(i + ".jpg"), colours[k], 28 + i % 5, 30);
            }
            for (int i = 0; i < 6; i++) {
                jpeg(dir.resolve("data/val").resolve(classes[k]).resolve(i + ".jpg"), colours[k], 32, 26 + i);
            }
        }
        Path broken = dir.resolve("data/train/blue/3.jpg");
        Files.write(broken, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2});
        Recipe recipe = Recipe.fineGrained()
                .withEpochs(2)
                .withBatchSize(8)
                .withModelLr(0.05)
                .withTableInit(TableInitialization.quality(50));
        // the whole path a user takes: train --dataset imagefolder --data DIR --image-size 24 --skip-bad
        RunConfig config = new RunConfig(
                "photos",
                "imagefolder",
                dir.resolve("data").toString(),
                "resnet8",
                true,
                recipe,
                3,
                0,
                0,
                2,
                Map.of(),
                new DataSettings(24, true, 2, null, 0));
        RunDirectory run = new RunDirectory(dir.resolve("runs/photos"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RunSummary summary =
                RunTraining.train(config, run, false, new PrintStream(log, true, StandardCharsets.UTF_8), false);
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(
                printed.contains("1 unreadable image(s) left out") && printed.contains("skipped " + broken), printed);
        assertTrue(summary.finalTop1() > 0.75, "two classes, chance 50%: top-1 " + summary.finalTop1());
        assertEquals(47, summary.trainImages(), "48 files listed, one of them broken: 47 usable");
        assertEquals(12, summary.testImages());
        assertEquals(1, summary.skippedImages().size(), summary.skippedImages().toString());
        assertTrue(
                summary.skippedImages().get(0).startsWith(broken + ": "),
                summary.skippedImages().get(0));
        assertEquals(summary.skippedImages(), run.readSummary().skippedImages());
        // the report's before/after images come from photo files too
        LayerExamples examples = LayerExamples.of(run, 4);
        assertEquals(4, examples.images());
        assertEquals(3, examples.channels());
        assertEquals(24, examples.height());
        assertEquals(examples.inputs().length, examples.soft().length);
    }
}
