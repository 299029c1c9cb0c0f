package org.jpegdl.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.TablesFile;

/**
 * The report's sections on what a run's soft quantiser did beyond its steps: the tables of every region of spatial
 * tables, the hardness alpha per frequency, and how much of each frequency the index clamp held in the last epoch.
 * Each section covers the runs whose files have the data (older runs have none) and is null when none has.
 */
final class QuantiserSections {

    /**
     * What these sections read of one run.
     *
     * @param name the run's name on the page
     * @param tables its tables.json, or null
     * @param lastEpoch its last metrics line, or null
     * @param bits the index range of its quantiser in bits
     */
    record Source(String name, TablesFile tables, EpochMetrics lastEpoch, int bits) {}

    private QuantiserSections() {}

    /** Whether any of the runs has spatial tables (then the page lays out grids per region). */
    static boolean hasRegions(List<Source> runs) {
        return runs.stream().anyMatch(QuantiserSections::spatial);
    }

    private static boolean spatial(Source run) {
        return run.tables() != null && run.tables().regionLayout() != null;
    }

    /** The learned tables of every region of spatial tables, laid out as the regions sit in the image. */
    static HeatSection regions(List<Source> runs) {
        List<Source> spatial = runs.stream().filter(QuantiserSections::spatial).toList();
        if (spatial.isEmpty()) {
            return null;
        }
        List<double[]> all = new ArrayList<>();
        for (Source r : spatial) {
            for (TablesFile.Round round : r.tables().rounds()) {
                all.addAll(perRegion(round, TablesFile.Region::luma));
                if (round.chroma() != null) {
                    all.addAll(perRegion(round, TablesFile.Region::chroma));
                }
            }
        }
        HeatGrid.LogScale scale = HeatGrid.LogScale.over(all);
        List<HeatSection.RunGrids> sections = new ArrayList<>();
        for (Source r : spatial) {
            TablesFile t = r.tables();
            TablesFile.RegionLayout layout = t.regionLayout();
            List<HeatMosaic> mosaics = new ArrayList<>();
            for (TablesFile.Round round : t.rounds()) {
                String suffix = roundSuffix(t, round);
                mosaics.add(HeatMosaic.of(
                        "luma after epoch " + t.epoch() + suffix,
                        perRegion(round, TablesFile.Region::luma),
                        layout.rows(),
                        layout.columns(),
                        scale));
                if (round.chroma() != null) {
                    mosaics.add(HeatMosaic.of(
                            "chroma after epoch " + t.epoch() + suffix,
                            perRegion(round, TablesFile.Region::chroma),
                            layout.rows(),
                            layout.columns(),
                            scale));
                }
            }
            sections.add(new HeatSection.RunGrids(
                    String.format(
                            Locale.ROOT,
                            "%s: %d × %d regions of %d×%d pixels",
                            r.name(),
                            layout.rows(),
                            layout.columns(),
                            layout.size(),
                            layout.size()),
                    List.of(),
                    mosaics));
        }
        return HeatSection.of(
                "Spatial tables: every region of the image has its own table pair. These are the learned "
                        + "steps of each region, laid out as the regions sit in the image (hover a cell for its value); the "
                        + "tables section shows their element-wise largest step, what one JPEG file of the whole image "
                        + "stores.",
                scale,
                sections);
    }

    /** The soft quantiser's alpha per frequency, as it started and as the quantiser uses it now. */
    static HeatSection alpha(List<Source> runs) {
        List<Source> withAlpha = runs.stream()
                .filter(r -> r.tables() != null && r.tables().alpha() != null)
                .toList();
        if (withAlpha.isEmpty()) {
            return null;
        }
        List<double[]> all = new ArrayList<>();
        for (Source r : withAlpha) {
            if (constantAlpha(r.tables()) != null) {
                continue;
            }
            for (TablesFile.Round round : r.tables().rounds()) {
                for (AlphaTable a : alphaTables(r.tables(), round)) {
                    all.addAll(a.tables());
                }
            }
        }
        HeatGrid.LogScale scale = all.isEmpty() ? null : HeatGrid.LogScale.over(all);
        List<HeatSection.RunGrids> sections = new ArrayList<>();
        for (Source r : withAlpha) {
            TablesFile t = r.tables();
            Double constant = constantAlpha(t);
            if (constant != null) {
                // one number for every frequency, table and round: said in words, not drawn as 64 equal cells
                sections.add(new HeatSection.RunGrids(
                        r.name() + ": alpha " + HeatGrid.significant(constant) + ", fixed", List.of()));
                continue;
            }
            TablesFile.RegionLayout layout = t.regionLayout();
            List<HeatGrid> grids = new ArrayList<>();
            List<HeatMosaic> mosaics = new ArrayList<>();
            for (TablesFile.Round round : t.rounds()) {
                for (AlphaTable a : alphaTables(t, round)) {
                    if (layout == null) {
                        grids.add(HeatGrid.of(a.title(), a.tables().get(0), scale));
                    } else {
                        mosaics.add(HeatMosaic.of(a.title(), a.tables(), layout.rows(), layout.columns(), scale));
                    }
                }
            }
            sections.add(new HeatSection.RunGrids(r.name() + ": alpha " + describe(t.alpha()), grids, mosaics));
        }
        return HeatSection.of(
                "The soft quantiser's hardness alpha"
                        + (scale == null
                                ? ""
                                : " per DCT frequency (row: " + "vertical frequency, column: horizontal, DC top left)")
                        + ": with a large alpha·q² a coefficient "
                        + "goes to its nearest level almost as a hard quantiser rounds, with a small one the neighbouring "
                        + "levels blend"
                        + (scale == null
                                ? "."
                                : "; as it started and as the quantiser uses it after the " + "last epoch."),
                scale,
                sections);
    }

