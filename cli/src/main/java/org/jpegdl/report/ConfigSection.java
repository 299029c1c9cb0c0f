package org.jpegdl.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs' settings side by side, flattened ("recipe.epochs"); rows that differ between runs are marked.
 *
 * @param runs the runs' names, one column each
 * @param rows one per setting
 * @param differing whether any row differs
 */
record ConfigSection(List<String> runs, List<Row> rows, boolean differing) {

    /**
     * One setting.
     *
     * @param key its flattened name
     * @param values its value in each run ("" where a run has none)
     * @param differs whether the runs that have it set it differently
     */
    record Row(String key, List<String> values, boolean differs) {}

    /** The section of these runs. */
    static ConfigSection of(List<RunReport.Run> runs) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            Map<String, String> flat = new LinkedHashMap<>();
            flatten("", runs.get(i).configTree(), flat);
            if (!runs.get(i).config().jpeg()) {
                flat.keySet().removeIf(ConfigSection::layerSetting);
            }
            for (Map.Entry<String, String> e : flat.entrySet()) {
                List<String> row = values.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                while (row.size() < i) {
                    row.add("");
                }
                row.add(e.getValue());
            }
        }
        List<Row> rows = new ArrayList<>();
        boolean anyDiffers = false;
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            List<String> row = e.getValue();
            while (row.size() < runs.size()) {
                row.add("");
            }
            // a setting only some runs have (the JPEG layer's, beside a baseline) differs only where it is set
            boolean differs = row.stream().filter(v -> !v.isEmpty()).distinct().count() > 1;
            anyDiffers |= differs;
            rows.add(new Row(e.getKey(), row, differs));
        }
        return new ConfigSection(runs.stream().map(RunReport.Run::name).toList(), rows, anyDiffers);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            out.put(prefix, node.toString());
        } else {
            String text = node.isNull() ? "—" : node.asText();
            String meaning = NONE_MEANS.get(prefix);
            out.put(
                    prefix,
                    meaning != null && (node.isNull() || text.equals("0") || text.equals("0.0"))
                            ? text + " (" + meaning + ")"
                            : text);
        }
    }

    /** Config keys whose 0 (or null) stands for a default rather than a number, with what it means. */
    private static final Map<String, String> NONE_MEANS = Map.ofEntries(
            Map.entry("dataDir", "the data set's default place"),
            Map.entry("trainLimit", "no limit: every training image"),
            Map.entry("testLimit", "no limit: every test image"),
            Map.entry("recipe.regionSize", "one table pair for the whole image"),
            Map.entry("recipe.padTo", "no padding"),
            Map.entry("dataSettings.imageSize", "the model's own input size"),
            Map.entry("dataSettings.decodeThreads", "half the cores"),
            Map.entry("dataSettings.cacheDir", "no cache"),
            Map.entry("dataSettings.testFraction", "the data set's own test split"),
            Map.entry("dataSettings.validationFraction", "no validation split"));

    /** The recipe's settings that only the JPEG layer reads (its tables, their optimiser, the quantiser). */
    private static final Set<String> LAYER_SETTINGS = Set.of(
            "recipe.rounds",
            "recipe.candidates",
            "recipe.bits",
            "recipe.regionSize",
            "recipe.zeroDc",
            "recipe.qMax",
            "recipe.hardness",
            "recipe.trainableAlpha",
            "recipe.adaptive");

    /** Whether a flattened config key is a setting of the JPEG layer (recipe.table*, recipe.alpha*, ...). */
    private static boolean layerSetting(String key) {
        return LAYER_SETTINGS.contains(key) || key.startsWith("recipe.table") || key.startsWith("recipe.alpha");
    }
}
