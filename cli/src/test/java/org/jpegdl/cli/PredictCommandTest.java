package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.data.RgbImage;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code predict} on a run the CLI trained: it agrees with DJL's plain Criteria and with {@code eval}, reports an
 * unreadable file in one line and classifies the rest, writes the layer's output; bad run directories are one line;
 * every verb that computes takes {@code --device}.
 */
class PredictCommandTest {

    private static final int TEST_IMAGES = 20;

    @TempDir
    static Path dir;

    private static Path run;
    private static final List<Path> files = new ArrayList<>();
    private static final List<Integer> labels = new ArrayList<>();

    @BeforeAll
    static void trainATinyRunAndWriteItsTestImages() throws Exception {
        CliRun r = CliRun.of(
                "train",
                "--dataset",
                "synthetic",
                "--model",
                "resnet8",
                "--epochs",
                "2",
                "--train-limit",
                "160",
                "--test-limit",
                Integer.toString(TEST_IMAGES),
                "--batch-size",
                "32",
                "--runs-dir",
                dir.toString(),
                "--name",
                "tiny",
                "--no-progress",
                "--no-report",
                "--device",
                "cpu");
        assertEquals(0, r.exit(), r.err());
        run = dir.resolve("tiny");
        ImageDataset test = RunAssembly.data(new RunDirectory(run).readConfig())
                .as(ImageDataset.class)
                .test();
        for (int i = 0; i < test.size(); i++) {
            Path png = dir.resolve("images/" + i + ".png");
            Files.createDirectories(png.getParent());
            ImageIO.write(
                    new RgbImage(test.width(), test.height(), test.image(i)).toBufferedImage(), "png", png.toFile());
            files.add(png);
            labels.add(test.label(i));
        }
    }

