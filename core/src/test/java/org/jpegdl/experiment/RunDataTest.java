package org.jpegdl.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.recipe.DataSettings;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.run.RunConfig;
import org.junit.jupiter.api.Test;

/**
 * The data of a run: class-balanced limits (the training subset follows the seed, the test subset does not), the
 * validation part taken from the whole training split, and no test batches for a validation-only run.
 */
class RunDataTest {

    private static RunConfig config(long seed, int trainLimit, int testLimit, DataSettings settings) {
        return new RunConfig(
                "d",
                "synthetic",
                null,
                "resnet8",
                true,
                Recipe.cifar().withBatchSize(16),
                seed,
                trainLimit,
                testLimit,
                1,
                Map.of(),
                settings);
    }

    private static int[] perClass(ImageDataset images) {
        int[] counts = new int[images.numClasses()];
        for (int i = 0; i < images.size(); i++) {
            counts[images.label(i)]++;
        }
        return counts;
    }

    @Test
    void limitsAreClassBalancedAndTheTestSubsetDoesNotFollowTheSeed() throws IOException {
        RunData three = RunData.of(config(3, 40, 20, DataSettings.defaults()));
        RunData four = RunData.of(config(4, 40, 20, DataSettings.defaults()));
        ImageDataset train3 = three.splits().as(ImageDataset.class).train();
        ImageDataset train4 = four.splits().as(ImageDataset.class).train();
        assertTrue(three.trainSubset());
        assertArrayEquals(new int[] {4, 4, 4, 4, 4, 4, 4, 4, 4, 4}, perClass(train3));
        assertFalse(Arrays.equals(train3.pixels(), train4.pixels()), "another seed, another training subset");
        ImageDataset test3 = three.splits().as(ImageDataset.class).test();
        ImageDataset test4 = four.splits().as(ImageDataset.class).test();
        assertArrayEquals(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, perClass(test3));
        assertArrayEquals(test3.pixels(), test4.pixels(), "every seed sees the same test images");
        assertEquals(40, three.train().imagesPerEpoch());
        assertEquals(3, three.train().batchesPerEpoch());
        assertEquals(20, three.test().dataset().size());
        assertNull(three.validation());
        assertEquals(
                three.splits().train().size(),
                RunData.data(config(3, 40, 20, DataSettings.defaults())).train().size());
    }

    @Test
    void noLimitIsNoSubset() throws IOException {
        RunData whole = RunData.of(config(0, 0, 0, DataSettings.defaults()));
        assertFalse(whole.trainSubset());
        assertEquals(DatasetZoo.SYNTHETIC_TRAIN, whole.splits().train().size());
        assertEquals(DatasetZoo.SYNTHETIC_TEST, whole.test().dataset().size());
    }

    @Test
    void theValidationPartComesOutOfTheWholeTrainingSplit() throws IOException {
        RunData run = RunData.of(config(1, 0, 0, DataSettings.defaults().withValidation(0.2, true)));
        assertNotNull(run.validation());
        assertNull(run.test(), "a validation-only run has no test batches");
        assertEquals(
                DatasetZoo.SYNTHETIC_TRAIN,
                run.splits().train().size() + run.validation().dataset().size());
        assertFalse(run.trainSubset());
    }

    @Test
    void aLimitBelowOneImageAClassIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> RunData.of(config(0, 5, 0, DataSettings.defaults())));
        assertTrue(e.getMessage().contains("training limit of 5"), e.getMessage());
    }
}
