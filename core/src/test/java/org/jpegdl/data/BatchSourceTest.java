package org.jpegdl.data;

import static org.jpegdl.data.PhotoFixtures.jpeg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each source of {@link Batches} says about its batches: the input transform of evaluation batches (refused for
 * training ones), and one evaluation batch of chosen images, the same as the evaluation pipeline's own batch of them.
 */
class BatchSourceTest {

    static final ImageDataset GREY =
            Synthetic.builder().optChannels(1).optImageSize(28, 28).build().generate(12, 3);

    @TempDir
    Path dir;

    @Test
    void inMemoryImagesGiveTheirSizePaddedAsTheAugmentPads() {
        Batches evaluation = Batches.builder()
                .setDataset(GREY)
                .setBatchSize(4)
                .optShuffle(false)
                .optAugment(Augment.evaluation(32))
                .build();
        assertEquals(new InputTransform(1, 28, 28, 32, 0), evaluation.inputTransform());
        assertEquals(evaluation.inputTransform(), InputTransform.of(evaluation));
        assertArrayEquals(new int[] {1, 32, 32}, evaluation.inputTransform().outputShape());
        Batches training = Batches.builder()
                .setDataset(GREY)
                .setBatchSize(4)
                .optAugment(Augment.cifarTraining(32))
                .build();
        assertThrows(IllegalArgumentException.class, training::inputTransform);
        // the training pipeline's evaluation images are the evaluation pipeline's batch of the same images
        int[] chosen = {7, 2, 11};
        PreparedBatch one = training.evaluationImages(chosen);
        PreparedBatch reference = Batches.builder()
                .setDataset(GREY.subset(chosen))
                .setBatchSize(3)
                .optShuffle(false)
                .optAugment(Augment.evaluation(32))
                .build()
                .prepare(0, 0, new int[] {0, 1, 2});
        assertArrayEquals(reference.data(), one.data());
        assertArrayEquals(reference.labels(), one.labels());
        assertEquals(1, one.batchesInEpoch());
    }

    @Test
    void imageFilesGiveTheirCropSize() {
        for (int i = 0; i < 4; i++) {
            jpeg(dir.resolve("train/a/" + i + ".jpg"), 30 + 3 * i, 26, 0xC02020 + 8 * i);
            jpeg(dir.resolve("train/b/" + i + ".jpg"), 24, 35 - 2 * i, 0x2020C0 + 8 * i);
            jpeg(dir.resolve("val/a/" + i + ".jpg"), 28, 28, 0xC02020);
            jpeg(dir.resolve("val/b/" + i + ".jpg"), 28, 28, 0x2020C0);
        }
        ImageList files =
                ImageFolder.read(dir, "imagefolder", DatasetOptions.defaults()).train();
        Batches evaluation = Batches.builder()
                .setImages(files)
                .setBatchSize(4)
                .optShuffle(false)
                .optPhotoTransform(PhotoTransform.evaluation(16))
                .build();
        assertEquals(new InputTransform(3, 16, 16, 0, 16), evaluation.inputTransform());
        Batches training = Batches.builder()
                .setImages(files)
                .setBatchSize(4)
                .optSeed(5)
                .optPhotoTransform(PhotoTransform.training(16))
                .optDecodeThreads(2)
                .build();
        assertThrows(IllegalArgumentException.class, training::inputTransform);
        int[] chosen = {6, 1, 3};
        PreparedBatch one = training.evaluationImages(chosen);
        PreparedBatch reference = Batches.builder()
                .setImages(files.subset(chosen))
                .setBatchSize(3)
                .optShuffle(false)
                .optPhotoTransform(PhotoTransform.evaluation(16))
                .build()
                .prepare(0, 0, new int[] {0, 1, 2});
        assertArrayEquals(reference.data(), one.data());
        assertArrayEquals(reference.labels(), one.labels());
        assertArrayEquals(new int[] {0, 1, 2}, one.indices());
    }
}
