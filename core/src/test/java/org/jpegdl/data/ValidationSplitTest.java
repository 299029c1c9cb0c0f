package org.jpegdl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The validation split is stratified, disjoint from training, the seed's own, and refuses what it cannot do. */
class ValidationSplitTest {

    /** Images whose first pixel is their index, so the two parts can be told apart exactly. */
    private static ImageDataset numbered(int perClass, int classes) {
        int n = perClass * classes;
        byte[] pixels = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i * 4] = (byte) (i % 256);
            pixels[i * 4 + 1] = (byte) (i / 256);
            labels[i] = i % classes;
        }
        return new ImageDataset("numbered", "test", pixels, labels, classes, 1, 2, 2, null);
    }

    private static Set<Integer> ids(LabelledImages part) {
        ImageDataset d = (ImageDataset) part;
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            out.add((d.pixels()[i * 4] & 0xFF) + 256 * (d.pixels()[i * 4 + 1] & 0xFF));
        }
        return out;
    }

    @Test
    void stratifiedDisjointAndTheSeedsOwn() {
        ImageDataset data = numbered(30, 4);
        ValidationSplit a = ValidationSplit.of(data, 0.1, 7);
        assertArrayEquals(new int[] {3, 3, 3, 3}, a.validation().classCounts(), "⌈0.1 × 30⌉ of every class");
        assertArrayEquals(new int[] {27, 27, 27, 27}, a.train().classCounts());
        Set<Integer> train = ids(a.train());
        Set<Integer> validation = ids(a.validation());
        assertEquals(120, train.size() + validation.size());
        assertTrue(train.stream().noneMatch(validation::contains), "disjoint");
        ValidationSplit again = ValidationSplit.of(data, 0.1, 7);
        assertEquals(validation, ids(again.validation()), "the same seed, the same split");
        assertFalse(validation.equals(ids(ValidationSplit.of(data, 0.1, 8).validation())), "another seed, another");
    }

    @Test
    void refusesFractionsOutsideTheRangeAndClassesTooSmall() {
        ImageDataset data = numbered(10, 2);
        for (double bad : new double[] {0, -0.1, 0.51, Double.NaN}) {
            DatasetException e = assertThrows(DatasetException.class, () -> ValidationSplit.of(data, bad, 1));
            assertTrue(e.getMessage().contains("(0, 0.5]"), e.getMessage());
        }
        ImageDataset tiny = numbered(1, 3);
        DatasetException e = assertThrows(DatasetException.class, () -> ValidationSplit.of(tiny, 0.2, 1));
        assertTrue(e.getMessage().contains("too few"), e.getMessage());
        assertEquals(
                Arrays.asList(1, 1),
                Arrays.asList(
                        ValidationSplit.of(numbered(2, 2), 0.5, 1).validation().classCounts()[0],
                        ValidationSplit.of(numbered(2, 2), 0.5, 1).train().classCounts()[0]));
    }
}
