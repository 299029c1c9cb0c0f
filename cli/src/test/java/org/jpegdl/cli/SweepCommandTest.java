package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.data.Idx;
import org.jpegdl.experiment.SweepResult;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.SweepDirectory;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpegdl sweep} end to end on a data set whose test split cannot be read: it finishes and chooses without
 * opening it, its page and files are written, {@code compare --settings} takes its choice; bad input is one line,
 * exit 2.
 */
class SweepCommandTest {

    @TempDir
    Path dir;

    /** The bundled Fashion-MNIST subset's training files, and test files that are not IDX at all. */
    private Path trainOnlyData() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        for (String name : List.of(Idx.TRAIN_IMAGES, Idx.TRAIN_LABELS)) {
            try (InputStream in = DatasetZoo.class.getResourceAsStream(DatasetZoo.MINI_RESOURCE_DIR + "/" + name)) {
                Files.copy(in, data.resolve(name));
            }
        }
        Files.writeString(data.resolve(Idx.TEST_IMAGES), "these bytes are not an IDX file; reading them fails");
        Files.writeString(data.resolve(Idx.TEST_LABELS), "nor are these");
        return data;
    }

    private String[] sweep(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "sweep",
                "--dataset",
                "fashion-mnist",
                "--data",
                data.toString(),
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--batch-size",
                "32",
                "--init",
                "quality:50",
                "--rung-images",
                "100,300",
                "--runs-dir",
                dir.resolve("runs").toString(),
                "--name",
                "s",
                "--no-progress"));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    @Test
    void trainOnValidationOnlyNeverReadsTheTestSplit() throws IOException {
        Path data = trainOnlyData();
        String[] common = {
            "train",
            "--baseline",
            "--dataset",
            "fashion-mnist",
            "--data",
            data.toString(),
            "--model",
            "resnet8",
            "--epochs",
            "1",
            "--train-limit",
            "100",
            "--batch-size",
            "32",
            "--runs-dir",
            dir.resolve("runs").toString(),
            "--no-progress",
            "--no-report",
            "--validation-only"
        };
        CliRun bad = CliRun.of(common);
        assertEquals(Main.EXIT_USAGE, bad.exit());
        assertTrue(bad.err().contains("--validation-only") && bad.err().contains("--val-fraction"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());

        List<String> args = new ArrayList<>(Arrays.asList(common));
        args.addAll(List.of("--val-fraction", "0.1", "--name", "v"));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(
                r.out().contains("v: validation top-1 ") && r.out().contains("the test split was not read"), r.out());
        RunConfig config = new RunDirectory(dir.resolve("runs").resolve("v")).readConfig();
        assertTrue(config.dataSettings().validationOnly(), "config.json records it");
    }

    @Test
    void sweepsWithoutReadingTheTestSplitAndCompareTakesItsChoice() throws IOException {
        Path data = trainOnlyData();
        CliRun train = CliRun.of(
                "train",
                "--dataset",
                "fashion-mnist",
                "--data",
                data.toString(),
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--train-limit",
                "100",
                "--runs-dir",
                dir.resolve("runs").toString(),
                "--no-progress",
                "--no-report");
        assertEquals(Main.EXIT_USAGE, train.exit(), "the fixture's test split really cannot be read: " + train.out());
        assertTrue(train.err().contains(Idx.TEST_IMAGES), train.err());

        CliRun r = CliRun.of(sweep(data, "--space", "alpha=2,5", "--space", "bits=8,11", "--eta", "2"));
        assertEquals(0, r.exit(), r.out() + r.err());
        SweepDirectory sweepDir = new SweepDirectory(dir.resolve("runs").resolve("s"));
        SweepResult result = Json.read(sweepDir.sweepJson(), SweepResult.class);
        assertTrue(result.finished());
        assertEquals(4, result.trials().size());
        assertEquals(0.1, result.validationFraction(), "the sweep's default validation share");
        assertTrue(r.out().contains("chosen: trial " + result.chosen()), r.out());
        assertTrue(r.out().contains("sweep: rung-1 (2 of 2: 300 images × 1 epoch): trial 2 of 2 ["), r.out());
        String page = Files.readString(sweepDir.report());
        String text = Jsoup.parse(page).text();
        assertTrue(
                text.contains("Chosen setting Trial " + result.chosen() + ", "
                        + result.chosenTrial().label()),
                text);
        assertTrue(page.contains("data:image/png;base64,"), "the rung plot is on the page");
        assertTrue(Files.isRegularFile(sweepDir.rungsPlot()) && Files.isRegularFile(sweepDir.curvesPlot()));
        RunConfig last = new RunDirectory(
                        sweepDir.root().resolve(result.chosenTrial().at(1).run()))
                .readConfig();
        assertEquals(300, last.trainLimit());
        assertTrue(last.dataSettings().validationOnly());

        // report remakes the page from the sweep's files; a sweep's page is made alone
        Files.delete(sweepDir.report());
        CliRun remade = CliRun.of("report", sweepDir.root().toString());
        assertEquals(0, remade.exit(), remade.out() + remade.err());
        String remadePage = Files.readString(sweepDir.report());
        assertTrue(
                Jsoup.parse(remadePage)
                        .text()
                        .contains("Chosen setting Trial " + result.chosen() + ", "
                                + result.chosenTrial().label()),
                remadePage);
        assertTrue(remadePage.contains("data:image/png;base64,"));
        CliRun withOut = CliRun.of(
                "report",
                sweepDir.root().toString(),
                "--out",
                dir.resolve("x.html").toString());
        assertEquals(Main.EXIT_USAGE, withOut.exit());
        assertTrue(withOut.err().contains("is a sweep: its page is made alone"), withOut.err());

        // the same command again trains nothing
        CliRun again = CliRun.of(sweep(data, "--space", "alpha=2,5", "--space", "bits=8,11", "--eta", "2"));
        assertEquals(0, again.exit(), again.err());
        assertEquals(
                8,
                again.out()
                        .lines()
                        .filter(l -> l.contains("finished earlier, reusing"))
                        .count(),
                again.out());

        // compare --settings trains the chosen setting (on data it can test on: the bundled set)
        CliRun mismatch = CliRun.of(
                "compare",
                "--model",
                "resnet8",
                "--settings",
                sweepDir.sweepJson().toString(),
                "--runs-dir",
                dir.resolve("runs").toString());
        assertEquals(Main.EXIT_USAGE, mismatch.exit());
        assertTrue(
                mismatch.err()
                        .contains("chose a setting for resnet8 on fashion-mnist; this comparison trains "
                                + "resnet8 on fashion-mnist-mini"),
                mismatch.err());
        Path settings = dir.resolve("mini-sweep.json");
        Files.writeString(
                settings,
                Files.readString(sweepDir.sweepJson())
                        .replace("\"dataset\" : \"fashion-mnist\"", "\"dataset\" : \"fashion-mnist-mini\""));
        CliRun compare = CliRun.of(
                "compare",
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--batch-size",
                "32",
                "--seeds",
                "0",
                "--train-limit",
                "100",
                "--test-limit",
                "50",
                "--settings",
                settings.toString(),
                "--runs-dir",
                dir.resolve("runs").toString(),
                "--no-progress",
                "--no-report");
        assertEquals(0, compare.exit(), compare.out() + compare.err());
        RunConfig jpeg = new RunDirectory(dir.resolve("runs")
                        .resolve("fashion-mnist-mini-resnet8-e1-chosen")
                        .resolve("jpegdl-s0"))
                .readConfig();
        assertEquals(
                Double.parseDouble(result.chosenTrial().settings().get("alpha")),
                jpeg.recipe().alpha());
        assertEquals(
                Integer.parseInt(result.chosenTrial().settings().get("bits")),
                jpeg.recipe().bits());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path data = trainOnlyData();
        Path malformed = dir.resolve("space.json");
        Files.writeString(malformed, "{\"alpha\": [2, 5");
        Path unfinished = dir.resolve("unfinished.json");
        Files.writeString(
                unfinished,
                "{\"dataset\": \"fashion-mnist-mini\", \"model\": \"resnet8\", \"trials\": [], "
                        + "\"baseline\": [], \"finished\": false}");
        Path notSweep = dir.resolve("not-sweep.json");
        Files.writeString(notSweep, "[1, 2");
        Path oneImagePerClass = dir.resolve("tiny");
        Files.createDirectories(oneImagePerClass);
        String[][] cases = {
            {"needs its search space", null},
            {"not both", "--space", "alpha=2", "--space-file", malformed.toString()},
            {"space.json: not valid JSON", "--space-file", malformed.toString()},
            {
                "no such file (--space-file)",
                "--space-file",
                dir.resolve("absent.json").toString()
            },
            {"unknown sweep setting 'gamma'", "--space", "gamma=1,2"},
            {"'alpha' is not name=v1,v2", "--space", "alpha"},
            {"the search space is empty", "--space-file", write("empty.json", "{}")},
            {"--val-fraction must be 0 or in (0, 0.5], got 0.7", "--space", "alpha=2", "--val-fraction", "0.7"},
            {"rung image budgets must increase", "--space", "alpha=2", "--rung-images", "300,100"},
            {"eta must be at least 2", "--space", "alpha=2", "--eta", "1"},
            {"--train-limit is not used", "--space", "alpha=2", "--train-limit", "100"},
        };
        for (String[] c : cases) {
            String[] args = c[1] == null ? sweep(data) : sweep(data, Arrays.copyOfRange(c, 1, c.length));
            CliRun r = CliRun.of(args);
            assertEquals(Main.EXIT_USAGE, r.exit(), c[0] + ": " + r.out() + r.err());
            assertTrue(r.err().contains(c[0]), c[0] + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), c[0] + ": " + r.err());
        }
        for (String[] c : new String[][] {
            {"the sweep has not finished", unfinished.toString()},
            {"not-sweep.json: not a sweep.json", notSweep.toString()},
            {"absent.json: no such file (--settings", dir.resolve("absent.json").toString()},
        }) {
            CliRun r = CliRun.of(
                    "compare",
                    "--model",
                    "resnet8",
                    "--settings",
                    c[1],
                    "--runs-dir",
                    dir.resolve("runs").toString());
            assertEquals(Main.EXIT_USAGE, r.exit(), c[0] + ": " + r.out() + r.err());
            assertTrue(r.err().contains(c[0]), c[0] + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), c[0] + ": " + r.err());
        }
        // a class with too few images to hold one out for validation
        Path tree = dir.resolve("tree");
        image(tree.resolve("train/a/1.png"));
        image(tree.resolve("train/a/2.png"));
        image(tree.resolve("train/a/3.png"));
        image(tree.resolve("train/b/1.png"));
        image(tree.resolve("val/a/1.png"));
        image(tree.resolve("val/b/1.png"));
        CliRun few = CliRun.of(
                "sweep",
                "--dataset",
                "imagefolder",
                "--data",
                tree.toString(),
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--space",
                "alpha=2",
                "--rung-images",
                "4",
                "--runs-dir",
                dir.resolve("runs").toString(),
                "--name",
                "few",
                "--no-progress");
        assertEquals(Main.EXIT_USAGE, few.exit(), few.out() + few.err());
        assertTrue(few.err().contains("class 1 (b) has"), few.err());
        assertEquals(1, few.err().strip().lines().count(), few.err());
    }

    private static void image(Path png) throws IOException {
        Files.createDirectories(png.getParent());
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 3, 0xFF8040);
        ImageIO.write(img, "png", png.toFile());
    }

    private String write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }
}
