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

/** Oxford-IIIT Pets from a miniature copy of images/ and annotations/ (comment lines included). */
class OxfordPetsTest {

    static final String HEADER = "#Image CLASS-ID SPECIES BREED-ID";

    @TempDir
    Path dir;

    void writeMiniature() {
        for (String name :
                List.of("Abyssinian_1", "Abyssinian_2", "american_bulldog_10", "american_bulldog_11", "Bengal_3")) {
            jpeg(dir.resolve("images").resolve(name + ".jpg"), 18, 18, 0x884422);
        }
        lines(
                dir.resolve("annotations/trainval.txt"),
                HEADER,
                "#ID: 1:37 Class ids",
                "Abyssinian_1 1 1 1",
                "american_bulldog_10 2 2 1",
                "Bengal_3 3 1 2");
        lines(dir.resolve("annotations/test.txt"), HEADER, "Abyssinian_2 1 1 1", "american_bulldog_11 2 2 1", "");
    }

    @Test
    void trainvalAndTestWithBreedNames() {
        writeMiniature();
        DatasetSplits<ImageList> splits = OxfordPets.read(dir, DatasetOptions.defaults());
        assertEquals(
                List.of("Abyssinian", "american_bulldog", "Bengal"),
                splits.train().classNames());
        assertEquals(List.of("Abyssinian_1.jpg", "american_bulldog_10.jpg", "Bengal_3.jpg"), names(splits.train()));
        assertArrayEquals(new int[] {0, 1, 2}, labels(splits.train()));
        assertArrayEquals(new int[] {0, 1}, labels(splits.test()));
        assertArrayEquals(new int[] {1, 1, 0}, splits.test().classCounts());
        assertEquals(2, DatasetZoo.load("oxford-pets", dir).test().size());
    }

    @Test
    void classIdOutOfRangeAndMissingImage() throws IOException {
        writeMiniature();
        lines(dir.resolve("annotations/test.txt"), HEADER, "Abyssinian_2 1 1 1", "american_bulldog_11 38 2 1");
        DatasetException e =
                assertThrows(DatasetException.class, () -> OxfordPets.read(dir, DatasetOptions.defaults()));
        assertMessage(e, "test.txt line 3", "CLASS-ID 38 of american_bulldog_11 is outside 1..3");
        Files.delete(dir.resolve("images/Bengal_3.jpg"));
        DatasetSplits<ImageList> splits =
                OxfordPets.read(dir, DatasetOptions.builder().optSkipBad(true).build());
        assertEquals(2, splits.train().size());
        assertEquals(1, splits.test().size());
        assertEquals(
                dir.resolve("images/Bengal_3.jpg").toString(),
                splits.train().skipped().get(0).file());
        assertMessage(new DatasetException(splits.test().skipped().get(0).toString()), "test.txt line 3");
    }
}
