package org.jpegdl.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A search space is read from the command line or JSON, enumerated and sampled exactly, and refuses bad input. */
class SearchSpaceTest {

    @Test
    void gridVariesTheLastSettingFastestAndAppliesEveryValue() {
        SearchSpace space = SearchSpace.parse(List.of("alpha=2,5", "bits=8,11,16"));
        List<Map<String, String>> grid = space.grid();
        assertEquals(6, grid.size());
        assertEquals(Map.of("alpha", "2", "bits", "8"), grid.get(0));
        assertEquals(Map.of("alpha", "2", "bits", "11"), grid.get(1));
        assertEquals(Map.of("alpha", "5", "bits", "16"), grid.get(5));
        assertEquals("alpha=5 bits=16", SearchSpace.label(grid.get(5)));
        Recipe r = SearchSpace.apply(Recipe.cifar(), grid.get(5));
        assertEquals(5.0, r.alpha());
        assertEquals(16, r.bits());

        Recipe all = SearchSpace.apply(
                Recipe.cifar(),
                Map.of(
                        "init",
                        "abs-avg",
                        "q-max",
                        "20",
                        "hardness",
                        "0.8",
                        "rounds",
                        "2",
                        "region-size",
                        "16",
                        "table-lr",
                        "0.01"));
        assertEquals(TableInitialization.parse("abs-avg"), all.tableInit());
        assertEquals(20.0, all.qMax());
        assertEquals(0.8, all.hardness());
        assertEquals(2, all.rounds());
        assertEquals(16, all.regionSize());
        assertEquals(0.01, all.tableLr());
        assertTrue(SearchSpace.apply(Recipe.cifar(), Map.of("alpha-scaling", "true"))
                .alphaScaling());
        assertTrue(SearchSpace.apply(Recipe.cifar(), Map.of("trainable-alpha", "true"))
                .trainableAlpha());
        assertEquals(0.0, SearchSpace.apply(all, Map.of("hardness", "off")).hardness());
    }

    @Test
    void samplesAreDistinctSeededPointsOfTheGrid() {
        SearchSpace space = SearchSpace.parse(List.of("alpha=1,2,3,4", "bits=8,11", "init=abs-avg,quality:50"));
        List<Map<String, String>> a = space.sample(5, 7);
        assertEquals(5, a.size());
        assertEquals(5, new HashSet<>(a).size());
        assertTrue(space.grid().containsAll(a));
        assertEquals(a, space.sample(5, 7));
        assertTrue(!a.equals(space.sample(5, 8)) || !a.equals(space.sample(5, 9)), "other seeds draw other points");
        assertEquals(space.grid(), space.sample(100, 7), "a sample as large as the grid is the grid");
    }

    @Test
    void readsJsonWithNumbersWordsAndBooleans() {
        SearchSpace space = SearchSpace.fromJson(
                "{\"alpha\": [2, 5.5], \"init\": [\"abs-avg\"], " + "\"trainable-alpha\": [true, false]}",
                "space.json");
        assertEquals(
                Map.of(
                        "alpha",
                        List.of("2", "5.5"),
                        "init",
                        List.of("abs-avg"),
                        "trainable-alpha",
                        List.of("true", "false")),
                space.values());
        assertEquals(4, space.grid().size());
    }

    @Test
    void badSpacesAreOneLineThatSaysWhat() {
        assertMessage(() -> SearchSpace.parse(List.of()), "the search space is empty");
        assertMessage(() -> SearchSpace.parse(List.of("alpha")), "'alpha' is not name=v1,v2");
        assertMessage(() -> SearchSpace.parse(List.of("=2")), "is not name=v1,v2");
        assertMessage(() -> SearchSpace.parse(List.of("gamma=1,2")), "unknown sweep setting 'gamma'; known: init,");
        assertMessage(() -> SearchSpace.parse(List.of("alpha=")), "alpha has an empty value");
        assertMessage(() -> SearchSpace.parse(List.of("alpha=2,,5")), "alpha has an empty value");
        assertMessage(() -> SearchSpace.parse(List.of("alpha=2,2")), "alpha lists a value twice");
        assertMessage(() -> SearchSpace.parse(List.of("alpha=2", "alpha=5")), "alpha is given twice");
        assertMessage(() -> SearchSpace.parse(List.of("alpha=two")), "sweep setting alpha=two: not a number");
        assertMessage(() -> SearchSpace.parse(List.of("bits=40")), "sweep setting bits=40: ");
        assertMessage(() -> SearchSpace.parse(List.of("init=magic")), "sweep setting init=magic: ");
        assertMessage(() -> SearchSpace.parse(List.of("trainable-alpha=yes")), "must be true or false");
        assertMessage(() -> SearchSpace.fromJson("{\"alpha\": [2, 5", "s.json"), "s.json: not valid JSON");
        assertMessage(() -> SearchSpace.fromJson("[1, 2]", "s.json"), "s.json: a search space is a JSON object");
        assertMessage(() -> SearchSpace.fromJson("{}", "s.json"), "s.json: the search space is empty");
        assertMessage(() -> SearchSpace.fromJson("{\"alpha\": 2}", "s.json"), "setting alpha must be an array");
        assertMessage(() -> SearchSpace.fromJson("{\"alpha\": [[2]]}", "s.json"), "not a number, word or boolean");
        assertMessage(() -> SearchSpace.fromJson("{\"alhpa\": [2]}", "s.json"), "s.json: unknown sweep setting");
        assertMessage(() -> SearchSpace.parse(List.of("alpha=2")).sample(0, 0), "positive number of samples");
    }

    private static void assertMessage(Runnable r, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