    @Test
    void criteriaPredictAndEvalAgreeOnTheTestImages() throws Exception {
        List<String> best = new ArrayList<>();
        List<Double> probabilities = new ArrayList<>();
        int correct = 0;
        // the ten-line program of the README
        try (ZooModel<Image, Classifications> model = Criteria.builder()
                        .setTypes(Image.class, Classifications.class)
                        .optModelPath(run)
                        .build()
                        .loadModel();
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            for (int i = 0; i < files.size(); i++) {
                Classifications.Classification top = predictor
                        .predict(ImageFactory.getInstance().fromFile(files.get(i)))
                        .best();
                best.add(top.getClassName());
                probabilities.add(top.getProbability());
                if (top.getClassName().equals(Integer.toString(labels.get(i)))) {
                    correct++;
                }
            }
        }
        List<String> args =
                new ArrayList<>(List.of("predict", "--run", run.toString(), "--json", "--top", "3", "--device", "cpu"));
        files.forEach(f -> args.add(f.toString()));
        CliRun predicted = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, predicted.exit(), predicted.err());
        JsonNode report = Json.MAPPER.readTree(predicted.out());
        assertEquals("cpu", report.get("device").asText());
        JsonNode predictions = report.get("predictions");
        assertEquals(files.size(), predictions.size());
        for (int i = 0; i < files.size(); i++) {
            JsonNode top = predictions.get(i).get("top");
            assertEquals(3, top.size());
            assertEquals(
                    best.get(i), top.get(0).get("class").asText(), files.get(i).toString());
            assertEquals(probabilities.get(i), top.get(0).get("probability").asDouble(), 1e-6);
            assertTrue(top.get(0).get("probability").asDouble()
                    >= top.get(1).get("probability").asDouble());
        }
        CliRun eval = CliRun.of("eval", "--run", run.toString(), "--device", "cpu");
        assertEquals(0, eval.exit(), eval.err());
        Matcher top1 = Pattern.compile("(\\d+) test images, loss [0-9.]+, top-1 ([0-9.]+)%")
                .matcher(eval.out());
        assertTrue(top1.find(), eval.out());
        assertEquals(TEST_IMAGES, Integer.parseInt(top1.group(1)));
        assertEquals(
                String.format(Locale.ROOT, "%.2f", 100.0 * correct / TEST_IMAGES),
                top1.group(2),
                "eval's top-1 over the test split = Criteria's over the same images as PNG files");
    }

    @Test
    void anUnreadableFileGetsOneLineAndTheRestAreClassified() throws Exception {
        Path bad = dir.resolve("notes.png");
        Files.writeString(bad, "not an image");
        Path views = dir.resolve("views");
        CliRun r = CliRun.of(
                "predict",
                "--run",
                run.toString(),
                files.get(0).toString(),
                bad.toString(),
                files.get(1).toString(),
                "--top",
                "2",
                "--layer-output",
                views.toString());
        assertEquals(Main.EXIT_USAGE, r.exit(), r.out());
        List<String> errors = r.err().lines().toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).startsWith("error: " + bad + ": not a JPEG, PNG"), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith(files.get(0) + ":") && lines.get(1).startsWith(files.get(1) + ":"), r.out());
        assertTrue(lines.get(0).matches(".*:  \\S+ [0-9.]+%  \\S+ [0-9.]+%  \\(after the layer: .*\\)"), lines.get(0));
        BufferedImage view = ImageIO.read(views.resolve("0.png").toFile());
        assertEquals(32, view.getWidth());
        assertEquals(32, view.getHeight());
        assertTrue(Files.isRegularFile(views.resolve("1.png")));
    }

    @Test
    void badRunDirectoriesAreOneLine() throws Exception {
        Path empty = dir.resolve("no-checkpoint");
        Files.createDirectories(empty);
        Files.copy(run.resolve("config.json"), empty.resolve("config.json"));
        Path unknown = dir.resolve("unknown-model");
        try (Stream<Path> tree = Files.walk(run)) {
            for (Path from : tree.toList()) {
                Files.copy(from, unknown.resolve(run.relativize(from).toString()));
            }
        }
        Files.writeString(
                unknown.resolve("config.json"),
                Files.readString(run.resolve("config.json")).replace("\"resnet8\"", "\"resnet99\""));
        for (Path bad : List.of(empty, unknown, dir.resolve("nowhere"))) {
            CliRun r =
                    CliRun.of("predict", "--run", bad.toString(), files.get(0).toString());
            assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: ") && r.err().contains(bad.toString()), r.err());
        }
        CliRun unknownModel =
                CliRun.of("predict", "--run", unknown.toString(), files.get(0).toString());
        assertTrue(unknownModel.err().contains("resnet99"), unknownModel.err());
    }

    @Test
    void predictSaysWhatItWasGivenInsteadOfARun() throws Exception {
        // a file of the run, and the checkpoint pointer: the run's folder is what to name
        for (Path inside : List.of(run.resolve("config.json"), run.resolve("checkpoints/latest"))) {
            CliRun r = CliRun.of(
                    "predict", "--run", inside.toString(), files.get(0).toString());
            assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
            assertEquals(
                    "error: " + inside + " is a file inside the run " + run + ": name the run's folder itself",
                    r.err().strip());
        }
        CliRun image = CliRun.of(
                "predict", "--run", files.get(1).toString(), files.get(0).toString());
        assertEquals(Main.EXIT_USAGE, image.exit());
        assertEquals(
                "error: " + files.get(1) + " is a file, not a run directory (a run is the folder that holds its "
                        + "config.json)",
                image.err().strip());
        // a finished run kept as results/ keeps it: every small file, no checkpoints
        Path kept = dir.resolve("kept");
        Files.createDirectories(kept);
        for (String name : List.of("config.json", "summary.json", "metrics.jsonl")) {
            Files.copy(run.resolve(name), kept.resolve(name));
        }
        CliRun results =
                CliRun.of("predict", "--run", kept.toString(), files.get(0).toString());
        assertEquals(Main.EXIT_USAGE, results.exit());
        assertEquals(
                "error: " + kept + " holds a finished run's results without its checkpoints (the runs kept "
                        + "under results/ keep none: they are large): train it again with the settings in its config.json "
                        + "to load it",
                results.err().strip());
    }

    @Test
    void compressOfAOneRoundRunSaysNothingOfRounds() {
        CliRun r = CliRun.of(
                "compress",
                "--run",
                run.toString(),
                "--out",
                dir.resolve("one-round").toString(),
                "--limit",
                "10");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("learned tables of " + run + ", rounded"), r.out());
        assertFalse(r.out().contains("rounds"), r.out());
    }

    @Test
    void everyVerbThatComputesTakesDeviceAndCpuWorks() {
        CommandLine cli = Main.commandLine();
        List<String> computing = List.of(
                "quickstart",
                "train",
                "eval",
                "predict",
                "compare",
                "sweep",
                "sensitivity",
                "attack",
                "cam",
                "compress",
                "rate",
                "report",
                "bench",
                "verify-layer");
        for (String verb : computing) {
            CommandLine.Model.CommandSpec spec = cli.getSubcommands().get(verb).getCommandSpec();
            assertTrue(spec.findOption("--device") != null, verb + " takes --device");
        }
        for (String[] args : List.of(
                new String[] {"verify-layer", "../core/src/test/resources/golden/jpeg_layer_golden.json"},
                new String[] {
                    "bench",
                    "--model",
                    "resnet8",
                    "--batch",
                    "4",
                    "--size",
                    "16",
                    "--classes",
                    "10",
                    "--rounds",
                    "1",
                    "--steps",
                    "1"
                },
                new String[] {"cam", "--run", run.toString(), "--images", "2"},
                new String[] {
                    "compress",
                    "--run",
                    run.toString(),
                    "--out",
                    dir.resolve("jpeg").toString(),
                    "--limit",
                    "10"
                })) {
            List<String> withDevice = new ArrayList<>(List.of(args));
            withDevice.addAll(List.of("--device", "cpu"));
            CliRun r = CliRun.of(withDevice.toArray(String[]::new));
            assertEquals(0, r.exit(), String.join(" ", withDevice) + "\n" + r.out() + r.err());
        }
        CliRun gpu = CliRun.of("eval", "--run", run.toString(), "--device", "gpu:0");
        assertEquals(Main.EXIT_USAGE, gpu.exit());
        assertTrue(
                gpu.err().startsWith("error: --device gpu:0: ")
                        && gpu.err().lines().count() == 1,
                gpu.err());
        CliRun malformed = CliRun.of("eval", "--run", run.toString(), "--device", "tpu");
        assertEquals(Main.EXIT_USAGE, malformed.exit());
        assertTrue(malformed.err().contains("--device must be cpu, gpu or gpu:N"), malformed.err());
        assertFalse(malformed.err().contains("\tat "), "no stack trace");
    }
}
