package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.jpegdl.codec.RateAccuracy;
import org.jpegdl.experiment.Comparison;
import org.jpegdl.report.Plots;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.RunSummary;
import org.jpegdl.run.SensitivityMap;
import org.jpegdl.run.TablesFile;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a tiny finished comparison: each section the runs have data for and none they lack, numbers
 * equal to the runs' JSON files, images that decode, and a page that headless Chromium renders without errors.
 */
class ReportTest {

    private static final Set<String> ALL_SECTIONS = Set.of(
            "compare",
            "results",
            "curves",
            "tables",
            "regions",
            "alpha",
            "saturation",
            "travel",
            "sensitivity",
            "robustness",
            "gradcam",
            "rate",
            "examples",
            "config");

    @TempDir
    static Path dir;

    private static Path cmp;

    @BeforeAll
    static void trainTinyComparison() {
        CliRun r = CliRun.of(
                "compare",
                "--dataset",
                "synthetic",
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--seeds",
                "0",
                "--train-limit",
                "120",
                "--test-limit",
                "60",
                "--batch-size",
                "30",
                "--runs-dir",
                dir.toString(),
                "--name",
                "tiny",
                "--no-progress");
        assertEquals(0, r.exit(), r.out() + r.err());
        cmp = dir.resolve("tiny");
    }

    private static Document page(Path html) throws IOException {
        assertTrue(Files.isRegularFile(html), html + " written");
        return Jsoup.parse(html.toFile(), "UTF-8");
    }

    private static Set<String> sections(Document doc) {
        return doc.select("section[id]").stream().map(Element::id).collect(Collectors.toSet());
    }

    private static void assertSections(Document doc, String... expected) {
        assertEquals(Set.of(expected), sections(doc), "sections of " + doc.title());
        for (String id : ALL_SECTIONS) {
            assertEquals(
                    Set.of(expected).contains(id),
                    !doc.select("nav a[href=\"#" + id + "\"]").isEmpty(),
                    "navigation link to " + id);
        }
    }

