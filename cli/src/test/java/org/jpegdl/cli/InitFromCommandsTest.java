package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.report.RunReport;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --init-from RUN} and {@code compare --init-from DIR} as a user calls them, and their refusals. */
class InitFromCommandsTest {

    @TempDir
    static Path dir;

    /** A finished comparison holding only its seed-0 baseline: the source of every test here. */
    private static Path comparison;

    private static Path source;

    private static final String[] TINY = {
        "--model",
        "resnet8",
        "--epochs",
        "1",
        "--train-limit",
        "40",
        "--test-limit",
        "20",
        "--batch-size",
        "16",
        "--no-progress"
    };

    private static CliRun run(String... args) {
        String[] all = new String[args.length + TINY.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(TINY, 0, all, args.length, TINY.length);
        all[all.length - 2] = "--runs-dir";
        all[all.length - 1] = dir.resolve("runs").toString();
        return CliRun.of(all);
    }

    @BeforeAll
    static void trainSourceBaseline() {
        comparison = dir.resolve("source");
        source = comparison.resolve("baseline-s0");
        CliRun r = CliRun.of(
                "train",
                "--baseline",
                "--dataset",
                "synthetic",
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--train-limit",
                "40",
                "--test-limit",
                "20",
                "--batch-size",
                "16",
                "--no-progress",
                "--no-report",
                "--name",
                "baseline-s0",
                "--runs-dir",
                comparison.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
    }

    private static void assertRefused(CliRun r, String... parts) {
        assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("error: ") && !err.contains("\n"), "one line: " + err);
        for (String part : parts) {
            assertTrue(err.contains(part), "'" + part + "' in: " + err);
        }
    }

    @Test
    void refusesAnotherModelAnotherClassOrChannelCountAndWhatIsNotARun() throws IOException {
        assertRefused(
                CliRun.of(
                        "train",
                        "--dataset",
                        "synthetic",
                        "--init-from",
                        source.toString(),
                        "--name",
                        "m",
                        "--model",
                        "resnet20",
                        "--epochs",
                        "1",
                        "--runs-dir",
                        dir.resolve("runs").toString()),
                "--init-from " + source + " is a resnet8 run; this run trains resnet20");
        Path tree = dir.resolve("three-classes");
        for (String label : List.of("a", "b", "c")) {
            for (int i = 0; i < 4; i++) {
                BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                image.setRGB(i, i, 0xFFFFFF);
                Files.createDirectories(tree.resolve(label));
                ImageIO.write(
                        image, "png", tree.resolve(label).resolve(i + ".png").toFile());
            }
        }
        assertRefused(
                run(
                        "train",
                        "--dataset",
                        "imagefolder",
                        "--data",
                        tree.toString(),
                        "--test-fraction",
                        "0.25",
                        "--image-size",
                        "16",
                        "--init-from",
                        source.toString(),
                        "--name",
                        "classes"),
                "classifies 10 classes (synthetic); this run's data has 3 (imagefolder)");
        assertRefused(
                run("train", "--dataset", "fashion-mnist-mini", "--init-from", source.toString(), "--name", "channels"),
                "trained on 3-channel images (synthetic); this run's have 1 channel(s)");
        Path missing = dir.resolve("missing");
        assertRefused(
                run("train", "--dataset", "synthetic", "--init-from", missing.toString(), "--name", "none"),
                "--init-from " + missing + ": no such run directory");
        Files.createDirectories(dir.resolve("empty"));
        assertRefused(
                run(
                        "train",
                        "--dataset",
                        "synthetic",
                        "--init-from",
                        dir.resolve("empty").toString(),
                        "--name",
                        "empty"),
                dir.resolve("empty") + " is not a jpegdl run directory");
        for (String name : List.of("m", "classes", "channels", "none", "empty")) {
            assertFalse(Files.exists(dir.resolve("runs").resolve(name)), "a refused run leaves no folder: " + name);
        }
    }

    @Test
    void trainPutsTheLayerInFrontOfTheTrainedClassifierAndTheReportSaysSo() throws IOException {
        CliRun r = run(
                "train", "--dataset", "synthetic", "--init-from", source.toString(), "--name", "on-top", "--no-report");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("the tables start from the sensitivity map of " + source), r.out());
        assertTrue(r.out().contains("on-top: starting from the classifier of " + source + " (epoch 1)"), r.out());
        RunDirectory run = new RunDirectory(dir.resolve("runs/on-top"));
        RunConfig config = run.readConfig();
        assertEquals(source.toString(), config.initFrom());
        assertEquals(TableInitialization.sensitivity(source), config.recipe().tableInit());
        String report = Files.readString(RunReport.write(List.of(run.root()), run.report()));
        assertTrue(report.contains("The classifier of on-top started from " + source + " (epoch 1)"), report);
        // --resume with another origin is another run
        CliRun other = run(
                "train",
                "--dataset",
                "synthetic",
                "--init-from",
                dir.resolve("elsewhere").toString(),
                "--init",
                "sensitivity:" + source,
                "--name",
                "on-top",
                "--resume");
        assertRefused(other, "init from: " + source + " (saved) vs " + dir.resolve("elsewhere") + " (now)");
    }

