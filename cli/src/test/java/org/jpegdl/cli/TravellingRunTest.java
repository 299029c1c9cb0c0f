package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.data.RgbImage;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.io.FileTrees;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished run loads from its own folder alone: a JPEG-DL run whose tables started from its baseline's sensitivity
 * map, moved out of its comparison, its baseline deleted, loads through {@code predict}, {@code eval},
 * {@code report} and DJL's Criteria from another working directory, with what {@code predict} gave before the move.
 */
class TravellingRunTest {

    @TempDir
    Path dir;

    @Test
    void aMovedRunLoadsWithoutItsBaselineFromAnotherWorkingDirectory() throws Exception {
        CliRun trained = CliRun.of(
                "compare",
                "--dataset",
                "synthetic",
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--seeds",
                "0",
                "--train-limit",
                "100",
                "--test-limit",
                "40",
                "--batch-size",
                "25",
                "--runs-dir",
                dir.toString(),
                "--name",
                "c",
                "--no-progress",
                "--no-report");
        assertEquals(0, trained.exit(), trained.out() + trained.err());
        Path cmp = dir.resolve("c");
        RunConfig config = new RunDirectory(cmp.resolve("jpegdl-s0")).readConfig();
        assertEquals(
                "sensitivity:" + cmp.toAbsolutePath().resolve("baseline-s0"),
                config.recipe().tableInit().toString(),
                "the baseline stored absolute");
        ImageDataset test = RunAssembly.data(config).as(ImageDataset.class).test();
        Path image = dir.resolve("image.png");
        ImageIO.write(
                new RgbImage(test.width(), test.height(), test.image(0)).toBufferedImage(), "png", image.toFile());
        CliRun before =
                CliRun.of("predict", "--run", cmp.resolve("jpegdl-s0").toString(), image.toString(), "--top", "1");
        assertEquals(0, before.exit(), before.err());

        Path moved = dir.resolve("elsewhere/run");
        Files.createDirectories(moved.getParent());
        Files.move(cmp.resolve("jpegdl-s0"), moved);
        FileTrees.delete(cmp);
        Path home = Files.createDirectories(dir.resolve("home"));
        Process java = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dai.djl.offline=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LoadFromElsewhere.class.getName(),
                        moved.toString(),
                        image.toString()))
                .directory(home.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(java.getInputStream().readAllBytes());
        assertTrue(java.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, java.exitValue(), output);
        for (String verb : List.of("predict", "eval", "report")) {
            assertTrue(output.contains("exit " + verb + " 0"), output);
        }
        assertFalse(output.contains("baseline-s0"), "nothing names the deleted baseline: " + output);
        // the moved run classifies the image as it did in place: predict's line and Criteria's top class agree
        String line = before.out()
                .lines()
                .filter(l -> l.startsWith(image.toString()))
                .findFirst()
                .orElseThrow();
        String predicted = line.substring(line.indexOf(':') + 1).trim();
        assertTrue(output.contains(image + ":  " + predicted), before.out() + "\n" + output);
        String className = predicted.substring(0, predicted.lastIndexOf(' '));
        assertTrue(output.contains("criteria " + className + " "), output);
        assertTrue(Files.isRegularFile(moved.resolve("report.html")));
    }
}