    /** Every image is inlined as a PNG that decodes: the page needs nothing beside it. */
    private static void assertImagesDecode(Document doc) throws IOException {
        for (Element img : doc.select("img")) {
            String src = img.attr("src");
            assertTrue(src.startsWith("data:image/png;base64,"), "inlined: " + src.substring(0, 40));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(src.substring("data:image/png;base64,".length()))));
            assertNotNull(image, "decodes: " + img.attr("alt"));
            assertTrue(image.getWidth() > 50 && image.getHeight() > 50);
        }
        assertTrue(doc.select("script, link, [src^=http], [href^=http]").isEmpty(), "nothing from elsewhere");
    }

    static double value(Element cell) {
        return Double.parseDouble(cell.attr("data-value"));
    }

    @Test
    void runReportsShowWhatEachRunHas() throws IOException {
        Path jpeg = cmp.resolve("jpegdl-s0");
        Document doc = page(jpeg.resolve("report.html"));
        assertSections(doc, "results", "curves", "tables", "alpha", "saturation", "travel", "examples", "config");
        assertImagesDecode(doc);
        assertFalse(
                doc.select("#curves").text().contains("all runs"),
                "one run: " + doc.select("#curves").text());
        List<EpochMetrics> metrics = new RunDirectory(jpeg).readMetrics();
        double dc = metrics.get(metrics.size() - 1).saturation().get(0).luma()[0];
        String examples = doc.select("#examples").text();
        assertTrue(
                examples.contains("edges on flat grey")
                        && examples.contains(String.format(
                                Locale.ROOT, "the index clamp held %.1f%% of the luma DC coefficients", 100 * dc)),
                examples);
        RunSummary summary = Json.read(jpeg.resolve("summary.json"), RunSummary.class);
        Element row = doc.select("#results tr:has(td)").first();
        assertEquals("jpegdl-s0", row.child(0).text());
        assertEquals(summary.finalTop1(), value(row.child(5)));
        assertEquals(
                String.format(Locale.ROOT, "%.2f", 100 * summary.finalTop1()),
                row.child(5).text());
        assertEquals(summary.finalTop5(), value(row.child(6)));
        // the grids hold the tables.json steps, in order: initial luma then learned luma
        TablesFile tables = TablesFile.read(new RunDirectory(jpeg));
        List<Element> grids = doc.select("#tables table.heat");
        TablesFile.Round round = tables.rounds().get(0);
        boolean colour = tables.channels() == 3;
        assertEquals(colour ? 4 : 2, grids.size(), "one round: initial and learned luma (and chroma)");
        assertCells(grids.get(0), round.initialLuma());
        assertCells(grids.get(1), round.luma());
        if (colour) {
            assertCells(grids.get(2), round.initialChroma());
            assertCells(grids.get(3), round.chroma());
        }
        // the recipe's fixed alpha, the same for every frequency: one line, no grid; the last epoch's saturation
        for (float a : round.alphaLuma()) {
            assertEquals(round.alphaLuma()[0], a);
        }
        assertTrue(doc.select("#alpha table.heat").isEmpty(), "a fixed alpha is one number, not a grid");
        assertEquals(
                "jpegdl-s0: alpha " + plain(round.alphaLuma()[0]) + ", fixed",
                doc.select("#alpha h3").text());
        EpochMetrics.Saturation saturation =
                new RunDirectory(jpeg).readMetrics().get(0).saturation().get(0);
        List<Element> clamped = doc.select("#saturation table.heat");
        assertEquals(colour ? 2 : 1, clamped.size(), "luma (and chroma)");
        for (int i = 0; i < 64; i++) {
            assertEquals(saturation.luma()[i], value(clamped.get(0).select("td").get(i)), "saturation " + i);
        }
        assertTrue(doc.select("#config td").eachText().contains("resnet8"));

        Document base = page(cmp.resolve("baseline-s0/report.html"));
        assertSections(base, "results", "curves", "sensitivity", "config");
        SensitivityMap map = Json.read(cmp.resolve("baseline-s0/sensitivity.json"), SensitivityMap.class);
        List<Element> maps = base.select("#sensitivity table.heat");
        List<double[]> channels = map.cb() == null ? List.of(map.y()) : List.of(map.y(), map.cb(), map.cr());
        assertEquals(channels.size(), maps.size(), "Y (and Cb, Cr)");
        for (int c = 0; c < channels.size(); c++) {
            List<Double> cells =
                    maps.get(c).select("td").stream().map(ReportTest::value).toList();
            for (int i = 0; i < 64; i++) {
                assertEquals(channels.get(c)[i], cells.get(i), "sensitivity " + c + "/" + i);
            }
        }
    }

    /** A number as the page writes a short one: 5, 0.5 (no trailing zeros). */
    private static String plain(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static void assertCells(Element grid, float[] table) {
        List<Element> cells = grid.select("td");
        assertEquals(64, cells.size());
        for (int i = 0; i < 64; i++) {
            assertEquals(table[i], (float) value(cells.get(i)), "entry " + i);
        }
    }

    @Test
    void comparisonReportHoldsTheTableAndGainsSectionsAsDataAppears() throws IOException {
        Document doc = page(cmp.resolve("report.html"));
        assertSections(
                doc,
                "compare",
                "results",
                "curves",
                "tables",
                "alpha",
                "saturation",
                "travel",
                "sensitivity",
                "examples",
                "config");
        assertImagesDecode(doc);
        Comparison c = Json.read(cmp.resolve("compare.json"), Comparison.class);
        List<Element> rows = doc.select("#compare tr:has(td)");
        assertEquals(
                List.of("baseline", "JPEG-DL", "difference"),
                rows.stream().map(r -> r.child(0).text()).toList());
        assertEquals(c.baseline().top1Mean(), value(rows.get(0).child(2)));
        assertEquals(c.jpegDl().top1Mean(), value(rows.get(1).child(2)));
        assertEquals(c.deltaTop1(), value(rows.get(2).child(2)));
        assertEquals(2, doc.select("#results tr:has(td)").size());
        assertTrue(doc.title().endsWith("1 epochs, seed 0"), doc.title());
        assertTrue(
                doc.select("#curves").text().contains("all runs on the same axes"),
                doc.select("#curves").text());
        assertTrue(doc.select("#config tr.differs td").eachText().contains("jpeg"), "the arms differ in jpeg");

        CliRun rate = CliRun.of("rate", "--run", cmp.resolve("jpegdl-s0").toString(), "--limit", "12");
        assertEquals(0, rate.exit(), rate.out() + rate.err());
        CliRun report = CliRun.of("report", cmp.toString());
        assertEquals(0, report.exit(), report.out() + report.err());
        Document after = page(cmp.resolve("report.html"));
        assertSections(
                after,
                "compare",
                "results",
                "curves",
                "tables",
                "alpha",
                "saturation",
                "travel",
                "sensitivity",
                "rate",
                "examples",
                "config");
        RateAccuracy.Curve curve = Json.read(cmp.resolve("jpegdl-s0/rate.json"), RateAccuracy.Curve.class);
        assertEquals(
                curve.learned().bitsPerPixel(),
                value(after.select("#rate td[data-value]").first()));
        assertImagesDecode(after);
    }

    /**
     * The first page a user sees, a one-seed comparison, read back: one seed shows no spread, a fixed alpha is one
     * line, the baseline's configuration column has no JPEG-layer settings, zeros that stand for a default say so,
     * every learning-rate line the legend names is drawn visibly and named in the caption in the legend's order, and
     * the footer names the verb that wrote the page.
     */
    @Test
    void aOneSeedComparisonPageHasNothingToPuzzleOver() throws IOException {
        CliRun rewritten = CliRun.of("compare", "--from", cmp.toString());
        assertEquals(0, rewritten.exit(), rewritten.out() + rewritten.err());
        Document doc = page(cmp.resolve("report.html"));
        for (String section : List.of("#compare", "#results")) {
            assertFalse(
                    doc.select(section).text().contains("±"),
                    "one seed, no spread: " + doc.select(section).text());
        }
        assertTrue(
                doc.select("#alpha table.heat").isEmpty(), doc.select("#alpha").text());
        RunConfig jpeg = new RunDirectory(cmp.resolve("jpegdl-s0")).readConfig();
        assertEquals(
                List.of("jpegdl-s0: alpha " + plain(jpeg.recipe().alpha()) + ", fixed"),
                doc.select("#alpha h3").eachText());

        List<String> columns = doc.select("#config th").eachText();
        int base = columns.indexOf("baseline-s0");
        int layer = columns.indexOf("jpegdl-s0");
        Map<String, Element> rows = new LinkedHashMap<>();
        for (Element row : doc.select("#config tr:has(td)")) {
            rows.put(row.child(0).text(), row);
        }
        for (String key : List.of(
                "recipe.tableInit",
                "recipe.tableOptimizer",
                "recipe.tableLr",
                "recipe.alpha",
                "recipe.trainableAlpha",
                "recipe.rounds",
                "recipe.bits",
                "recipe.qMax")) {
            assertEquals("", rows.get(key).child(base).text(), "a baseline has no " + key);
            assertFalse(rows.get(key).child(layer).text().isEmpty(), "JPEG-DL has " + key);
            assertFalse(rows.get(key).hasClass("differs"), key + " is set by one run only");
        }
        assertEquals(
                "0 (the model's own input size)",
                rows.get("dataSettings.imageSize").child(base).text());
        assertEquals(
                "0.0 (no validation split)",
                rows.get("dataSettings.validationFraction").child(base).text());

        Map<String, List<EpochMetrics>> curves = new LinkedHashMap<>();
        for (String run : List.of("baseline-s0", "jpegdl-s0")) {
            curves.put(run, new RunDirectory(cmp.resolve(run)).readMetrics());
        }
        // both arms follow one schedule: their model rates are one line named for both, the tables' another
        List<String> lines = Plots.learningRateLines(curves);
        assertEquals(List.of("baseline-s0, jpegdl-s0 model", "jpegdl-s0 tables"), lines);
        assertTrue(
                doc.select("#curves figcaption")
                        .text()
                        .contains("“baseline-s0, jpegdl-s0 model”; “jpegdl-s0 " + "tables”"),
                doc.select("#curves figcaption").text());

        String footer = doc.select("body > p.legend").last().text();
        assertTrue(footer.startsWith("Written by ./jpegdl compare"), footer);
    }

    @Test
    void runsOfDifferentComparisonsAreToldApart() throws IOException {
        Path copy = dir.resolve("other/jpegdl-s0");
        Files.createDirectories(copy);
        for (String f : List.of("config.json", "summary.json", "metrics.jsonl", "tables.json")) {
            Files.copy(cmp.resolve("jpegdl-s0").resolve(f), copy.resolve(f));
        }
        Path html = dir.resolve("both.html");
        CliRun r = CliRun.of(
                "report",
                cmp.resolve("jpegdl-s0").toString(),
                copy.toString(),
                "--out",
                html.toString(),
                "--no-examples");
        assertEquals(0, r.exit(), r.out() + r.err());
        Document doc = page(html);
        assertEquals(
                List.of("tiny/jpegdl-s0", "other/jpegdl-s0"),
                doc.select("#results tr:has(td)").stream()
                        .map(row -> row.child(0).text())
                        .toList());
        assertEquals(
                List.of("tiny/jpegdl-s0", "other/jpegdl-s0"),
                doc.select("#config th").eachText().subList(1, 3));
    }

    @Test
    void userMistakesGetOneLine() {
        CliRun missing = CliRun.of("report", dir.resolve("nowhere").toString());
        assertEquals(Main.EXIT_USAGE, missing.exit());
        assertTrue(missing.err().contains("nowhere"), missing.err());
        CliRun notARun = CliRun.of("report", dir.toString());
        assertEquals(Main.EXIT_USAGE, notARun.exit(), notARun.out());
        assertTrue(notARun.err().contains("neither a run directory"), notARun.err());
        assertFalse(notARun.err().contains("\tat "), notARun.err());
    }

    /**
     * Headless Chromium renders the page to a screenshot with no console errors, and every image it references
     * loads (checked by a probe script added to a copy of the page: the report itself has no scripts).
     */
    @Test
    void chromiumRendersThePageWithoutErrors() throws Exception {
        Path chromium = Chromium.find();
        if (chromium == null) {
            assertFalse("true".equals(System.getenv("CI")), "CI installs chromium (.ci/run): it must be found");
            org.junit.jupiter.api.Assumptions.abort("chromium is not installed here");
        }
        Path html = cmp.resolve("report.html");
        Path shot = dir.resolve("shot.png");
        Chromium.Result render = Chromium.run(
                chromium,
                dir,
                "--screenshot=" + shot,
                "--window-size=1200,3000",
                html.toUri().toString());
        assertEquals(0, render.exit(), render.output());
        BufferedImage image = ImageIO.read(shot.toFile());
        assertNotNull(image, "screenshot written");
        assertEquals(1200, image.getWidth());
        List<String> consoleErrors = render.output()
                .lines()
                .filter(l -> l.contains("CONSOLE") || l.contains("Uncaught"))
                .toList();
        assertTrue(consoleErrors.isEmpty(), String.join("\n", consoleErrors));

        String page = Files.readString(html, StandardCharsets.UTF_8);
        String probe = "<script>window.addEventListener('load', () => { const imgs = [...document.images];"
                + " const bad = imgs.filter(i => !i.complete || i.naturalWidth === 0).length;"
                + " document.title = 'images ' + imgs.length + ' broken ' + bad; });</script>";
        Path probed = dir.resolve("probed.html");
        Files.writeString(probed, page.replace("</body>", probe + "</body>"), StandardCharsets.UTF_8);
        Chromium.Result dom =
                Chromium.run(chromium, dir, "--dump-dom", probed.toUri().toString());
        assertEquals(0, dom.exit(), dom.output());
        String title = Jsoup.parse(dom.stdout()).title();
        long images = Jsoup.parse(page).select("img").size();
        assertTrue(images >= 2, "the page has images: curves and examples at least");
        assertEquals("images " + images + " broken 0", title, dom.output());

        // the comparison page fits a 1200-pixel-wide window: nothing wider than the viewport
        String widthProbe = "<script>window.addEventListener('load', () => { document.title = 'width '"
                + " + document.documentElement.scrollWidth; });</script>";
        Path widthPage = dir.resolve("width.html");
        Files.writeString(widthPage, page.replace("</body>", widthProbe + "</body>"), StandardCharsets.UTF_8);
        Chromium.Result width = Chromium.run(
                chromium,
                dir,
                "--window-size=1200,3000",
                "--dump-dom",
                widthPage.toUri().toString());
        assertEquals(0, width.exit(), width.output());
        String measured = Jsoup.parse(width.stdout()).title();
        assertTrue(
                measured.startsWith("width ") && Integer.parseInt(measured.substring(6)) <= 1200,
                "page wider than 1200 px: " + measured);
    }

    /** Debian's chromium, run headless as the report test needs it. */
    static final class Chromium {

        record Result(int exit, String stdout, String output) {}

        static Path find() {
            for (String name : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
                if (Files.isExecutable(Path.of(name))) {
                    return Path.of(name);
                }
            }
            return null;
        }

        static Result run(Path chromium, Path work, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(
                    chromium.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-quic",
                    "--enable-logging=stderr",
                    "--v=0",
                    "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile")));
            command.addAll(List.of(args));
            Path out = Files.createTempFile(work, "chromium", ".out");
            Path err = Files.createTempFile(work, "chromium", ".err");
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish in 120 s: " + command);
            }
            String stdout = Files.readString(out);
            return new Result(p.exitValue(), stdout, stdout + Files.readString(err));
        }
    }
}
