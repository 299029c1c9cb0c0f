package org.jpegdl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RandomResizedCrop + flip and resize + centre crop: sizes, torchvision's parameter ranges, seeds, antialiasing. */
class PhotoTransformTest {

    /** A width×height image whose R is 4·x, G is 4·y (mod 256) and B is 99. */
    static RgbImage ramp(int width, int height) {
        byte[] pixels = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = (byte) (4 * x);
                pixels[width * height + y * width + x] = (byte) (4 * y);
                pixels[2 * width * height + y * width + x] = 99;
            }
        }
        return new RgbImage(width, height, pixels);
    }

    static RgbImage solid(int width, int height, int r, int g, int b) {
        byte[] pixels = new byte[3 * width * height];
        int plane = width * height;
        for (int i = 0; i < plane; i++) {
            pixels[i] = (byte) r;
            pixels[plane + i] = (byte) g;
            pixels[2 * plane + i] = (byte) b;
        }
        return new RgbImage(width, height, pixels);
    }

    @Test
    void outputsAreSquareFloatImagesInPixelRange() {
        RgbImage image = ramp(47, 31);
        for (PhotoTransform transform :
                new PhotoTransform[] {PhotoTransform.training(24), PhotoTransform.evaluation(24)}) {
            float[] out = transform.apply(image, new SplittableRandom(1));
            assertEquals(3 * 24 * 24, out.length);
            for (float v : out) {
                assertTrue(v >= 0 && v <= 255, "value " + v);
            }
        }
        float[] flat = PhotoTransform.training(16).apply(solid(40, 30, 10, 128, 250), new SplittableRandom(3));
        for (int i = 0; i < 16 * 16; i++) {
            assertEquals(10, flat[i], 1e-3);
            assertEquals(128, flat[256 + i], 1e-3);
            assertEquals(250, flat[512 + i], 1e-3);
        }
    }

    @Test
    void equalSeedsGiveEqualImagesAndOtherSeedsOtherCrops() {
        RgbImage image = ramp(60, 44);
        PhotoTransform training = PhotoTransform.training(20);
        assertArrayEquals(
                training.apply(image, new SplittableRandom(7)), training.apply(image, new SplittableRandom(7)));
        assertFalse(Arrays.equals(
                training.apply(image, new SplittableRandom(7)), training.apply(image, new SplittableRandom(8))));
        PhotoTransform evaluation = PhotoTransform.evaluation(20);
        assertArrayEquals(
                evaluation.apply(image, new SplittableRandom(7)),
                evaluation.apply(image, new SplittableRandom(8)),
                "evaluation draws nothing");
    }

    @Test
    void randomCropsStayInTorchvisionsRanges() {
        PhotoTransform training = PhotoTransform.training(32);
        SplittableRandom random = new SplittableRandom(11);
        int flips = 0;
        int draws = 2000;
        for (int i = 0; i < draws; i++) {
            PhotoTransform.Crop crop = training.draw(120, 90, random);
            assertTrue(
                    crop.top() >= 0
                            && crop.left() >= 0
                            && crop.top() + crop.height() <= 90
                            && crop.left() + crop.width() <= 120,
                    crop.toString());
            double area = crop.width() * crop.height() / (120.0 * 90);
            double ratio = crop.width() / crop.height();
            assertTrue(area >= 0.07 && area <= 1.0, "area " + area);
            assertTrue(ratio >= 0.7 && ratio <= 1.4, "ratio " + ratio);
            flips += crop.flip() ? 1 : 0;
        }
        assertTrue(Math.abs(flips - draws / 2) < 150, "flips " + flips);
    }

    @Test
    void impossibleAspectRatiosFallBackToTheCentreCrop() {
        // 200×4: any crop of ≥ 8% of the area with ratio ≤ 4/3 is taller than 4 rows, so all 10 tries fail
        PhotoTransform.Crop crop = PhotoTransform.training(8).draw(200, 4, new SplittableRandom(0));
        assertEquals(0, crop.top());
        assertEquals(4, crop.height());
        assertEquals(5, crop.width()); // round(4 × 4/3)
        assertEquals(97, crop.left()); // (200 − 5) // 2
    }

    @Test
    void evaluationResizesTheShorterSideThenCropsTheCentre() {
        PhotoTransform evaluation = PhotoTransform.evaluation(32);
        assertEquals(37, evaluation.resizeSize()); // 32 × 256/224 = 36.6
        assertEquals(256, PhotoTransform.evaluation(224).resizeSize());
        // 64×48 → 49×37, crop rows from round(2.5) = 2 (halves to even, as Python), columns from round(8.5) = 8
        PhotoTransform.Crop crop = evaluation.draw(64, 48, new SplittableRandom(0));
        assertEquals(2 * 48.0 / 37, crop.top(), 1e-9);
        assertEquals(8 * 64.0 / 49, crop.left(), 1e-9);
        assertEquals(32 * 48.0 / 37, crop.height(), 1e-9);
        assertEquals(32 * 64.0 / 49, crop.width(), 1e-9);
        assertFalse(crop.flip());
        // content: the crop is the middle of the ramp, so red rises from left to right around its middle
        float[] out = evaluation.apply(ramp(64, 48), new SplittableRandom(0));
        assertTrue(out[16 * 32 + 0] < out[16 * 32 + 31]);
        assertEquals(4 * (crop.left() + crop.width() / 2), (out[16 * 32 + 15] + out[16 * 32 + 16]) / 2, 2.5);
    }

    @Test
    void flipMirrorsTheCrop() {
        RgbImage image = ramp(30, 30);
        PhotoTransform transform = PhotoTransform.training(10);
        float[] plain = new float[300];
        float[] flipped = new float[300];
        transform.apply(image, new PhotoTransform.Crop(3, 4, 20, 20, false), plain, 0);
        transform.apply(image, new PhotoTransform.Crop(3, 4, 20, 20, true), flipped, 0);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 10; x++) {
                    assertEquals(plain[c * 100 + y * 10 + x], flipped[c * 100 + y * 10 + 9 - x], 1e-4);
                }
            }
        }
    }

    @Test
    void downscalingIsAntialiased() {
        // a one-pixel checkerboard shrunk 4× averages to mid-grey instead of aliasing to black or white
        int n = 64;
        byte[] pixels = new byte[3 * n * n];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    pixels[c * n * n + y * n + x] = (byte) (((x + y) & 1) == 0 ? 255 : 0);
                }
            }
        }
        RgbImage small = new RgbImage(n, n, pixels).shrinkToShorterSide(16);
        assertEquals(16, small.width());
        for (int y = 1; y < 15; y++) {
            for (int x = 1; x < 15; x++) {
                assertEquals(127.5, small.value(1, x, y), 2, "at " + x + "," + y);
            }
        }
        RgbImage wide = ramp(80, 40).shrinkToShorterSide(20);
        assertEquals(40, wide.width());
        assertEquals(20, wide.height());
        assertTrue(ramp(10, 8).shrinkToShorterSide(20).width() == 10, "never enlarged");
    }
}
