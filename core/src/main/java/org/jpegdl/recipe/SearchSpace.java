package org.jpegdl.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The JPEG-layer settings a sweep tries: for each {@link SweepSetting}, the values to try, in the order given. Written
 * on the command line as {@code name=v1,v2,...} (one per setting) or in a JSON file as
 * {@code {"name": [v1, v2, ...], ...}}; every value is checked against a recipe when the space is made, so a bad
 * one stops the sweep before anything trains. A point of the space (a trial's settings) is a map from setting name
 * to value in text form.
 *
 * @param values per setting name, the values to try (at least one each; at least one setting)
 */
public record SearchSpace(Map<String, List<String>> values) {

    /** Checks names and values, keeping the order given. */
    public SearchSpace {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("the search space is empty: give at least one setting with its values, "
                    + "e.g. alpha=2,5,10 (settings: " + SweepSetting.names() + ")");
        }
        Map<String, List<String>> checked = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            SweepSetting setting = SweepSetting.named(e.getKey());
            if (checked.containsKey(setting.settingName())) {
                throw new IllegalArgumentException("sweep setting " + setting.settingName() + " is given twice");
            }
            List<String> vs = e.getValue() == null
                    ? List.of()
                    : e.getValue().stream().map(String::strip).toList();
            if (vs.isEmpty() || vs.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("sweep setting " + setting.settingName() + " has an empty value "
                        + "list or an empty value: give name=v1,v2,...");
            }
            if (vs.stream().distinct().count() != vs.size()) {
                throw new IllegalArgumentException(
                        "sweep setting " + setting.settingName() + " lists a value twice: " + String.join(",", vs));
            }
            for (String v : vs) {
                setting.apply(Recipe.cifar(), v); // the setting's own message names a bad value
            }
            checked.put(setting.settingName(), List.copyOf(vs));
        }
        values = Collections.unmodifiableMap(checked);
    }

    /** The space written as {@code name=v1,v2} items, e.g. from repeated {@code --space} options. */
    public static SearchSpace parse(List<String> items) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("search space item '" + item + "' is not name=v1,v2,... (settings: "
                        + SweepSetting.names() + ")");
            }
            String name = SweepSetting.named(item.substring(0, eq)).settingName();
            if (values.containsKey(name)) {
                throw new IllegalArgumentException("sweep setting " + name + " is given twice");
            }
            values.put(name, List.of(item.substring(eq + 1).split(",", -1)));
        }
        return new SearchSpace(values);
    }

    /**
     * The space in JSON text, an object from setting name to an array of values (numbers, words or booleans);
     * {@code source} names the file in messages.
     */
    public static SearchSpace fromJson(String json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": a search space is a JSON object from setting name to an "
                    + "array of values, e.g. {\"alpha\": [2, 5, 10]}");
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray()) {
                throw new IllegalArgumentException(source + ": setting " + e.getKey() + " must be an array of values");
            }
            List<String> vs = new ArrayList<>();
            for (JsonNode v : e.getValue()) {
                if (!v.isValueNode() || v.isNull()) {
                    throw new IllegalArgumentException(
                            source + ": setting " + e.getKey() + " holds " + v + ", not a number, word or boolean");
                }
                vs.add(v.asText());
            }
            values.put(e.getKey(), vs);
        }
        try {
            return new SearchSpace(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** Every point of the space, the last setting varying fastest. */
    public List<Map<String, String>> grid() {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> p : points) {
                for (String v : e.getValue()) {
                    Map<String, String> q = new LinkedHashMap<>(p);
                    q.put(e.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points.stream().map(Collections::unmodifiableMap).toList();
    }

    /**
     * {@code count} distinct points drawn at random (seeded) from the grid, in grid order; the whole grid when it
     * has no more points than that.
     */
    public List<Map<String, String>> sample(int count, long seed) {
        if (count <= 0) {
            throw new IllegalArgumentException("a random sweep needs a positive number of samples, got " + count);
        }
        List<Map<String, String>> grid = grid();
        if (count >= grid.size()) {
            return grid;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < grid.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        return order.subList(0, count).stream().sorted().map(grid::get).toList();
    }

    /** {@code recipe} with the settings of {@code point} applied. */
    public static Recipe apply(Recipe recipe, Map<String, String> point) {
        Recipe r = recipe;
        for (Map.Entry<String, String> e : point.entrySet()) {
            r = SweepSetting.named(e.getKey()).apply(r, e.getValue());
        }
        return r;
    }

    /** A point as {@code name=value} items separated by spaces, e.g. {@code alpha=5 bits=11}. */
    public static String label(Map<String, String> point) {
        StringBuilder sb = new StringBuilder();
        point.forEach((k, v) ->
                sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }
}
