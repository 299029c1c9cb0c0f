package org.jpegdl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jpegdl.report.Plots;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.TablesFile;

/** Writes a run's PNG figures from its files: curves, and the initial and learned tables. */
final class RunFigures {

    private RunFigures() {}

    static void write(RunDirectory run) throws IOException {
        Plots.curves(Map.of(run.root().getFileName().toString(), run.readMetrics()),
                run.plots().resolve("curves.png"));
        if (Files.isRegularFile(run.tables())) {
            Map<String, float[]> tables = new LinkedHashMap<>();
            for (TablesFile.Round round : TablesFile.read(run).rounds()) {
                int r = round.round();
                tables.put("initial luma, round " + r, round.initialLuma());
                tables.put("learned luma, round " + r, round.luma());
                if (round.chroma() != null) {
                    tables.put("initial chroma, round " + r, round.initialChroma());
                    tables.put("learned chroma, round " + r, round.chroma());
                }
            }
            Plots.tableHeatMaps(tables, run.plots().resolve("tables.png"));
        }
    }
}
