package org.jpegdl.report;

import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.TablesFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A run's PNG figures, drawn from its files: training curves, and the initial and learned tables. */
public final class RunFigures {

    /** The training curves' file name in the run's plots directory. */
    public static final String CURVES = "curves.png";
    /** The tables' file name in the run's plots directory. */
    public static final String TABLES = "tables.png";

    private RunFigures() {}

    /**
     * Draws {@code plots/curves.png} from {@code metrics.jsonl} and, when the run has a {@code tables.json},
     * {@code plots/tables.png}: the initial and learned luma (and chroma) tables of every round.
     */
    public static void write(RunDirectory run) throws IOException {
        Plots.curves(Map.of(run.root().getFileName().toString(), run.readMetrics()), run.plots().resolve(CURVES));
        if (Files.isRegularFile(run.tables())) {
            Plots.tableHeatMaps(tables(TablesFile.read(run)), run.plots().resolve(TABLES));
        }
    }

    private static Map<String, float[]> tables(TablesFile file) {
        Map<String, float[]> tables = new LinkedHashMap<>();
        for (TablesFile.Round round : file.rounds()) {
            int r = round.round();
            tables.put("initial luma, round " + r, round.initialLuma());
            tables.put("learned luma, round " + r, round.luma());
            if (round.chroma() != null) {
                tables.put("initial chroma, round " + r, round.initialChroma());
                tables.put("learned chroma, round " + r, round.chroma());
            }
        }
        return tables;
    }
}
