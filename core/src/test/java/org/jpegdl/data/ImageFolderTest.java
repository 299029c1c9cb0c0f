package org.jpegdl.data;

import static org.jpegdl.data.PhotoFixtures.assertMessage;
import static org.jpegdl.data.PhotoFixtures.jpeg;
import static org.jpegdl.data.PhotoFixtures.labels;
import static org.jpegdl.data.PhotoFixtures.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ImageFolder trees (train/val, train/test, one tree split by a seeded fraction) and ImageNet's train/val layout. */
class ImageFolderTest {

    @TempDir
    Path dir;

    /** {@code perClass} images in each class folder under {@code tree}. */
    static void writeTree(Path tree, int perClass, String... classes) {
        for (String name : classes) {
            for (int i = 0; i < perClass; i++) {
                jpeg(tree.resolve(name).resolve(name + "_" + i + ".JPEG"), 16, 16, 0x224466);
            }
        }
    }

    @Test
    void trainAndValTreesWithSortedClasses() throws IOException {
        writeTree(dir.resolve("train"), 3, "dog", "cat");
        writeTree(dir.resolve("val"), 1, "cat", "dog");
        Files.writeString(dir.resolve("train/cat/notes.txt"), "not an image");
        Files.writeString(dir.resolve("train/cat/.hidden.jpg"), "not an image either");
        jpeg(dir.resolve("train/cat/more/deeper.png"), 16, 16, 0x000000);
        DatasetSplits<ImageList> splits = ImageFolder.read(dir, "imagefolder", DatasetOptions.defaults());
        assertEquals(List.of("cat", "dog"), splits.train().classNames());
        assertEquals(7, splits.train().size());
        assertArrayEquals(new int[] {4, 3}, splits.train().classCounts());
        assertEquals(
                List.of("cat_0.JPEG", "cat_1.JPEG", "cat_2.JPEG", "deeper.png"),
                names(splits.train()).subList(0, 4));
        assertArrayEquals(new int[] {0, 1}, labels(splits.test()));
        assertEquals(dir.resolve("val").toString(), splits.test().source());
    }

    @Test
    void testFolderStandsInForVal() {
        writeTree(dir.resolve("train"), 1, "a", "b");
        writeTree(dir.resolve("test"), 2, "b");
        DatasetSplits<LabelledImages> splits = DatasetZoo.load("imagefolder", dir);
        assertEquals(2, splits.test().size());
        assertArrayEquals(new int[] {0, 2}, splits.test().classCounts());
    }

    @Test
    void oneTreeSplitBySeededFraction() {
        writeTree(dir, 10, "x", "y", "z");
        DatasetOptions options =
                DatasetOptions.builder().optTestFraction(0.2).optSplitSeed(5).build();
        DatasetSplits<ImageList> splits = ImageFolder.read(dir, "imagefolder", options);
        assertArrayEquals(new int[] {8, 8, 8}, splits.train().classCounts());
        assertArrayEquals(new int[] {2, 2, 2}, splits.test().classCounts());
        Set<Path> all = new HashSet<>(splits.train().paths());
        splits.test().paths().forEach(p -> assertTrue(all.add(p), "in both splits: " + p));
        assertEquals(30, all.size());
        DatasetSplits<ImageList> again = ImageFolder.read(dir, "imagefolder", options);
        assertEquals(splits.test().paths(), again.test().paths(), "same seed, same split");
        DatasetSplits<ImageList> other = ImageFolder.read(
                dir,
                "imagefolder",
                DatasetOptions.builder().optTestFraction(0.2).optSplitSeed(6).build());
        assertFalse(splits.test().paths().equals(other.test().paths()), "another seed, another split");
        DatasetException e = assertThrows(
                DatasetException.class, () -> ImageFolder.read(dir, "imagefolder", DatasetOptions.defaults()));
        assertMessage(e, "--test-fraction");
    }

    @Test
    void emptyClassFolderIsAnErrorOrListed() throws IOException {
        writeTree(dir.resolve("train"), 2, "a", "c");
        writeTree(dir.resolve("val"), 1, "a", "c");
        Path empty = Files.createDirectories(dir.resolve("train/b"));
        Files.writeString(empty.resolve("readme.txt"), "no images here");
        DatasetException e = assertThrows(
                DatasetException.class, () -> ImageFolder.read(dir, "imagefolder", DatasetOptions.defaults()));
        assertMessage(e, empty.toString(), "class folder holds no images", "--skip-bad");
        DatasetSplits<ImageList> splits = ImageFolder.read(
                dir, "imagefolder", DatasetOptions.builder().optSkipBad(true).build());
        assertEquals(List.of("a", "b", "c"), splits.train().classNames());
        assertArrayEquals(new int[] {1, 0, 1}, splits.test().classCounts());
        assertEquals(
                List.of(new SkippedImage(
                        empty.toString(), "class folder holds no images (bmp, gif, jpeg, " + "jpg, png, tif, tiff)")),
                splits.train().skipped());
    }

    @Test
    void valClassUnknownToTrainIsBad() {
        writeTree(dir.resolve("train"), 1, "a", "b");
        writeTree(dir.resolve("val"), 1, "a", "q");
        DatasetException e = assertThrows(
                DatasetException.class, () -> ImageFolder.read(dir, "imagefolder", DatasetOptions.defaults()));
        assertMessage(e, dir.resolve("val/q").toString(), "the training split lacks");
    }

    @Test
    void imageNetTrainAndValByWordNetId() throws IOException {
        writeTree(dir.resolve("train"), 2, "n01440764", "n01443537");
        writeTree(dir.resolve("val"), 1, "n01440764", "n01443537");
        DatasetSplits<ImageList> splits = ImageNet.read(dir, DatasetOptions.defaults());
        assertEquals(List.of("n01440764", "n01443537"), splits.train().classNames());
        assertArrayEquals(new int[] {2, 2}, splits.train().classCounts());
        assertArrayEquals(new int[] {0, 1}, labels(splits.test()));
        assertEquals("imagenet", splits.train().name());
        assertEquals(4, DatasetZoo.load("imagenet", dir).train().size());

        Path flat = dir.resolve("flat");
        writeTree(flat.resolve("train"), 1, "n01440764");
        jpeg(flat.resolve("val/ILSVRC2012_val_00000001.JPEG"), 16, 16, 0);
        DatasetException e = assertThrows(DatasetException.class, () -> ImageNet.read(flat, DatasetOptions.defaults()));
        assertMessage(e, flat.resolve("val").toString(), "not in class folders", "valprep");
        e = assertThrows(
                DatasetException.class, () -> ImageNet.read(dir.resolve("nowhere"), DatasetOptions.defaults()));
        assertMessage(e, "nowhere", "directory not found");
    }
}
