package org.jpegdl.data;

import static org.jpegdl.data.PhotoFixtures.assertMessage;
import static org.jpegdl.data.PhotoFixtures.jpeg;
import static org.jpegdl.data.PhotoFixtures.labels;
import static org.jpegdl.data.PhotoFixtures.mat;
import static org.jpegdl.data.PhotoFixtures.names;
import static org.jpegdl.data.PhotoFixtures.numbers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Oxford Flowers-102 from a miniature copy: imagelabels.mat and setid.mat written by MFL, train = trnid + valid. */
class Flowers102Test {

    @TempDir
    Path dir;

    /** Seven images of 3 classes; trnid {1, 4}, valid {2, 7}, tstid {3, 5, 6}. */
    void writeMiniature(double... labels) {
        for (int id = 1; id <= 7; id++) {
            jpeg(dir.resolve("jpg").resolve(Flowers102.fileName(id)), 16, 20, 0x55AA55);
        }
        mat(dir.resolve("imagelabels.mat"), "labels", numbers(1, labels.length, labels));
        mat(
                dir.resolve("setid.mat"),
                "trnid",
                numbers(1, 2, 1, 4),
                "valid",
                numbers(1, 2, 2, 7),
                "tstid",
                numbers(1, 3, 3, 5, 6));
    }

    @Test
    void trainIsTrnidThenValidAndTestIsTstid() {
        writeMiniature(1, 2, 3, 1, 2, 3, 3);
        DatasetSplits<ImageList> splits = Flowers102.read(dir, DatasetOptions.defaults());
        assertEquals(
                List.of("image_00001.jpg", "image_00004.jpg", "image_00002.jpg", "image_00007.jpg"),
                names(splits.train()));
        assertArrayEquals(new int[] {0, 0, 1, 2}, labels(splits.train()));
        assertEquals(List.of("image_00003.jpg", "image_00005.jpg", "image_00006.jpg"), names(splits.test()));
        assertArrayEquals(new int[] {2, 1, 2}, labels(splits.test()));
        assertEquals(List.of("1", "2", "3"), splits.train().classNames());
        assertEquals(3, DatasetZoo.load("flowers102", dir).test().size());
    }

    @Test
    void labelOutOfRangeAndMissingImage() throws IOException {
        writeMiniature(1, 2, 0, 1, 2, 3, 3);
        DatasetException e =
                assertThrows(DatasetException.class, () -> Flowers102.read(dir, DatasetOptions.defaults()));
        assertMessage(e, "imagelabels.mat labels entry 3", "label 0 of image 3 is outside 1..3");
        Path gone = dir.resolve("jpg/image_00007.jpg");
        Files.delete(gone);
        DatasetSplits<ImageList> splits =
                Flowers102.read(dir, DatasetOptions.builder().optSkipBad(true).build());
        assertEquals(3, splits.train().size());
        assertEquals(2, splits.test().size());
        assertEquals(gone.toString(), splits.train().skipped().get(0).file());
        assertMessage(
                new DatasetException(splits.train().skipped().get(0).toString()), "file not found", "setid.mat valid");
        assertEquals(1, splits.test().skipped().size());
    }

    @Test
    void imageNumberBeyondTheLabelsIsBad() {
        writeMiniature(1, 2, 3, 1, 2, 3);
        DatasetException e =
                assertThrows(DatasetException.class, () -> Flowers102.read(dir, DatasetOptions.defaults()));
        assertMessage(e, "setid.mat valid entry 2", "image number 7 is outside 1..6");
    }
}