    /** The trainable parameters of a run's classifier, by name. */
    private static Map<String, float[]> classifier(Path run) throws IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Pair<String, Parameter> p : RunAssembly.load(new RunDirectory(run), manager)
                    .network()
                    .classifier()
                    .getParameters()) {
                if (p.getValue().requiresGradient()) {
                    out.put(p.getKey(), p.getValue().getArray().toFloatArray());
                }
            }
        }
        return out;
    }

    @Test
    void compareStartsBothArmsFromTheSourceBaselineAndTakesItsSensitivityMap() throws IOException {
        CliRun missing = run(
                "compare",
                "--dataset",
                "synthetic",
                "--init-from",
                comparison.toString(),
                "--seeds",
                "0,7",
                "--name",
                "gaps");
        assertRefused(
                missing, "has no baseline for seed 7: expected the finished run " + comparison.resolve("baseline-s7"));
        assertFalse(Files.exists(dir.resolve("runs/gaps/baseline-s0")), "nothing trains before every seed is checked");

        // a learning rate too small to move the classifier: what both arms end with is what they started from
        CliRun r = run(
                "compare",
                "--dataset",
                "synthetic",
                "--init-from",
                comparison.toString(),
                "--seeds",
                "0",
                "--name",
                "ft",
                "--lr",
                "1e-7",
                "--no-report");
        assertEquals(0, r.exit(), r.out() + r.err());
        Path ft = dir.resolve("runs/ft");
        for (String arm : List.of("baseline-s0", "jpegdl-s0")) {
            assertEquals(
                    source.toString(),
                    new RunDirectory(ft.resolve(arm)).readConfig().initFrom(),
                    arm);
        }
        assertEquals(
                TableInitialization.sensitivity(source),
                new RunDirectory(ft.resolve("jpegdl-s0")).readConfig().recipe().tableInit(),
                "the layer's tables come from the model it is put in front of, not from its continuation");
        assertTrue(Files.isRegularFile(source.resolve("sensitivity.json")));
        assertFalse(Files.exists(ft.resolve("baseline-s0/sensitivity.json")));
        Map<String, float[]> start = classifier(source);
        for (String arm : List.of("baseline-s0", "jpegdl-s0")) {
            Map<String, float[]> trained = classifier(ft.resolve(arm));
            assertEquals(start.keySet(), trained.keySet());
            for (String name : start.keySet()) {
                float[] a = start.get(name);
                float[] b = trained.get(name);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 1e-4 + 1e-4 * Math.abs(a[i]), arm + " " + name + "[" + i + "]");
                }
            }
        }
        String report = Files.readString(RunReport.write(List.of(ft), ft.resolve("report.html")));
        assertTrue(
                report.contains("The classifier of baseline-s0, jpegdl-s0 started from " + source + " (epoch 1)"),
                report);
    }
}
