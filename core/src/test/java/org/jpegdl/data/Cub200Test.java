package org.jpegdl.data;

import static org.jpegdl.data.PhotoFixtures.assertMessage;
import static org.jpegdl.data.PhotoFixtures.jpeg;
import static org.jpegdl.data.PhotoFixtures.labels;
import static org.jpegdl.data.PhotoFixtures.lines;
import static org.jpegdl.data.PhotoFixtures.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CUB-200-2011 read from a miniature copy of its official layout: split, 1-based labels, class names. */
class Cub200Test {

    @TempDir
    Path dir;

    /** Two classes, five images: 1, 3, 4 train, 2 and 5 test. */
    Path writeMiniature() {
        Path root = dir.resolve("CUB_200_2011");
        lines(root.resolve("classes.txt"), "1 001.Black_footed_Albatross", "2 002.Laysan_Albatross");
        lines(
                root.resolve("images.txt"),
                "1 001.Black_footed_Albatross/Black_Footed_Albatross_0001_796111.jpg",
                "2 001.Black_footed_Albatross/Black_Footed_Albatross_0002_55.jpg",
                "3 002.Laysan_Albatross/Laysan_Albatross_0001_545.jpg",
                "4 002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg",
                "5 002.Laysan_Albatross/Laysan_Albatross_0003_1033.jpg");
        lines(root.resolve("image_class_labels.txt"), "1 1", "2 1", "3 2", "4 2", "5 2");
        lines(root.resolve("train_test_split.txt"), "1 1", "2 0", "3 1", "4 1", "5 0");
        for (String line : List.of(
                "001.Black_footed_Albatross/Black_Footed_Albatross_0001_796111.jpg",
                "001.Black_footed_Albatross/Black_Footed_Albatross_0002_55.jpg",
                "002.Laysan_Albatross/Laysan_Albatross_0001_545.jpg",
                "002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg",
                "002.Laysan_Albatross/Laysan_Albatross_0003_1033.jpg")) {
            jpeg(root.resolve("images").resolve(line), 20, 16, 0x336699);
        }
        return root;
    }

    @Test
    void officialSplitLabelsAndNames() {
        Path root = writeMiniature();
        DatasetSplits<ImageList> splits = Cub200.read(root, DatasetOptions.defaults());
        ImageList train = splits.train();
        ImageList test = splits.test();
        assertEquals(List.of("Black_footed_Albatross", "Laysan_Albatross"), train.classNames());
        assertEquals(
                List.of(
                        "Black_Footed_Albatross_0001_796111.jpg",
                        "Laysan_Albatross_0001_545.jpg",
                        "Laysan_Albatross_0002_1027.jpg"),
                names(train));
        assertArrayEquals(new int[] {0, 1, 1}, labels(train));
        assertEquals(List.of("Black_Footed_Albatross_0002_55.jpg", "Laysan_Albatross_0003_1033.jpg"), names(test));
        assertArrayEquals(new int[] {0, 1}, labels(test));
        assertArrayEquals(new int[] {1, 1}, test.classCounts());
        assertEquals(3, train.channels());
        assertEquals("cub200", train.name());
        // the zoo finds the same files from the folder that holds CUB_200_2011/
        DatasetSplits<LabelledImages> viaZoo = DatasetZoo.load("cub200", dir);
        assertEquals(3, viaZoo.train().size());
        assertEquals(2, viaZoo.test().size());
        assertEquals(train.paths(), viaZoo.as(ImageList.class).train().paths());
    }

    @Test
    void missingImageNamesTheFileOrIsSkipped() throws IOException {
        Path root = writeMiniature();
        Path gone = root.resolve("images/002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg");
        Files.delete(gone);
        DatasetException e = assertThrows(DatasetException.class, () -> Cub200.read(root, DatasetOptions.defaults()));
        assertMessage(e, gone.toString(), "file not found", "images.txt line 4");
        DatasetSplits<ImageList> splits =
                Cub200.read(root, DatasetOptions.builder().optSkipBad(true).build());
        assertEquals(2, splits.train().size());
        assertEquals(1, splits.train().skipped().size());
        assertEquals(gone.toString(), splits.train().skipped().get(0).file());
        assertEquals(List.of(), splits.test().skipped());
    }

    @Test
    void labelOutOfRangeNamesTheLine() {
        Path root = writeMiniature();
        lines(root.resolve("image_class_labels.txt"), "1 1", "2 1", "3 2", "4 3", "5 2");
        DatasetException e = assertThrows(DatasetException.class, () -> Cub200.read(root, DatasetOptions.defaults()));
        assertMessage(e, "image_class_labels.txt line 4", "class 3 of image 4 is outside 1..2");
        DatasetSplits<ImageList> splits =
                Cub200.read(root, DatasetOptions.builder().optSkipBad(true).build());
        assertEquals(2, splits.train().size());
        assertMessage(new DatasetException(splits.train().skipped().get(0).toString()), "line 4", "outside 1..2");
    }

    @Test
    void missingFilesAndMalformedLinesAreExplained() throws IOException {
        Path root = writeMiniature();
        lines(root.resolve("train_test_split.txt"), "1 1", "2 0", "3 one", "4 1", "5 0");
        DatasetException e = assertThrows(DatasetException.class, () -> Cub200.read(root, DatasetOptions.defaults()));
        assertMessage(e, "train_test_split.txt line 3", "'one' is not a whole number");
        Files.delete(root.resolve("classes.txt"));
        e = assertThrows(DatasetException.class, () -> Cub200.read(root, DatasetOptions.defaults()));
        assertMessage(e, root.resolve("classes.txt").toString(), "file not found");
    }
}
