package org.jpegdl.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jpegdl.attack.AttackReport;
import org.jpegdl.attack.MaskingChecks;
import org.jpegdl.attack.RobustnessTable;
import org.jpegdl.codec.BitsSaved;
import org.jpegdl.codec.RateAccuracy;
import org.jpegdl.codec.RateSweep;
import org.jpegdl.experiment.Comparison;
import org.jpegdl.experiment.ImageMultipliers;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.io.FileTrees;
import org.jpegdl.run.ComparisonDirectory;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.Json;
import org.jpegdl.run.MeanMagnitudes;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunSummary;
import org.jpegdl.run.SensitivityMap;
import org.jpegdl.run.TablesFile;

/**
 * The HTML page of one or more runs or comparisons: one self-contained file (images inlined, no scripts, no
 * fonts or styles from elsewhere) with, as the runs have data for them, the comparison table, results per run,
 * training curves on shared axes, learned and initial tables, spatial tables per region, the soft quantiser's alpha,
 * the index clamp's saturation and the sensitivity maps as coloured 8×8 grids on one scale per section, robustness,
 * GradCAM++ grids, rate–accuracy of real JPEG files, example images before and after the JPEG layer, and the
 * configuration side by side. It reads only the run directories' files.
 */
public final class RunReport {


    /** Section ids in page order, with their titles in the navigation. */
    private static final Map<String, String> SECTIONS = sections();

    private RunReport() {}

    /**
     * Writes the report of the given directories (each a run directory, or a comparison directory holding runs) to
     * {@code html}, atomically.
     *
     * @throws IOException when a directory is neither, or a file in it cannot be read (the message names it)
     */
    public static Path write(List<Path> directories, Path html) throws IOException {
        return write(directories, html, "jpegdl report");
    }

    /**
     * As {@link #write(List, Path)}, the page saying it was written by {@code command} (the command line of the verb
     * that wrote it: train, compare, quickstart or report).
     */
    public static Path write(List<Path> directories, Path html, String command) throws IOException {
        Sources sources = Sources.of(directories);
        Map<String, Object> page = page(sources);
        page.put("writtenBy", command);
        Mustache template = new DefaultMustacheFactory("org/jpegdl/report").compile("report.mustache");
        StringWriter out = new StringWriter();
        template.execute(out, page).flush();
        Json.writeString(html, out.toString());
        return html;
    }

    /** The run directories a report of these directories shows (those inside comparisons included). */
    public static List<RunDirectory> runs(List<Path> directories) throws IOException {
        return Sources.of(directories).runs();
    }

    /** The run directories and the comparison directories a report is made of. */
    record Sources(List<RunDirectory> runs, List<Path> comparisons, List<Path> given) {

        static Sources of(List<Path> directories) throws IOException {
            if (directories.isEmpty()) {
                throw new IllegalArgumentException("a report needs at least one run or comparison directory");
            }
            List<RunDirectory> runs = new ArrayList<>();
            List<Path> comparisons = new ArrayList<>();
            for (Path dir : directories) {
                RunDirectory run = new RunDirectory(dir);
                if (run.exists()) {
                    runs.add(run);
                    continue;
                }
                if (!Files.isDirectory(dir)) {
                    throw new NoSuchFileException(dir.toString());
                }
                List<RunDirectory> inside;
                try (var entries = Files.list(dir)) {
                    inside = entries.sorted().map(RunDirectory::new).filter(RunDirectory::exists).toList();
                }
                if (inside.isEmpty() && !new ComparisonDirectory(dir).exists()) {
                    throw new IOException(dir + " is neither a run directory (no config.json) nor a comparison "
                            + "(no run directories, no compare.json)");
                }
                runs.addAll(inside);
                comparisons.add(dir);
            }
            return new Sources(runs, comparisons, directories);
        }
    }

