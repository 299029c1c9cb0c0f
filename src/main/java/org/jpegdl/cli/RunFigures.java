package org.jpegdl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jpegdl.report.Plots;
import org.jpegdl.train.Json;
import org.jpegdl.train.RunDirectory;

/** Writes a run's PNG figures from its files: curves, and the initial and learned tables. */
final class RunFigures {

    private RunFigures() {}

    static void write(RunDirectory run) throws IOException {
        Plots.curves(Map.of(run.root().getFileName().toString(), run.readMetrics()),
                run.plots().resolve("curves.png"));
        if (Files.isRegularFile(run.tables())) {
            JsonNode doc = Json.MAPPER.readTree(run.tables().toFile());
            Map<String, float[]> tables = new LinkedHashMap<>();
            for (JsonNode round : doc.get("rounds")) {
                int r = round.get("round").asInt();
                tables.put("initial luma, round " + r, floats(round.get("initialLuma")));
                tables.put("learned luma, round " + r, floats(round.get("luma")));
                if (round.has("chroma")) {
                    tables.put("initial chroma, round " + r, floats(round.get("initialChroma")));
                    tables.put("learned chroma, round " + r, floats(round.get("chroma")));
                }
            }
            Plots.tableHeatMaps(tables, run.plots().resolve("tables.png"));
        }
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
