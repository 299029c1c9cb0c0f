package org.jpegdl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Padding, random crops and flips do what the CIFAR recipe says, and only what the seed says. */
class AugmentTest {

    /** A C×H×W image of distinct non-zero values (1..255 repeating) so every pixel's origin can be traced. */
    static byte[] image(int channels, int height, int width) {
        byte[] image = new byte[channels * height * width];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (1 + i % 255);
        }
        return image;
    }

    /** Reference: the image placed at (top, left) in a zero size×size canvas, as an int array. */
    static int[] padded(byte[] image, int channels, int height, int width, int top, int left, int size) {
        int[] out = new int[channels * size * size];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int value = image[c * height * width + y * width + x] & 0xFF;
                    out[c * size * size + (y + top) * size + x + left] = value;
                }
            }
        }
        return out;
    }

    /** Reference crop of a square padded image, mirrored if asked. */
    static byte[] crop(int[] padded, int channels, int paddedSize, int top, int left, int size, boolean flip) {
        byte[] out = new byte[channels * size * size];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int sourceX = left + (flip ? size - 1 - x : x);
                    out[c * size * size + y * size + x] =
                            (byte) padded[c * paddedSize * paddedSize + (y + top) * paddedSize + sourceX];
                }
            }
        }
        return out;
    }

    @Test
    void outputSizes() {
        assertEquals(32, Augment.cifarTraining(32).outputHeight(28));
        assertEquals(32, Augment.cifarTraining(32).outputWidth(28));
        assertEquals(28, Augment.cifarTraining(0).outputHeight(28));
        assertEquals(32, Augment.evaluation(0).outputWidth(32));
        byte[] out = Augment.cifarTraining(32).apply(image(1, 28, 28), 1, 28, 28, new SplittableRandom(1));
        assertEquals(32 * 32, out.length);
        assertEquals(3 * 32 * 32, Augment.cifarTraining(0).apply(image(3, 32, 32), 3, 32, 32, new Random(1)).length);
        assertThrows(
                IllegalArgumentException.class, () -> Augment.evaluation(16).outputHeight(28));
    }

    @Test
    void evaluationPadsToCentreAndDrawsNothing() {
        byte[] image = image(1, 28, 28);
        SplittableRandom random = new SplittableRandom(3);
        long before = new SplittableRandom(3).nextLong();
        byte[] out = Augment.evaluation(32).apply(image, 1, 28, 28, random);
        assertEquals(before, random.nextLong(), "evaluation must not consume random numbers");
        int[] reference = padded(image, 1, 28, 28, 2, 2, 32);
        for (int i = 0; i < out.length; i++) {
            assertEquals(reference[i], out[i] & 0xFF);
        }
        assertFalse(Augment.evaluation(32).isRandom());
        byte[] same = image(3, 32, 32);
        assertArrayEquals(same, Augment.evaluation(0).apply(same, 3, 32, 32, random));
    }

    @Test
    void sameSeedSameImagesOtherSeedOtherImages() {
        Augment augment = Augment.cifarTraining(32);
        byte[] image = image(3, 28, 28);
        SplittableRandom a = new SplittableRandom(11);
        SplittableRandom b = new SplittableRandom(11);
        SplittableRandom c = new SplittableRandom(12);
        boolean anyDifferent = false;
        for (int i = 0; i < 20; i++) {
            byte[] first = augment.apply(image, 3, 28, 28, a);
            assertArrayEquals(first, augment.apply(image, 3, 28, 28, b));
            anyDifferent |= !Arrays.equals(first, augment.apply(image, 3, 28, 28, c));
        }
        assertTrue(anyDifferent);
    }

    @Test
    void flipMirrorsEveryRow() {
        Augment augment = Augment.cifarTraining(0);
        byte[] image = image(3, 32, 32);
        float[] plain = new float[3 * 32 * 32];
        float[] mirrored = new float[3 * 32 * 32];
        augment.apply(image, 0, 3, 32, 32, new Augment.Placement(4, 4, false), plain, 0);
        augment.apply(image, 0, 3, 32, 32, new Augment.Placement(4, 4, true), mirrored, 0);
        for (int i = 0; i < plain.length; i++) {
            assertEquals(image[i] & 0xFF, plain[i], "centred crop is the identity");
            int row = i / 32;
            int column = i % 32;
            assertEquals(plain[row * 32 + 31 - column], mirrored[i]);
        }
    }

    @Test
    void everyOutputIsAWindowOfThePaddedImage() {
        // 28×28 → pad to 32 (2 each side) → pad 4 (40×40) → 32×32 window, maybe mirrored.
        Augment augment = Augment.cifarTraining(32);
        byte[] image = image(1, 28, 28);
        int[] padded = padded(image, 1, 28, 28, 6, 6, 40);
        SplittableRandom random = new SplittableRandom(5);
        Set<String> placements = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            byte[] out = augment.apply(image, 1, 28, 28, random);
            String found = null;
            for (int top = 0; top <= 8 && found == null; top++) {
                for (int left = 0; left <= 8 && found == null; left++) {
                    for (boolean flip : new boolean[] {false, true}) {
                        if (Arrays.equals(out, crop(padded, 1, 40, top, left, 32, flip))) {
                            found = top + "," + left + "," + flip;
                            break;
                        }
                    }
                }
            }
            assertTrue(found != null, "output " + i + " is no window of the padded image");
            placements.add(found);
        }
        // Every offset 0..8 and both flips occur: the crop uses the whole padding, and no more.
        assertTrue(placements.size() > 100, "only " + placements.size() + " distinct placements");
        assertTrue(placements.contains("0,0,false") || placements.contains("0,0,true"));
    }

    @Test
    void drawnOffsetsCoverExactlyTheRange() {
        Augment augment = Augment.cifarTraining(0);
        SplittableRandom random = new SplittableRandom(8);
        int minimum = Integer.MAX_VALUE;
        int maximum = Integer.MIN_VALUE;
        int flips = 0;
        for (int i = 0; i < 2000; i++) {
            Augment.Placement p = augment.draw(random);
            minimum = Math.min(minimum, Math.min(p.cropTop(), p.cropLeft()));
            maximum = Math.max(maximum, Math.max(p.cropTop(), p.cropLeft()));
            flips += p.flip() ? 1 : 0;
        }
        assertEquals(0, minimum);
        assertEquals(8, maximum);
        assertTrue(flips > 850 && flips < 1150, "flips " + flips);
    }
}