    private static Map<String, Object> page(Sources sources) throws IOException {
        List<Run> read = new ArrayList<>();
        for (RunDirectory dir : sources.runs()) {
            read.add(Run.read(dir));
        }
        // runs of different comparisons share names (baseline-s0, ...): tell them apart by their parent directory
        Map<String, Long> counts = read.stream().collect(Collectors.groupingBy(Run::name, Collectors.counting()));
        List<Run> runs = read.stream().map(r -> counts.get(r.name()) > 1 ? r.named(r.qualifiedName()) : r).toList();
        Map<String, Object> page = new LinkedHashMap<>();
        Comparison comparison = null;
        if (sources.comparisons().size() == 1 && new ComparisonDirectory(sources.comparisons().get(0)).exists()) {
            comparison = Json.read(new ComparisonDirectory(sources.comparisons().get(0)).comparisonJson(),
                    Comparison.class);
        }
        page.put("title", title(runs, comparison));
        page.put("lead", lead(runs));
        page.put("source", sources.given().stream().map(Path::toString).collect(Collectors.joining(", ")));
        String travelVerdict = TravelSection.verdict(metricsOf(runs, true));
        if (comparison != null) {
            Map<String, Object> compare = new LinkedHashMap<>(compareSection(comparison));
            putIf(compare, "tablesLearned", travelVerdict);
            page.put("compare", compare);
        }
        putIf(page, "results", resultsSection(runs));
        putIf(page, "curves", curvesSection(runs));
        putIf(page, "tables", tablesSection(runs));
        List<QuantiserSections.Source> layers = runs.stream().map(Run::quantiser).toList();
        putIf(page, "regions", QuantiserSections.regions(layers));
        putIf(page, "alpha", QuantiserSections.alpha(layers));
        putIf(page, "saturation", QuantiserSections.saturation(layers));
        putIf(page, "travel", TravelSection.of(metricsOf(runs, false), travelVerdict));
        if (QuantiserSections.hasRegions(layers)) {
            page.put("mosaicStyle", true);
        }
        putIf(page, "magnitudes", magnitudesSection(runs));
        putIf(page, "sensitivity", sensitivitySection(runs));
        putIf(page, "robustness", robustnessSection(runs, sources.comparisons()));
        putIf(page, "gradcam", figuresSection(runs, RunDirectory::gradCamPlots, "GradCAM++"));
        putIf(page, "rate", rateSection(runs));
        putIf(page, "adaptive", adaptiveSection(runs));
        putIf(page, "examples", examplesSection(runs));
        putIf(page, "config", configSection(runs));
        List<Map<String, String>> nav = new ArrayList<>();
        for (Map.Entry<String, String> s : SECTIONS.entrySet()) {
            if (page.containsKey(s.getKey())) {
                nav.add(Map.of("id", s.getKey(), "name", s.getValue()));
            }
        }
        page.put("sections", nav);
        return page;
    }

    /** The metrics of the runs by name (only the JPEG-DL runs': {@code jpegOnly}). */
    private static Map<String, List<EpochMetrics>> metricsOf(List<Run> runs, boolean jpegOnly) {
        Map<String, List<EpochMetrics>> out = new LinkedHashMap<>();
        for (Run r : runs) {
            if (!jpegOnly || (r.config().jpeg() && !r.config().recipe().zeroDc())) {
                out.put(r.name(), r.metrics());
            }
        }
        return out;
    }

    /** What the report reads of one run directory; absent files are null or empty. */
    private record Run(RunDirectory dir, String name, RunConfig config, JsonNode configTree, RunSummary summary,
            List<EpochMetrics> metrics, TablesFile tables, SensitivityMap sensitivity, MeanMagnitudes magnitudes) {

        static Run read(RunDirectory dir) throws IOException {
            RunConfig config = dir.readConfig();
            JsonNode tree = Json.MAPPER.readTree(dir.config().toFile());
            RunSummary summary = Files.isRegularFile(dir.summary()) ? dir.readSummary() : null;
            TablesFile tables = Files.isRegularFile(dir.tables()) ? TablesFile.read(dir) : null;
            SensitivityMap sensitivity = Files.isRegularFile(dir.sensitivity())
                    ? Json.read(dir.sensitivity(), SensitivityMap.class) : null;
            MeanMagnitudes magnitudes = Files.isRegularFile(dir.meanMagnitudes())
                    ? Json.read(dir.meanMagnitudes(), MeanMagnitudes.class) : null;
            return new Run(dir, config.name(), config, tree, summary, dir.readMetrics(), tables, sensitivity,
                    magnitudes);
        }

        /** What the quantiser sections read of this run. */
        QuantiserSections.Source quantiser() {
            EpochMetrics last = metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
            return new QuantiserSections.Source(name, tables, last, config.recipe().bits());
        }

        Run named(String newName) {
            return new Run(dir, newName, config, configTree, summary, metrics, tables, sensitivity, magnitudes);
        }

        /** The name with the directory the run lives in, e.g. fashion-mnist-vgg8-e1/jpegdl-s0. */
        String qualifiedName() {
            Path parent = dir.root().toAbsolutePath().normalize().getParent();
            return parent == null || parent.getFileName() == null ? name : parent.getFileName() + "/" + name;
        }
    }

