package org.jpegdl.data;

import static org.jpegdl.data.PhotoFixtures.assertMessage;
import static org.jpegdl.data.PhotoFixtures.jpeg;
import static org.jpegdl.data.PhotoFixtures.labels;
import static org.jpegdl.data.PhotoFixtures.mat;
import static org.jpegdl.data.PhotoFixtures.names;
import static org.jpegdl.data.PhotoFixtures.numbers;
import static org.jpegdl.data.PhotoFixtures.strings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stanford Dogs read from a miniature copy of its layout, with train_list.mat / test_list.mat written by MFL. */
class StanfordDogsTest {

    static final String CHIHUAHUA = "n02085620-Chihuahua";
    static final String SPANIEL = "n02085782-Japanese_spaniel";

    @TempDir
    Path dir;

    void writeList(String file, List<String> files, double... labels) {
        List<String> annotations =
                files.stream().map(f -> f.replace(".jpg", "")).toList();
        mat(
                dir.resolve(file),
                "file_list",
                strings(files),
                "annotation_list",
                strings(annotations),
                "labels",
                numbers(labels.length, 1, labels));
    }

    /** Two breeds; train: 2 + 1 images, test: 1 + 1. */
    void writeMiniature() {
        for (String image : List.of(
                CHIHUAHUA + "/n02085620_1.jpg",
                CHIHUAHUA + "/n02085620_2.jpg",
                CHIHUAHUA + "/n02085620_3.jpg",
                SPANIEL + "/n02085782_1.jpg",
                SPANIEL + "/n02085782_2.jpg")) {
            jpeg(dir.resolve("Images").resolve(image), 24, 18, 0xAA7733);
        }
        writeList(
                "train_list.mat",
                List.of(CHIHUAHUA + "/n02085620_1.jpg", CHIHUAHUA + "/n02085620_3.jpg", SPANIEL + "/n02085782_2.jpg"),
                1,
                1,
                2);
        writeList("test_list.mat", List.of(SPANIEL + "/n02085782_1.jpg", CHIHUAHUA + "/n02085620_2.jpg"), 2, 1);
    }

    @Test
    void officialSplitFromTheMatFiles() {
        writeMiniature();
        DatasetSplits<ImageList> splits = StanfordDogs.read(dir, DatasetOptions.defaults());
        assertEquals(List.of("Chihuahua", "Japanese_spaniel"), splits.train().classNames());
        assertEquals(List.of("n02085620_1.jpg", "n02085620_3.jpg", "n02085782_2.jpg"), names(splits.train()));
        assertArrayEquals(new int[] {0, 0, 1}, labels(splits.train()));
        assertEquals(List.of("n02085782_1.jpg", "n02085620_2.jpg"), names(splits.test()));
        assertArrayEquals(new int[] {1, 0}, labels(splits.test()));
        assertEquals(
                dir.resolve("Images").resolve(CHIHUAHUA).resolve("n02085620_1.jpg"),
                splits.train().path(0));
        assertEquals(
                5,
                DatasetZoo.load("stanford-dogs", dir).train().size()
                        + DatasetZoo.load("stanford-dogs", dir).test().size());
    }

    @Test
    void listsMayLiveInAListsFolder() throws IOException {
        writeMiniature();
        Files.createDirectories(dir.resolve("lists"));
        Files.move(dir.resolve("train_list.mat"), dir.resolve("lists/train_list.mat"));
        Files.move(dir.resolve("test_list.mat"), dir.resolve("lists/test_list.mat"));
        assertEquals(
                3, StanfordDogs.read(dir, DatasetOptions.defaults()).train().size());
    }

    @Test
    void labelOutOfRangeAndMissingImage() throws IOException {
        writeMiniature();
        writeList(
                "train_list.mat",
                List.of(CHIHUAHUA + "/n02085620_1.jpg", CHIHUAHUA + "/n02085620_3.jpg", SPANIEL + "/n02085782_2.jpg"),
                1,
                3,
                2);
        DatasetException e =
                assertThrows(DatasetException.class, () -> StanfordDogs.read(dir, DatasetOptions.defaults()));
        assertMessage(e, "train_list.mat entry 2", "label 3", "outside 1..2");
        Path gone = dir.resolve("Images").resolve(SPANIEL).resolve("n02085782_1.jpg");
        Files.delete(gone);
        DatasetSplits<ImageList> splits =
                StanfordDogs.read(dir, DatasetOptions.builder().optSkipBad(true).build());
        assertEquals(2, splits.train().size());
        assertEquals(1, splits.test().size());
        assertTrue(splits.train().skipped().get(0).file().endsWith("train_list.mat entry 2"));
        assertEquals(gone.toString(), splits.test().skipped().get(0).file());
        assertMessage(
                new DatasetException(splits.test().skipped().get(0).toString()),
                "file not found",
                "test_list.mat entry 1");
    }

    @Test
    void emptyBreedFolderIsAnErrorOrListed() throws IOException {
        writeMiniature();
        Path empty = Files.createDirectories(dir.resolve("Images/n02085936-Maltese_dog"));
        DatasetException e =
                assertThrows(DatasetException.class, () -> StanfordDogs.read(dir, DatasetOptions.defaults()));
        assertMessage(e, empty.toString(), "class folder holds no images");
        DatasetSplits<ImageList> splits =
                StanfordDogs.read(dir, DatasetOptions.builder().optSkipBad(true).build());
        assertEquals(3, splits.train().numClasses(), "the folder still counts, so labels keep their meaning");
        assertEquals(empty.toString(), splits.train().skipped().get(0).file());
    }

    @Test
    void brokenMatFilesAreExplained() throws IOException {
        writeMiniature();
        mat(dir.resolve("test_list.mat"), "file_list", strings(List.of(SPANIEL + "/n02085782_1.jpg")));
        DatasetException e =
                assertThrows(DatasetException.class, () -> StanfordDogs.read(dir, DatasetOptions.defaults()));
        assertMessage(e, "test_list.mat", "has no variable 'labels'");
        Files.write(dir.resolve("test_list.mat"), new byte[] {1, 2, 3});
        e = assertThrows(DatasetException.class, () -> StanfordDogs.read(dir, DatasetOptions.defaults()));
        assertMessage(e, "test_list.mat", "not a readable MATLAB v5 .mat file");
        Files.delete(dir.resolve("test_list.mat"));
        e = assertThrows(DatasetException.class, () -> StanfordDogs.read(dir, DatasetOptions.defaults()));
        assertMessage(e, "test_list.mat", "file not found", "lists.tar");
    }
}
