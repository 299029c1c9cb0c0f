package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jpegdl.data.Batches;
import org.jpegdl.data.DatasetSplits;
import org.jpegdl.data.EpochIterator;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.recipe.DataSettings;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's test split as uint8 images for real JPEG files: photo files come out as the run's evaluation batches hold
 * them, rounded to bytes; an unreadable file is left out and named; an in-memory split is returned as it is.
 */
class EvaluationImagesTest {

    @TempDir
    Path dir;

    private static void png(Path file, int seed, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x * 7 + seed * 31) % 256) << 16 | ((y * 11 + seed) % 256) << 8 | (x * y) % 256);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void photoFilesBecomeTheBytesOfTheEvaluationBatches() throws IOException {
        for (String c : new String[] {"a", "b"}) {
            for (int i = 0; i < 3; i++) {
                png(dir.resolve("data/train").resolve(c).resolve(i + ".png"), i, 30 + i, 26);
                png(dir.resolve("data/val").resolve(c).resolve(i + ".png"), 10 + i, 27 + 3 * i, 33);
            }
        }
        Path broken = dir.resolve("data/val/b/9.png");
        Files.write(broken, new byte[] {1, 2, 3});
        RunConfig config = new RunConfig(
                "p",
                "imagefolder",
                dir.resolve("data").toString(),
                "resnet8",
                true,
                Recipe.fineGrained().withTableInit(TableInitialization.quality(50)),
                0,
                0,
                0,
                1,
                Map.of(),
                new DataSettings(16, true, 1, null, 0));
        DatasetSplits<LabelledImages> data = RunAssembly.data(config);
        List<String> skipped = new ArrayList<>();
        ImageDataset images = RunAssembly.evaluationImages(data.test(), config, skipped);
        assertEquals(1, skipped.size(), skipped.toString());
        assertTrue(skipped.get(0).startsWith(broken.toString()), skipped.get(0));
        assertEquals(6, images.size());
        assertEquals(3, images.channels());
        assertEquals(16, images.height());
        assertEquals(16, images.width());
        Batches batches = RunAssembly.evaluationBatches(data.test(), config, 64);
        try (NDManager m = NDManager.newBaseManager();
                EpochIterator it = batches.epoch(0);
                Batch batch = it.next(m)) {
            float[] held = batch.getData().singletonOrThrow().toFloatArray();
            int[] labels = batch.getLabels()
                    .singletonOrThrow()
                    .toType(ai.djl.ndarray.types.DataType.INT32, false)
                    .toIntArray();
            assertEquals(held.length, images.pixels().length);
            for (int k = 0; k < held.length; k++) {
                assertEquals(Math.max(0, Math.min(255, Math.round(held[k]))), images.pixels()[k] & 0xFF, "value " + k);
            }
            for (int i = 0; i < labels.length; i++) {
                assertEquals(labels[i], images.label(i));
            }
        }
        ImageDataset inMemory = RunAssembly.data(
                        new RunConfig("m", "synthetic", null, "resnet8", true, Recipe.cifar(), 0, 20, 20, 1, Map.of()))
                .as(ImageDataset.class)
                .test();
        assertSame(inMemory, RunAssembly.evaluationImages(inMemory, config, null));
    }
}