    private static String title(List<Run> runs, Comparison comparison) {
        if (comparison != null) {
            return String.format(Locale.ROOT, "%s on %s: baseline against JPEG-DL, %d epochs, %s",
                    comparison.model(), comparison.dataset(), comparison.epochs(), joined(comparison.seeds()));
        }
        if (runs.size() == 1) {
            RunConfig c = runs.get(0).config();
            return String.format(Locale.ROOT, "%s: %s on %s, %s", c.name(), c.model(), c.dataset(),
                    c.jpeg() ? "JPEG-DL" : "baseline");
        }
        return runs.size() + " runs: " + runs.stream().map(Run::name).collect(Collectors.joining(", "));
    }

    /**
     * What was trained, in words: one sentence per distinct model/data/schedule, then one per distinct JPEG layer
     * setting ("JPEG-DL: ..."), the sensitivity map's run directory left out (the sensitivity section names it).
     */
    private static String lead(List<Run> runs) {
        Set<String> sentences = new LinkedHashSet<>();
        for (Run r : runs) {
            RunConfig c = r.config();
            var recipe = c.recipe();
            String images = r.summary() == null ? ""
                    : String.format(Locale.ROOT, " (%,d training / %,d test images)", r.summary().trainImages(),
                            r.summary().testImages());
            sentences.add(String.format(Locale.ROOT, "%s trained on %s%s for %d epoch(s), %s recipe: batch %d, "
                    + "SGD lr %s.", c.model(), c.dataset(), images, recipe.epochs(), recipe.preset(),
                    recipe.batchSize(), number(recipe.modelLr())));
        }
        for (Run r : runs) {
            var recipe = r.config().recipe();
            if (r.config().jpeg() && recipe.zeroDc()) {
                sentences.add("Zero-DC ablation: the JPEG layer sets every 8×8 block's DC coefficient to 0 and "
                        + "quantises nothing (no tables).");
            } else if (r.config().jpeg()) {
                String init = recipe.tableInit() instanceof TableInitialization.Sensitivity
                        ? "a trained baseline's sensitivity map (qMax " + number(recipe.qMax()) + ")"
                        : recipe.tableInit().toString();
                String alpha = recipe.hardness() != null && recipe.hardness() > 0
                        ? "alpha matched to the steps (H = " + number(recipe.hardness()) + ")"
                        : "alpha " + number(recipe.alpha()) + (recipe.alphaScaling() ? " / initial step" : "")
                                + (recipe.trainableAlpha() ? " (trainable)" : "");
                sentences.add(String.format(Locale.ROOT, "JPEG-DL: %d soft-quantiser round(s), %s, %d-bit indices, "
                                + "tables%s trained by %s lr %s from %s.", recipe.rounds(), alpha, recipe.bits(),
                        recipe.regionSize() > 0 ? " per " + recipe.regionSize() + "-pixel region" : "",
                        recipe.tableOptimizer(), number(recipe.tableLr()), init));
            } else {
                sentences.add("Baseline: the same network without the JPEG layer.");
            }
        }
        sentences.addAll(origins(runs));
        return String.join(" ", sentences);
    }

    /**
     * One sentence per run a classifier started from ({@code --init-from}), naming the runs that did: "The classifier
     * of jpegdl-s0 started from runs/c/baseline-s0 (epoch 10), not from a fresh initialisation; ...".
     */
    private static List<String> origins(List<Run> runs) {
        Map<String, List<Run>> bySource = new LinkedHashMap<>();
        for (Run r : runs) {
            if (r.config().initFrom() != null) {
                bySource.computeIfAbsent(r.config().initFrom(), k -> new ArrayList<>()).add(r);
            }
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<Run>> e : bySource.entrySet()) {
            List<Run> started = e.getValue();
            boolean withLayer = started.stream().anyMatch(r -> r.config().jpeg());
            out.add(String.format(Locale.ROOT, "The classifier of %s started from %s%s, not from a fresh "
                    + "initialisation, and was fine-tuned for the epochs above%s.",
                    started.stream().map(Run::name).collect(Collectors.joining(", ")), e.getKey(),
                    sourceEpoch(e.getKey()), withLayer ? " (the JPEG layer in front of it from its own initial tables)"
                            : ""));
        }
        return out;
    }

