package org.jpegdl.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.SensitivityMap;
import org.jpegdl.run.TablesFile;

/**
 * A run's PNG figures, drawn from its files: training curves, the initial and learned tables, and the heat maps of a
 * sensitivity map.
 */
public final class RunFigures {

    private RunFigures() {}

    /**
     * Draws {@code plots/curves.png} from {@code metrics.jsonl} and, when the run has a {@code tables.json},
     * {@code plots/tables.png}: the initial and learned luma (and chroma) tables of every round. Brings the sensitivity
     * figures up to date ({@link #updateSensitivity}): the run's own, and that of the baseline whose map its tables
     * started from ({@code --init sensitivity:RUN_DIR}), which training computes when that baseline has none yet.
     */
    public static void write(RunDirectory run) throws IOException {
        Plots.curves(Map.of(run.root().getFileName().toString(), run.readMetrics()), run.curvesPlot());
        if (Files.isRegularFile(run.tables())) {
            Plots.tableHeatMaps(tables(TablesFile.read(run)), run.tablesPlot());
        }
        updateSensitivity(run);
        RunDirectory source = tableSource(run.readConfig());
        if (source != null) {
            updateSensitivity(source);
        }
    }

    /**
     * Draws {@code plots/sensitivity.png} (log10 heat maps of Y, and Cb and Cr) from the run's
     * {@code sensitivity.json} when the figure is missing or older than that file; nothing when the run has no map.
     *
     * @return whether the figure was drawn
     */
    public static boolean updateSensitivity(RunDirectory run) throws IOException {
        Path png = run.sensitivityPlot();
        if (!FigureFiles.outdated(png, run.sensitivity())) {
            return false;
        }
        Plots.sensitivityHeatMaps(Json.read(run.sensitivity(), SensitivityMap.class), png);
        return true;
    }

    /** The baseline run whose sensitivity map a JPEG-DL run's tables started from, or null. */
    private static RunDirectory tableSource(RunConfig config) {
        return config.jpeg()
                        && config.recipe().tableInit() instanceof TableInitialization.Sensitivity s
                        && !s.needsBaseline()
                ? new RunDirectory(s.baselineRun())
                : null;
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
