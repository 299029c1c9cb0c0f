package org.jpegdl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The synthetic set is fixed by its seed, balanced, and learnable. */
class SyntheticTest {

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() {
        Synthetic synthetic = Synthetic.builder()
                .optNumClasses(5)
                .optChannels(1)
                .optImageSize(16, 20)
                .build();
        ImageDataset a = synthetic.generate(50, 3);
        ImageDataset b = synthetic.generate(50, 3);
        assertArrayEquals(a.pixels(), b.pixels());
        assertArrayEquals(a.labels(), b.labels());
        ImageDataset c = synthetic.generate(50, 4);
        assertFalse(Arrays.equals(a.pixels(), c.pixels()));
        assertEquals(1, a.channels());
        assertEquals(16, a.height());
        assertEquals(20, a.width());
        assertArrayEquals(new int[] {10, 10, 10, 10, 10}, a.classCounts());
    }

    @Test
    void splitsDifferAndShareTheShape() {
        DatasetSplits<ImageDataset> splits = Synthetic.builder().build().splits(40, 20, 1);
        assertEquals(40, splits.train().size());
        assertEquals(20, splits.test().size());
        assertEquals(3, splits.test().channels());
        assertFalse(Arrays.equals(splits.train().image(0), splits.test().image(0)));
    }

    @Test
    void nearestClassMeanSeparatesTheClasses() {
        // Learnable: even a nearest-class-mean classifier fitted on the training split labels the test split well.
        for (int channels : new int[] {1, 3}) {
            DatasetSplits<ImageDataset> splits =
                    Synthetic.builder().optChannels(channels).build().splits(500, 200, 9);
            ImageDataset train = splits.train();
            int n = train.imageBytes();
            double[][] means = new double[10][n];
            int[] counts = train.classCounts();
            for (int i = 0; i < train.size(); i++) {
                for (int p = 0; p < n; p++) {
                    means[train.label(i)][p] += (train.pixels()[i * n + p] & 0xFF) / (double) counts[train.label(i)];
                }
            }
            ImageDataset test = splits.test();
            int correct = 0;
            for (int i = 0; i < test.size(); i++) {
                int best = -1;
                double bestDistance = Double.MAX_VALUE;
                for (int k = 0; k < 10; k++) {
                    double distance = 0;
                    for (int p = 0; p < n; p++) {
                        double d = (test.pixels()[i * n + p] & 0xFF) - means[k][p];
                        distance += d * d;
                    }
                    if (distance < bestDistance) {
                        bestDistance = distance;
                        best = k;
                    }
                }
                correct += best == test.label(i) ? 1 : 0;
            }
            assertTrue(correct >= 0.95 * test.size(), channels + " channels: " + correct + "/" + test.size());
        }
    }
}