    /** " (epoch N)": the checkpoint a source run holds, when it can still be read; "" otherwise. */
    private static String sourceEpoch(String source) {
        try {
            return " (epoch " + new RunDirectory(Path.of(source)).lastCheckpointEpoch() + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Map<String, Object> compareSection(Comparison c) {
        List<Map<String, Object>> arms = new ArrayList<>();
        for (Comparison.Arm a : List.of(c.baseline(), c.jpegDl())) {
            Map<String, Object> arm = new LinkedHashMap<>();
            arm.put("name", a.name());
            arm.put("runs", a.runs());
            arm.put("top1Mean", a.top1Mean());
            arm.put("top5Mean", a.top5Mean());
            boolean spread = c.seeds().size() > 1;
            arm.put("top1", spread ? pm(a.top1Mean(), a.top1Std()) : percent(a.top1Mean()));
            arm.put("top5", spread ? pm(a.top5Mean(), a.top5Std()) : percent(a.top5Mean()));
            arm.put("perSeed", a.top1PerSeed().stream().map(v -> String.format(Locale.ROOT, "%.2f", 100 * v))
                    .collect(Collectors.joining(", ")));
            arm.put("wall", Comparison.duration(a.wallSeconds()));
            arms.add(arm);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("description", String.format(Locale.ROOT, "%s on %s, %d epochs, %s: final test top-1 and "
                + "top-5 of each arm%s.", c.model(), c.dataset(), c.epochs(), joined(c.seeds()),
                c.seeds().size() < 2 ? " (one seed: no spread)" : ""));
        s.put("arms", arms);
        s.put("deltaTop1", c.deltaTop1());
        s.put("deltaTop5", c.deltaTop5());
        s.put("delta1", String.format(Locale.ROOT, "%+.2f", 100 * c.deltaTop1()));
        s.put("delta5", String.format(Locale.ROOT, "%+.2f", 100 * c.deltaTop5()));
        s.put("command", c.command());
        s.put("spread", c.seeds().size() > 1);
        if (c.paired() != null) {
            s.put("paired", c.paired().describe());
        }
        return s;
    }

    private static Map<String, Object> resultsSection(List<Run> runs) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        for (Run r : runs) {
            RunSummary s = r.summary();
            if (s == null) {
                unfinished.add(r.name() + " (" + r.metrics().size() + " epoch(s) recorded)");
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", r.name());
            row.put("jpeg", s.jpeg() ? "yes" : "no");
            row.put("seed", s.seed());
            row.put("epochs", s.epochs());
            row.put("images", String.format(Locale.ROOT, "%,d / %,d", s.trainImages(), s.testImages()));
            row.put("finalTop1", s.finalTop1());
            row.put("finalTop5", s.finalTop5());
            row.put("bestTop1", s.bestTop1());
            row.put("top1", percent(s.finalTop1()));
            row.put("top5", percent(s.finalTop5()));
            row.put("best", percent(s.bestTop1()));
            row.put("wall", Comparison.duration(s.wallSeconds()));
            row.put("speed", String.format(Locale.ROOT, "%.0f", s.trainImagesPerSecond()));
            rows.add(row);
        }
        if (rows.isEmpty() && unfinished.isEmpty()) {
            return null;
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("rows", rows);
        section.put("unfinished", unfinished.isEmpty() ? null : String.join(", ", unfinished));
        return section;
    }

    private static Map<String, Object> curvesSection(List<Run> runs) throws IOException {
        Map<String, List<EpochMetrics>> curves = new LinkedHashMap<>();
        for (Run r : runs) {
            if (!r.metrics().isEmpty()) {
                curves.put(r.name(), r.metrics());
            }
        }
        if (curves.isEmpty()) {
            return null;
        }
        Path png = Files.createTempFile("jpegdl-curves", ".png");
        try {
            Plots.curves(curves, png);
            List<String> rates = Plots.learningRateLines(curves);
            return Map.of("image", dataUri(png), "caption", "Per epoch: training and test cross-entropy, top-1, "
                    + "and the learning rates of the model and of the tables"
                    + (curves.size() > 1 ? "; all runs on the same axes" : "") + ". Learning rates, in the legend's "
                    + "order (runs on the same schedule share one line): " + rates.stream().map(l -> "“" + l + "”")
                    .collect(Collectors.joining("; ")) + ".",
                    "rateLines", rates);
        } finally {
            Files.deleteIfExists(png);
        }
    }

    private static Map<String, Object> tablesSection(List<Run> runs) {
        List<Run> withTables = runs.stream().filter(r -> r.tables() != null).toList();
        if (withTables.isEmpty()) {
            return null;
        }
        List<double[]> all = new ArrayList<>();
        for (Run r : withTables) {
            for (TablesFile.Round round : r.tables().rounds()) {
                for (float[] t : tablesOf(round)) {
                    all.add(HeatGrid.widen(t));
                }
            }
        }
        HeatGrid.LogScale scale = HeatGrid.LogScale.over(all);
        List<Map<String, Object>> sections = new ArrayList<>();
        for (Run r : withTables) {
            List<HeatGrid> grids = new ArrayList<>();
            for (TablesFile.Round round : r.tables().rounds()) {
                String suffix = r.tables().rounds().size() > 1 ? ", round " + round.round() : "";
                grids.add(HeatGrid.of("luma at the start" + suffix, HeatGrid.widen(round.initialLuma()), scale));
                grids.add(HeatGrid.of("luma after epoch " + r.tables().epoch() + suffix,
                        HeatGrid.widen(round.luma()), scale));
                if (round.chroma() != null) {
                    grids.add(HeatGrid.of("chroma at the start" + suffix, HeatGrid.widen(round.initialChroma()),
                            scale));
                    grids.add(HeatGrid.of("chroma after epoch " + r.tables().epoch() + suffix,
                            HeatGrid.widen(round.chroma()), scale));
                }
            }
            sections.add(Map.of("name", r.name() + " (initialised by " + r.tables().init() + ")", "grids", grids));
        }
        return Map.of("description", "Quantisation steps per DCT frequency (row: vertical frequency, column: "
                + "horizontal, DC top left), as initialised and as learned; hover a cell for its exact value.",
                "legend", scale.legend(), "runs", sections);
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
    private static Map<String, Object> magnitudesSection(List<Run> runs) {
        List<Run> with = runs.stream().filter(r -> r.magnitudes() != null).toList();
        if (with.isEmpty()) {
            return null;
        }
        List<double[]> all = new ArrayList<>();
        for (Run r : with) {
            all.addAll(Arrays.asList(r.magnitudes().luma()));
            if (r.magnitudes().chroma() != null) {
                all.addAll(Arrays.asList(r.magnitudes().chroma()));
            }
        }
        HeatGrid.LogScale scale = HeatGrid.LogScale.over(all);
        List<Map<String, Object>> sections = new ArrayList<>();
        for (Run r : with) {
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
            sections.add(Map.of("name", String.format(Locale.ROOT, "%s, over %,d training images (%,d blocks each)",
                    r.name(), m.images(), m.blocksPerImage()), "grids", grids));
        }
        return Map.of("description", "Mean magnitude |x| of each DCT coefficient over every 8×8 block of the "
                + "training split; an abs-avg run starts its tables at 2·mean|x| / √(2^(bits−1)) per frequency, the "
                + "DC step replaced by the first AC step (see the tables above).", "legend", scale.legend(),
                "runs", sections);
    }

    private static Map<String, Object> sensitivitySection(List<Run> runs) {
        List<Run> maps = runs.stream().filter(r -> r.sensitivity() != null).toList();
        if (maps.isEmpty()) {
            return null;
        }
        List<double[]> all = new ArrayList<>();
        for (Run r : maps) {
            all.addAll(channels(r.sensitivity()).values());
        }
        HeatGrid.LogScale scale = HeatGrid.LogScale.over(all);
        List<Map<String, Object>> sections = new ArrayList<>();
        for (Run r : maps) {
            List<HeatGrid> grids = new ArrayList<>();
            for (Map.Entry<String, double[]> ch : channels(r.sensitivity()).entrySet()) {
                grids.add(HeatGrid.of(ch.getKey(), ch.getValue(), scale));
            }
            List<String> users = runs.stream().filter(u -> u.config().jpeg()
                    && u.config().recipe().tableInit() instanceof TableInitialization.Sensitivity s
                    && !s.needsBaseline()
                    && s.baselineRun().getFileName().toString().equals(r.dir().root().getFileName().toString()))
                    .map(Run::name).toList();
            String name = String.format(Locale.ROOT, "%s, over %,d training images%s", r.name(),
                    r.sensitivity().images(), users.isEmpty() ? "" : ": the initial tables of "
                            + String.join(", ", users));
            sections.add(Map.of("name", name, "grids", grids));
        }
        return Map.of("description", "Mean squared gradient of the loss with respect to each DCT coefficient of a "
                + "trained baseline, per frequency; JPEG-DL starts its tables inversely proportional to it (large "
                + "steps where the network is insensitive).", "legend", scale.legend(), "runs", sections);
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

    private static Map<String, Object> robustnessSection(List<Run> runs, List<Path> comparisons) throws IOException {
        Map<String, Object> table = null;
        List<Map<String, String>> figures = new ArrayList<>();
        for (Path dir : comparisons) {
            if (Files.isRegularFile(new ComparisonDirectory(dir).robustnessJson())) {
                RobustnessTable t = Json.read(new ComparisonDirectory(dir).robustnessJson(), RobustnessTable.class);
                table = table == null ? robustnessTable(t) : table;
            }
            addFigure(figures, new ComparisonDirectory(dir).robustnessPlot(), dir.getFileName() + ": top-1 under attack, mean ± "
                    + "std over seeds");
        }
        List<Map<String, Object>> checks = new ArrayList<>();
        if (table == null) {
            for (Run r : runs) {
                for (Path png : r.dir().attackPlots()) {
                    addFigure(figures, png, r.name() + ": top-1 under attack (" + png.getFileName() + ")");
                }
                if (Files.isRegularFile(r.dir().attackReport())) {
                    AttackReport report = Json.read(r.dir().attackReport(), AttackReport.class);
                    if (report.masking() != null) {
                        checks.add(maskingChecks(report.run(), report.jpeg() ? "JPEG-DL" : "baseline",
                                report.masking()));
                    }
                }
            }
        } else {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> fromTable = (List<Map<String, Object>>) table.get("checks");
            checks.addAll(fromTable);
        }
        if (table == null && figures.isEmpty() && checks.isEmpty()) {
            return null;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("table", table);
        s.put("checks", checks);
        s.put("hasChecks", !checks.isEmpty());
        s.put("masked", checks.stream().anyMatch(c -> Boolean.TRUE.equals(c.get("masked"))));
        s.put("figures", figures);
        return s;
    }

    /** One run's masking checks for the page: the run, whether any failed, and every check's outcome. */
    private static Map<String, Object> maskingChecks(String run, String arm, MaskingChecks checks) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (MaskingChecks.Check c : checks.checks()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("status", c.status().name());
            item.put("failed", c.status() == MaskingChecks.Status.FAIL);
            item.put("name", c.name());
            item.put("finding", c.finding());
            items.add(item);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", run);
        out.put("arm", arm);
        out.put("masked", checks.masked());
        out.put("verdict", checks.masked() ? "masking suspected" : "no sign of masking");
        out.put("items", items);
        return out;
    }

    private static Map<String, Object> robustnessTable(RobustnessTable t) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RobustnessTable.Row row : t.rows()) {
            boolean delta = row.arm().equals("difference");
            List<Map<String, Object>> cells = new ArrayList<>();
            for (RobustnessTable.Cell c : row.cells()) {
                String text = delta ? String.format(Locale.ROOT, "%+.2f", 100 * c.mean())
                        : t.seeds().size() > 1 ? pm(c.mean(), c.std()) : percent(c.mean());
                cells.add(Map.of("mean", c.mean(), "text", text));
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("eps", String.format(Locale.ROOT, "%.3g/255", row.epsPixels()));
            r.put("arm", row.arm());
            r.put("delta", delta);
            r.put("cells", cells);
            // the masking column: this arm's failed checks at this eps (empty on difference rows)
            r.put("maskingCells", t.masking() == null ? List.of()
                    : List.of(row.masking() == null ? "" : row.masking()));
            rows.add(r);
        }
        List<Map<String, Object>> checks = new ArrayList<>();
        if (t.masking() != null) {
            for (RobustnessTable.RunMasking m : t.masking()) {
                checks.add(maskingChecks(m.run(), m.arm(), m.checks()));
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("maskingHeader", t.masking() != null);
        s.put("checks", checks);
        s.put("description", String.format(Locale.ROOT, "%s on %s, %,d test images per run, %s: top-1 (%%) "
                + "clean and under each attack; produced by %s", t.model(), t.dataset(), t.images(),
                joined(t.seeds()), t.command()));
        s.put("columns", t.columns());
        s.put("rows", rows);
        return s;
    }

    /**
     * The images before and after the JPEG layer, with what they show: small low-frequency steps under the index
     * clamp hold block means near zero, so a garment can look like an edge map on flat grey; the share of clamped DC
     * coefficients the last epoch measured says how much of that is the clamp.
     */
    private static Map<String, Object> examplesSection(List<Run> runs) throws IOException {
        Map<String, Object> figures = figuresSection(runs, RunDirectory::examplePlots, "before and after the JPEG layer");
        if (figures == null) {
            return null;
        }
        List<String> notes = new ArrayList<>();
        for (Run r : runs) {
            EpochMetrics last = r.metrics().isEmpty() ? null : r.metrics().get(r.metrics().size() - 1);
            if (last == null || last.saturation() == null || last.saturation().isEmpty()) {
                continue;
            }
            EpochMetrics.Saturation first = last.saturation().get(0);
            notes.add(String.format(Locale.ROOT, "%s: after epoch %d the index clamp held %.1f%% of the luma DC "
                    + "coefficients%s", r.name(), last.epoch(), 100 * first.luma()[0], first.chroma() == null ? ""
                    : String.format(Locale.ROOT, " and %.1f%% of the chroma DC ones", 100 * first.chroma()[0])));
        }
        Map<String, Object> section = new LinkedHashMap<>(figures);
        section.put("description", "What the classifier sees after the JPEG layer, soft and hard. Where the "
                + "low-frequency steps are small, the quantiser's index clamp (±2^(bits−1) levels) holds the DCT "
                + "coefficient near zero: each 8×8 block loses its mean and the image looks like edges on flat grey. "
                + "That is the layer, not a display fault" + (notes.isEmpty() ? "." : "; measured: "
                + String.join("; ", notes) + ". See the saturation section per frequency."));
        return section;
    }

    /** The figures a run directory lists (its GradCAM++ maps, its examples), as plain PNG files. */
    @FunctionalInterface
    private interface RunFigureFiles {
        List<Path> of(RunDirectory run) throws IOException;
    }

    private static Map<String, Object> figuresSection(List<Run> runs, RunFigureFiles files, String what)
            throws IOException {
        List<Map<String, String>> figures = new ArrayList<>();
        for (Run r : runs) {
            for (Path png : files.of(r.dir())) {
                addFigure(figures, png, r.name() + ": " + what + " (" + png.getFileName() + ")");
            }
        }
        return figures.isEmpty() ? null : Map.of("figures", figures);
    }

    private static Map<String, Object> rateSection(List<Run> runs) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, String>> figures = new ArrayList<>();
        for (Run r : runs) {
            if (!Files.isRegularFile(r.dir().rateCurve())) {
                continue;
            }
            RateAccuracy.Curve curve = Json.read(r.dir().rateCurve(), RateAccuracy.Curve.class);
            RateAccuracy.Point learned = curve.learned();
            for (RateAccuracy.Point point : new RateAccuracy.Point[] {learned, curve.adaptive()}) {
                if (point == null) {
                    continue;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", r.name() + (point == learned ? "" : " (each image's own tables)"));
                row.put("bitsPerPixel", point.bitsPerPixel());
                row.put("bpp", String.format(Locale.ROOT, "%.3f", point.bitsPerPixel()));
                row.put("psnr", point.psnr() == null ? "lossless"
                        : String.format(Locale.ROOT, "%.2f", point.psnr()));
                row.put("top1", point.top1Hard() == null ? "" : percent(point.top1Hard()));
                Double original = curve.uncompressed().top1Hard();
                row.put("top1Original", original == null ? "" : percent(original));
                row.put("top1Bypassed", percent(point.top1Bypassed()));
                BitsSaved.PointSaving saving = point == learned && curve.saved() != null
                        && !curve.saved().points().isEmpty() ? curve.saved().points().get(0) : null;
                row.put("saved", saving == null ? "" : saving.savedBitsPerPixel() == null ? saving.note()
                        : String.format(Locale.ROOT, "%.3f bpp (%.1f%%)", saving.savedBitsPerPixel(),
                                100 * saving.savedFraction()));
                row.put("estimated", point.estimatedBitsPerPixel() == null ? "" : String.format(Locale.ROOT,
                        "%.3f / %.3f", point.estimatedBitsPerPixel(), point.entropyCodedBitsPerPixel()));
                rows.add(row);
            }
            addFigure(figures, r.dir().ratePlot(), r.name() + ": top-1 and PSNR against bits per "
                    + "pixel of real JPEG files (" + curve.images() + " test images), standard quality ladder"
                    + (curve.standard420() == null ? "" : " (4:4:4 and 4:2:0)")
                    + (learned == null ? "" : " and the learned tables"));
        }
        List<Map<String, Object>> sweeps = new ArrayList<>();
        for (Path folder : runs.stream().map(r -> r.dir().root().toAbsolutePath().normalize().getParent())
                .filter(f -> f != null && Files.isRegularFile(f.resolve(RateSweep.FILE))).distinct().toList()) {
            RateSweep sweep = Json.read(folder.resolve(RateSweep.FILE), RateSweep.class);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("lines", sweep.saved().describe());
            entry.put("command", sweep.command());
            sweeps.add(entry);
            addFigure(figures, folder.resolve(RateSweep.FIGURE), "the learned tables of " + sweep.runs().size()
                    + " runs (a λ sweep) over the standard ladder" + (sweep.sharedClassifier()
                    ? ", one frozen classifier" : ", each run its own classifier (the first run's ladder drawn)"));
        }
        if (rows.isEmpty() && figures.isEmpty()) {
            return null;
        }
        return Map.of("rows", rows, "figures", figures, "sweeps", sweeps);
    }

    /** What adaptive layers' predictors give the test images: the figures and the coarseness per class. */
    private static Map<String, Object> adaptiveSection(List<Run> runs) throws IOException {
        List<Map<String, Object>> classes = new ArrayList<>();
        List<Map<String, String>> figures = new ArrayList<>();
        for (Run r : runs) {
            if (!Files.isRegularFile(r.dir().adaptiveTables())) {
                continue;
            }
            ImageMultipliers.Summary s = Json.read(r.dir().adaptiveTables(), ImageMultipliers.Summary.class);
            for (int c = 0; c < s.classCoarseness().length; c++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("run", r.name());
                row.put("name", c < s.classNames().size() ? s.classNames().get(c) : Integer.toString(c));
                row.put("coarseness", String.format(Locale.ROOT, "%.3f", s.classCoarseness()[c]));
                classes.add(row);
            }
            addFigure(figures, r.dir().adaptivePlot(), r.name() + ": how much coarser (above 1) or finer than the "
                    + "learned tables each of " + s.images() + " test images' tables are (" + s.adaptation()
                    + "), and per class");
            addFigure(figures, r.dir().adaptiveExtremesPlot(), r.name() + ": the test images with the coarsest "
                    + "and the finest tables, with their coarseness");
        }
        return classes.isEmpty() ? null : Map.of("classes", classes, "figures", figures);
    }

    /** Settings side by side, flattened ("recipe.epochs"); rows that differ between runs are marked. */
    private static Map<String, Object> configSection(List<Run> runs) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            Map<String, String> flat = new LinkedHashMap<>();
            flatten("", runs.get(i).configTree(), flat);
            if (!runs.get(i).config().jpeg()) {
                flat.keySet().removeIf(RunReport::layerSetting);
            }
            for (Map.Entry<String, String> e : flat.entrySet()) {
                List<String> row = values.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                while (row.size() < i) {
                    row.add("");
                }
                row.add(e.getValue());
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean anyDiffers = false;
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            List<String> row = e.getValue();
            while (row.size() < runs.size()) {
                row.add("");
            }
            // a setting only some runs have (the JPEG layer's, beside a baseline) differs only where it is set
            boolean differs = row.stream().filter(v -> !v.isEmpty()).distinct().count() > 1;
            anyDiffers |= differs;
            rows.add(Map.of("key", e.getKey(), "values", row, "differs", differs));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("runs", runs.stream().map(Run::name).toList());
        s.put("rows", rows);
        s.put("differing", anyDiffers);
        return s;
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
            out.put(prefix, meaning != null && (node.isNull() || text.equals("0") || text.equals("0.0"))
                    ? text + " (" + meaning + ")" : text);
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
    private static final Set<String> LAYER_SETTINGS = Set.of("recipe.rounds", "recipe.candidates", "recipe.bits",
            "recipe.regionSize", "recipe.zeroDc", "recipe.qMax", "recipe.hardness", "recipe.trainableAlpha",
            "recipe.adaptive");

    /** Whether a flattened config key is a setting of the JPEG layer (recipe.table*, recipe.alpha*, ...). */
    private static boolean layerSetting(String key) {
        return LAYER_SETTINGS.contains(key) || key.startsWith("recipe.table") || key.startsWith("recipe.alpha");
    }

    /** Adds {@code png} as a data-URI figure with {@code caption} when the file is there. */
    static void addFigure(List<Map<String, String>> figures, Path png, String caption) throws IOException {
        if (FileTrees.isOwnFile(png)) {
            figures.add(Map.of("image", dataUri(png), "caption", caption));
        }
    }

    /**
     * A PNG as a data URI, so the page needs no file beside it; only a folder's own regular file is read (a symbolic
     * link, which could reach any file the user may read, is refused).
     */
    static String dataUri(Path png) throws IOException {
        if (!FileTrees.isOwnFile(png)) {
            throw new IOException(png + ": not a regular file of its folder (a symbolic link or a folder); a report "
                    + "inlines only a run's own figures");
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png));
    }

    private static void putIf(Map<String, Object> page, String key, Object section) {
        if (section != null) {
            page.put(key, section);
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    private static String pm(double mean, double std) {
        return String.format(Locale.ROOT, "%.2f ± %.2f", 100 * mean, 100 * std);
    }

    private static String number(double v) {
        return HeatGrid.significant(v);
    }

    /** "seed 0" or "seeds 0, 1, 2". */
    private static String joined(List<Long> seeds) {
        return (seeds.size() == 1 ? "seed " : "seeds ") + seeds.stream().map(String::valueOf)
                .collect(Collectors.joining(", "));
    }

    private static Map<String, String> sections() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("compare", "comparison");
        s.put("results", "results");
        s.put("curves", "curves");
        s.put("tables", "tables");
        s.put("regions", "tables per region");
        s.put("alpha", "alpha");
        s.put("saturation", "saturation");
        s.put("travel", "table travel");
        s.put("magnitudes", "magnitudes");
        s.put("sensitivity", "sensitivity");
        s.put("robustness", "robustness");
        s.put("gradcam", "GradCAM++");
        s.put("rate", "JPEG files");
        s.put("adaptive", "adaptive tables");
        s.put("examples", "examples");
        s.put("config", "configuration");
        return s;
    }
}
