package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jpegdl.run.Json;
import org.jpegdl.run.MeanMagnitudes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An abs-avg run's page shows the mean magnitudes its tables started from, beside the tables. */
class MagnitudesReportTest {

    @TempDir
    Path dir;

    @Test
    void theMagnitudesSectionHoldsTheCachedValues() throws IOException {
        CliRun r = CliRun.of(
                "train",
                "--dataset",
                "synthetic",
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--train-limit",
                "160",
                "--test-limit",
                "100",
                "--batch-size",
                "32",
                "--init",
                "abs-avg",
                "--bits",
                "11",
                "--runs-dir",
                dir.toString(),
                "--name",
                "m",
                "--no-progress");
        assertEquals(0, r.exit(), r.out() + r.err());
        Path run = dir.resolve("m");
        MeanMagnitudes m = Json.read(run.resolve("mean-magnitudes.json"), MeanMagnitudes.class);
        Document doc = Jsoup.parse(run.resolve("report.html").toFile(), "UTF-8");
        Element section = doc.selectFirst("section#magnitudes");
        assertTrue(section != null, "no magnitudes section");
        assertTrue(doc.select("nav a[href=#magnitudes]").size()
                        + doc.select("a[href=#magnitudes]").size()
                > 0);
        List<Element> grids = section.select("table");
        assertEquals(2, grids.size(), "Y and Cb/Cr of one region");
        for (int g = 0; g < 2; g++) {
            double[] expected = g == 0 ? m.luma()[0] : m.chroma()[0];
            List<Element> cells = grids.get(g).select("td");
            assertEquals(64, cells.size());
            for (int i = 0; i < 64; i++) {
                assertEquals(
                        expected[i],
                        ReportTest.value(cells.get(i)),
                        1e-9 * Math.max(1, expected[i]),
                        "grid " + g + " entry " + i);
            }
        }
    }
}