    /** The one value of a fixed alpha that is the same for every frequency, table, region and round; else null. */
    private static Double constantAlpha(TablesFile file) {
        if (!TablesFile.Alpha.FIXED.equals(file.alpha().kind())) {
            return null;
        }
        Double value = null;
        for (TablesFile.Round round : file.rounds()) {
            for (AlphaTable a : alphaTables(file, round)) {
                for (double[] table : a.tables()) {
                    for (double v : table) {
                        if (value == null) {
                            value = v;
                        } else if (v != value) {
                            return null;
                        }
                    }
                }
            }
        }
        return value;
    }

    /** The fraction of the last epoch's coefficients per frequency that the index clamp held. */
    static HeatSection saturation(List<Source> runs) {
        List<Source> counted = runs.stream()
                .filter(r -> r.lastEpoch() != null && r.lastEpoch().saturation() != null)
                .toList();
        if (counted.isEmpty()) {
            return null;
        }
        HeatGrid.LinearScale scale = new HeatGrid.LinearScale(0, 1);
        List<HeatSection.RunGrids> sections = new ArrayList<>();
        for (Source r : counted) {
            List<EpochMetrics.Saturation> rounds = r.lastEpoch().saturation();
            List<HeatGrid> grids = new ArrayList<>();
            for (EpochMetrics.Saturation s : rounds) {
                String suffix = rounds.size() > 1 ? ", round " + s.round() : "";
                grids.add(HeatGrid.of("luma" + suffix, s.luma(), scale));
                if (s.chroma() != null) {
                    grids.add(HeatGrid.of("chroma (Cb and Cr)" + suffix, s.chroma(), scale));
                }
            }
            sections.add(new HeatSection.RunGrids(
                    String.format(
                            Locale.ROOT,
                            "%s, epoch %d (%d-bit indices)",
                            r.name(),
                            r.lastEpoch().epoch(),
                            r.bits()),
                    grids));
        }
        return HeatSection.of(
                "Per DCT frequency, the fraction of the last epoch's training coefficients whose |x|/q lay "
                        + "beyond the index range, so that the index clamp rather than the step set their quantiser window. "
                        + "A high value means the clamp holds those coefficients at the end of the range whatever their "
                        + "value: with small steps that frequency is as good as erased (at DC, the blocks' means).",
                scale,
                sections);
    }

    /** One alpha grid (or mosaic) of a round: its caption and its table per region. */
    private record AlphaTable(String title, List<double[]> tables) {}

    /** The round's alpha tables in page order: luma, then chroma; at the start and now, or once when fixed. */
    private static List<AlphaTable> alphaTables(TablesFile file, TablesFile.Round round) {
        String suffix = roundSuffix(file, round);
        boolean fixed = TablesFile.Alpha.FIXED.equals(file.alpha().kind());
        List<AlphaTable> out = new ArrayList<>();
        for (boolean luma : new boolean[] {true, false}) {
            String table = luma ? "luma" : "chroma";
            List<double[]> initial = alpha(file, round, luma, true);
            List<double[]> now = alpha(file, round, luma, false);
            if (fixed && !now.isEmpty()) {
                out.add(new AlphaTable(table + " (fixed)" + suffix, now));
                continue;
            }
            if (!initial.isEmpty()) {
                out.add(new AlphaTable(table + " at the start" + suffix, initial));
            }
            if (!now.isEmpty()) {
                out.add(new AlphaTable(table + " after epoch " + file.epoch() + suffix, now));
            }
        }
        return out;
    }

    /** One alpha table per region (a single one for tables of the whole image); empty where the file has none. */
    private static List<double[]> alpha(TablesFile file, TablesFile.Round round, boolean luma, boolean initial) {
        if (file.regionLayout() == null) {
            float[] t = luma
                    ? (initial ? round.initialAlphaLuma() : round.alphaLuma())
                    : (initial ? round.initialAlphaChroma() : round.alphaChroma());
            return t == null ? List.of() : List.of(HeatGrid.widen(t));
        }
        List<double[]> out = perRegion(
                round,
                g -> luma
                        ? (initial ? g.initialAlphaLuma() : g.alphaLuma())
                        : (initial ? g.initialAlphaChroma() : g.alphaChroma()));
        return out.size() == round.regions().size() ? out : List.of();
    }

    /** How alpha is set, in words. */
    private static String describe(TablesFile.Alpha alpha) {
        String scaled = alpha.scaledByInitialSteps() ? ", started as alpha / q at the initial steps" : "";
        if (TablesFile.Alpha.MATCHED.equals(alpha.kind())) {
            return "= H/q² (hardness matching, H = " + HeatGrid.significant(alpha.hardness()) + "), set from the "
                    + "current steps before every pass";
        }
        return alpha.kind() + scaled;
    }

    /** The regions' tables of one kind, in region order; regions without that table are left out. */
    private static List<double[]> perRegion(TablesFile.Round round, Function<TablesFile.Region, float[]> table) {
        List<double[]> out = new ArrayList<>();
        for (TablesFile.Region g : round.regions()) {
            float[] t = table.apply(g);
            if (t != null) {
                out.add(HeatGrid.widen(t));
            }
        }
        return out;
    }

    private static String roundSuffix(TablesFile file, TablesFile.Round round) {
        return file.rounds().size() > 1 ? ", round " + round.round() : "";
    }
}
