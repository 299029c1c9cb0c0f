package org.jpegdl.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.MeanMagnitudes;
import org.jpegdl.run.SensitivityMap;
import org.jpegdl.run.TablesFile;

/**
 * The report's sections of 8×8 grids read from the runs' own files: the quantisation tables (initial and learned),
 * the mean coefficient magnitudes abs-avg tables start from, and the sensitivity maps; each section on one colour
 * scale over all its runs.
 */
final class GridSections {

    private GridSections() {}

    /** The learned and initial tables of the runs that have them, on one log scale; null when none has. */
    static HeatSection tables(List<RunReport.Run> runs) {
        List<RunReport.Run> withTables =
                runs.stream().filter(r -> r.tables() != null).toList();
        if (withTables.isEmpty()) {
            return null;
        }
        List<double[]> all = new ArrayList<>();
        for (RunReport.Run r : withTables) {
            for (TablesFile.Round round : r.tables().rounds()) {
                for (float[] t : tablesOf(round)) {
                    all.add(HeatGrid.widen(t));
                }
            }
        }
        HeatGrid.LogScale scale = HeatGrid.LogScale.over(all);
        List<HeatSection.RunGrids> sections = new ArrayList<>();
        for (RunReport.Run r : withTables) {
            List<HeatGrid> grids = new ArrayList<>();
            for (TablesFile.Round round : r.tables().rounds()) {
                String suffix = r.tables().rounds().size() > 1 ? ", round " + round.round() : "";
                grids.add(HeatGrid.of("luma at the start" + suffix, HeatGrid.widen(round.initialLuma()), scale));
                grids.add(HeatGrid.of(
                        "luma after epoch " + r.tables().epoch() + suffix, HeatGrid.widen(round.luma()), scale));
                if (round.chroma() != null) {
                    grids.add(
                            HeatGrid.of("chroma at the start" + suffix, HeatGrid.widen(round.initialChroma()), scale));
                    grids.add(HeatGrid.of(
                            "chroma after epoch " + r.tables().epoch() + suffix,
                            HeatGrid.widen(round.chroma()),
                            scale));
                }
            }
            sections.add(new HeatSection.RunGrids(
                    r.name() + " (initialised by " + r.tables().init() + ")", grids));
        }
        return HeatSection.of(
                "Quantisation steps per DCT frequency (row: vertical frequency, column: "
                        + "horizontal, DC top left), as initialised and as learned; hover a cell for its exact value.",
                scale,
                sections);
    }

    private static List<float[]> tablesOf(TablesFile.Round round) {
        List<float[]> out = new ArrayList<>(List.of(round.initialLuma(), round.luma()));
        if (round.chroma() != null) {
            out.add(round.initialChroma());
            out.add(round.chroma());
        }
        return out;
    }

    /** The mean coefficient magnitudes an abs-avg run's tables started from (per region for spatial tables). */
    static HeatSection magnitudes(List<RunReport.Run> runs) {
        List<RunReport.Run> with =
                runs.stream().filter(r -> r.magnitudes() != null).toList();
        if (with.isEmpty()) {
            return null;
        }
        List<double[]> all = new ArrayList<>();
        for (RunReport.Run r : with) {
            all.addAll(Arrays.asList(r.magnitudes().luma()));
            if (r.magnitudes().chroma() != null) {
                all.addAll(Arrays.asList(r.magnitudes().chroma()));
            }
        }
        HeatGrid.LogScale scale = HeatGrid.LogScale.over(all);
        List<HeatSection.RunGrids> sections = new ArrayList<>();
        for (RunReport.Run r : with) {
            MeanMagnitudes m = r.magnitudes();
            List<HeatGrid> grids = new ArrayList<>();
            boolean regions = m.luma().length > 1;
            for (int g = 0; g < m.luma().length; g++) {
                String where = regions ? ", region " + g : "";
                grids.add(HeatGrid.of("Y" + where, m.luma()[g], scale));
                if (m.chroma() != null) {
                    grids.add(HeatGrid.of("Cb and Cr" + where, m.chroma()[g], scale));
                }
            }
            sections.add(new HeatSection.RunGrids(
                    String.format(
                            Locale.ROOT,
                            "%s, over %,d training images (%,d " + "blocks each)",
                            r.name(),
                            m.images(),
                            m.blocksPerImage()),
                    grids));
        }
        return HeatSection.of(
                "Mean magnitude |x| of each DCT coefficient over every 8×8 block of the "
                        + "training split; an abs-avg run starts its tables at 2·mean|x| / √(2^(bits−1)) per frequency, the "
                        + "DC step replaced by the first AC step (see the tables above).",
                scale,
                sections);
    }

    /** The sensitivity maps of the runs that have one, and which runs started their tables from each. */
    static HeatSection sensitivity(List<RunReport.Run> runs) {
        List<RunReport.Run> maps =
                runs.stream().filter(r -> r.sensitivity() != null).toList();
        if (maps.isEmpty()) {
            return null;
        }
        List<double[]> all = new ArrayList<>();
        for (RunReport.Run r : maps) {
            all.addAll(channels(r.sensitivity()).values());
        }
        HeatGrid.LogScale scale = HeatGrid.LogScale.over(all);
        List<HeatSection.RunGrids> sections = new ArrayList<>();
        for (RunReport.Run r : maps) {
            List<HeatGrid> grids = new ArrayList<>();
            for (Map.Entry<String, double[]> ch : channels(r.sensitivity()).entrySet()) {
                grids.add(HeatGrid.of(ch.getKey(), ch.getValue(), scale));
            }
            List<String> users = runs.stream()
                    .filter(u -> u.config().jpeg()
                            && u.config().recipe().tableInit() instanceof TableInitialization.Sensitivity s
                            && !s.needsBaseline()
                            && s.baselineRun()
                                    .getFileName()
                                    .toString()
                                    .equals(r.dir().root().getFileName().toString()))
                    .map(RunReport.Run::name)
                    .toList();
            String name = String.format(
                    Locale.ROOT,
                    "%s, over %,d training images%s",
                    r.name(),
                    r.sensitivity().images(),
                    users.isEmpty() ? "" : ": the initial tables of " + String.join(", ", users));
            sections.add(new HeatSection.RunGrids(name, grids));
        }
        return HeatSection.of(
                "Mean squared gradient of the loss with respect to each DCT coefficient of a "
                        + "trained baseline, per frequency; JPEG-DL starts its tables inversely proportional to it (large "
                        + "steps where the network is insensitive).",
                scale,
                sections);
    }

    private static Map<String, double[]> channels(SensitivityMap map) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("Y", map.y());
        if (map.cb() != null) {
            out.put("Cb", map.cb());
            out.put("Cr", map.cr());
        }
        return out;
    }
}
