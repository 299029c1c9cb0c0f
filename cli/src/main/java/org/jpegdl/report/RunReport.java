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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jpegdl.experiment.Comparison;
import org.jpegdl.io.FileTrees;
import org.jpegdl.recipe.TableInitialization;
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
        ReportPage page = page(sources);
        page.writtenBy = command;
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
                    inside = entries.sorted()
                            .map(RunDirectory::new)
                            .filter(RunDirectory::exists)
                            .toList();
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

    private static ReportPage page(Sources sources) throws IOException {
        List<Run> read = new ArrayList<>();
        for (RunDirectory dir : sources.runs()) {
            read.add(Run.read(dir));
        }
        // runs of different comparisons share names (baseline-s0, ...): tell them apart by their parent directory
        Map<String, Long> counts = read.stream().collect(Collectors.groupingBy(Run::name, Collectors.counting()));
        List<Run> runs = read.stream()
                .map(r -> counts.get(r.name()) > 1 ? r.named(r.qualifiedName()) : r)
                .toList();
        Comparison comparison = null;
        if (sources.comparisons().size() == 1
                && new ComparisonDirectory(sources.comparisons().get(0)).exists()) {
            comparison =
                    Json.read(new ComparisonDirectory(sources.comparisons().get(0)).comparisonJson(), Comparison.class);
        }
        ReportPage page = new ReportPage();
        page.title = title(runs, comparison);
        page.lead = lead(runs);
        page.source = sources.given().stream().map(Path::toString).collect(Collectors.joining(", "));
        String travelVerdict = TravelSection.verdict(metricsOf(runs, true));
        if (comparison != null) {
            page.compare = CompareSection.of(comparison, travelVerdict);
        }
        page.results = ResultsSection.of(runs);
        page.curves = curvesSection(runs);
        page.tables = GridSections.tables(runs);
        List<QuantiserSections.Source> layers =
                runs.stream().map(Run::quantiser).toList();
        page.regions = QuantiserSections.regions(layers);
        page.alpha = QuantiserSections.alpha(layers);
        page.saturation = QuantiserSections.saturation(layers);
        page.travel = TravelSection.of(metricsOf(runs, false), travelVerdict);
        page.mosaicStyle = QuantiserSections.hasRegions(layers);
        page.magnitudes = GridSections.magnitudes(runs);
        page.sensitivity = GridSections.sensitivity(runs);
        page.robustness = RobustnessSection.of(runs, sources.comparisons());
        page.gradcam = figuresSection(runs, RunDirectory::gradCamPlots, "GradCAM++");
        page.rate = RateSection.of(runs);
        page.adaptive = AdaptiveSection.of(runs);
        page.examples = examplesSection(runs);
        page.config = ConfigSection.of(runs);
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

    /** What the report reads of one run directory; absent files are null or empty (the sections read it). */
    record Run(
            RunDirectory dir,
            String name,
            RunConfig config,
            JsonNode configTree,
            RunSummary summary,
            List<EpochMetrics> metrics,
            TablesFile tables,
            SensitivityMap sensitivity,
            MeanMagnitudes magnitudes) {

        static Run read(RunDirectory dir) throws IOException {
            RunConfig config = dir.readConfig();
            JsonNode tree = Json.MAPPER.readTree(dir.config().toFile());
            RunSummary summary = Files.isRegularFile(dir.summary()) ? dir.readSummary() : null;
            TablesFile tables = Files.isRegularFile(dir.tables()) ? TablesFile.read(dir) : null;
            SensitivityMap sensitivity =
                    Files.isRegularFile(dir.sensitivity()) ? Json.read(dir.sensitivity(), SensitivityMap.class) : null;
            MeanMagnitudes magnitudes = Files.isRegularFile(dir.meanMagnitudes())
                    ? Json.read(dir.meanMagnitudes(), MeanMagnitudes.class)
                    : null;
            return new Run(
                    dir, config.name(), config, tree, summary, dir.readMetrics(), tables, sensitivity, magnitudes);
        }

        /** What the quantiser sections read of this run. */
        QuantiserSections.Source quantiser() {
            EpochMetrics last = metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
            return new QuantiserSections.Source(
                    name, tables, last, config.recipe().bits());
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
            return String.format(
                    Locale.ROOT,
                    "%s on %s: baseline against JPEG-DL, %d epochs, %s",
                    comparison.model(),
                    comparison.dataset(),
                    comparison.epochs(),
                    Texts.seeds(comparison.seeds()));
        }
        if (runs.size() == 1) {
            RunConfig c = runs.get(0).config();
            return String.format(
                    Locale.ROOT,
                    "%s: %s on %s, %s",
                    c.name(),
                    c.model(),
                    c.dataset(),
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
            String images = r.summary() == null
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            " (%,d training / %,d test images)",
                            r.summary().trainImages(),
                            r.summary().testImages());
            sentences.add(String.format(
                    Locale.ROOT,
                    "%s trained on %s%s for %d epoch(s), %s recipe: batch %d, " + "SGD lr %s.",
                    c.model(),
                    c.dataset(),
                    images,
                    recipe.epochs(),
                    recipe.preset(),
                    recipe.batchSize(),
                    number(recipe.modelLr())));
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
                sentences.add(String.format(
                        Locale.ROOT,
                        "JPEG-DL: %d soft-quantiser round(s), %s, %d-bit indices, "
                                + "tables%s trained by %s lr %s from %s.",
                        recipe.rounds(),
                        alpha,
                        recipe.bits(),
                        recipe.regionSize() > 0 ? " per " + recipe.regionSize() + "-pixel region" : "",
                        recipe.tableOptimizer(),
                        number(recipe.tableLr()),
                        init));
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
                bySource.computeIfAbsent(r.config().initFrom(), k -> new ArrayList<>())
                        .add(r);
            }
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<Run>> e : bySource.entrySet()) {
            List<Run> started = e.getValue();
            boolean withLayer = started.stream().anyMatch(r -> r.config().jpeg());
            out.add(String.format(
                    Locale.ROOT,
                    "The classifier of %s started from %s%s, not from a fresh "
                            + "initialisation, and was fine-tuned for the epochs above%s.",
                    started.stream().map(Run::name).collect(Collectors.joining(", ")),
                    e.getKey(),
                    sourceEpoch(e.getKey()),
                    withLayer ? " (the JPEG layer in front of it from its own initial tables)" : ""));
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

    private static CurvesSection curvesSection(List<Run> runs) throws IOException {
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
            return new CurvesSection(
                    dataUri(png),
                    "Per epoch: training and test cross-entropy, top-1, "
                            + "and the learning rates of the model and of the tables"
                            + (curves.size() > 1 ? "; all runs on the same axes" : "")
                            + ". Learning rates, in the legend's "
                            + "order (runs on the same schedule share one line): "
                            + rates.stream().map(l -> "“" + l + "”").collect(Collectors.joining("; ")) + ".",
                    rates);
        } finally {
            Files.deleteIfExists(png);
        }
    }

    /**
     * The images before and after the JPEG layer, with what they show: small low-frequency steps under the index
     * clamp hold block means near zero, so a garment can look like an edge map on flat grey; the share of clamped DC
     * coefficients the last epoch measured says how much of that is the clamp.
     */
    private static FiguresSection examplesSection(List<Run> runs) throws IOException {
        FiguresSection figures = figuresSection(runs, RunDirectory::examplePlots, "before and after the JPEG layer");
        if (figures == null) {
            return null;
        }
        List<String> notes = new ArrayList<>();
        for (Run r : runs) {
            EpochMetrics last =
                    r.metrics().isEmpty() ? null : r.metrics().get(r.metrics().size() - 1);
            if (last == null || last.saturation() == null || last.saturation().isEmpty()) {
                continue;
            }
            EpochMetrics.Saturation first = last.saturation().get(0);
            notes.add(String.format(
                    Locale.ROOT,
                    "%s: after epoch %d the index clamp held %.1f%% of the luma DC " + "coefficients%s",
                    r.name(),
                    last.epoch(),
                    100 * first.luma()[0],
                    first.chroma() == null
                            ? ""
                            : String.format(
                                    Locale.ROOT, " and %.1f%% of the chroma DC ones", 100 * first.chroma()[0])));
        }
        return new FiguresSection(
                figures.figures(),
                "What the classifier sees after the JPEG layer, soft and hard. "
                        + "Where the low-frequency steps are small, the quantiser's index clamp (±2^(bits−1) levels) holds the DCT "
                        + "coefficient near zero: each 8×8 block loses its mean and the image looks like edges on flat grey. "
                        + "That is the layer, not a display fault"
                        + (notes.isEmpty()
                                ? "."
                                : "; measured: " + String.join("; ", notes)
                                        + ". See the saturation section per frequency."));
    }

    /** The figures a run directory lists (its GradCAM++ maps, its examples), as plain PNG files. */
    @FunctionalInterface
    private interface RunFigureFiles {
        List<Path> of(RunDirectory run) throws IOException;
    }

    private static FiguresSection figuresSection(List<Run> runs, RunFigureFiles files, String what) throws IOException {
        List<Figure> figures = new ArrayList<>();
        for (Run r : runs) {
            for (Path png : files.of(r.dir())) {
                Figure.addIfPresent(figures, png, r.name() + ": " + what + " (" + png.getFileName() + ")");
            }
        }
        return figures.isEmpty() ? null : new FiguresSection(figures, null);
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

    private static String number(double v) {
        return HeatGrid.significant(v);
    }
}
