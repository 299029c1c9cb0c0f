package org.jpegdl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subsets, seeded shuffles and balanced samples keep images and labels together. */
class ImageDatasetTest {

    /** {@code count} 1×2×2 images whose bytes all equal their index; label = index % classes. */
    static ImageDataset numbered(int count, int classes) {
        byte[] pixels = new byte[count * 4];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            Arrays.fill(pixels, i * 4, i * 4 + 4, (byte) i);
            labels[i] = i % classes;
        }
        return new ImageDataset("numbered", "test", pixels, labels, classes, 1, 2, 2, List.of());
    }

    @Test
    void subsetCopiesImagesWithTheirLabels() {
        ImageDataset data = numbered(10, 3);
        ImageDataset subset = data.subset(new int[] {7, 2, 7});
        assertEquals(3, subset.size());
        assertArrayEquals(new byte[] {7, 7, 7, 7}, subset.image(0));
        assertArrayEquals(new byte[] {2, 2, 2, 2}, subset.image(1));
        assertArrayEquals(new int[] {1, 2, 1}, subset.labels());
        assertThrows(IndexOutOfBoundsException.class, () -> data.subset(new int[] {10}));
    }

    @Test
    void shuffledIndicesArePermutationsFixedBySeed() {
        ImageDataset data = numbered(200, 4);
        int[] a = data.shuffledIndices(5);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertArrayEquals(a, data.shuffledIndices(5));
        assertFalse(Arrays.equals(a, data.shuffledIndices(6)));
    }

    @Test
    void balancedIndicesTakeEqualCountsPerClassInOrder() {
        ImageDataset data = numbered(100, 4);
        int[] chosen = data.balancedIndices(7, 1);
        assertEquals(28, chosen.length);
        assertArrayEquals(new int[] {7, 7, 7, 7}, data.subset(chosen).classCounts());
        for (int i = 1; i < chosen.length; i++) {
            assertEquals(true, chosen[i] > chosen[i - 1], "ascending and distinct");
        }
        assertArrayEquals(chosen, data.balancedIndices(7, 1));
        assertFalse(Arrays.equals(chosen, data.balancedIndices(7, 2)));
        assertThrows(IllegalArgumentException.class, () -> data.balancedIndices(26, 1));
    }

    @Test
    void rejectsInconsistentArrays() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ImageDataset("x", "t", new byte[7], new int[2], 2, 1, 2, 2, List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ImageDataset("x", "t", new byte[8], new int[] {0, 2}, 2, 1, 2, 2, List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ImageDataset("x", "t", new byte[8], new int[] {0, 1}, 2, 1, 2, 2, List.of("a")));
    }
}
