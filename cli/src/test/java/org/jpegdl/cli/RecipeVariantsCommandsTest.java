package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpegdl.data.DataKind;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.run.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The variants of the authors' method from the command line: each trains, bad values are one line and exit 2. */
class RecipeVariantsCommandsTest {

    private static final String[] TINY = {
        "--dataset",
        "synthetic",
        "--train-limit",
        "160",
        "--test-limit",
        "100",
        "--epochs",
        "1",
        "--batch-size",
        "32",
        "--model",
        "resnet8",
        "--no-progress",
        "--no-report"
    };

    @TempDir
    Path dir;

    private CliRun train(String name, String... variant) {
        List<String> args = new ArrayList<>(List.of("train", "--runs-dir", dir.toString(), "--name", name));
        args.addAll(List.of(TINY));
        args.addAll(List.of(variant));
        return CliRun.of(args.toArray(String[]::new));
    }

    private JsonNode recipeOf(String name) throws Exception {
        return Json.MAPPER
                .readTree(dir.resolve(name).resolve("config.json").toFile())
                .get("recipe");
    }

    @Test
    void everyVariantTrainsFromTheCommandLineAndConfigJsonRecordsIt() throws Exception {
        Map<String, String[]> variants = new LinkedHashMap<>();
        variants.put("hardness", new String[] {"--init", "quality:50", "--hardness", "0.8"});
        variants.put("alpha", new String[] {"--init", "quality:50", "--trainable-alpha", "--alpha-lr", "0.05"});
        variants.put("scaling", new String[] {"--init", "quality:50", "--alpha-scaling"});
        variants.put("absavg", new String[] {"--init", "abs-avg", "--table-optimizer", "sgd"});
        variants.put("bits", new String[] {"--init", "quality:50", "--bits", "11"});
        variants.put("spatial", new String[] {"--init", "abs-avg", "--region-size", "16"});
        variants.put("zerodc", new String[] {"--zero-dc"});
        variants.put("imagenet", new String[] {"--recipe", "imagenet"});
        for (Map.Entry<String, String[]> v : variants.entrySet()) {
            CliRun r = train(v.getKey(), v.getValue());
            assertEquals(0, r.exit(), v.getKey() + ": " + r.out() + r.err());
            assertTrue(Files.isRegularFile(dir.resolve(v.getKey()).resolve("summary.json")), v.getKey());
        }
        assertEquals(0.8, recipeOf("hardness").get("hardness").asDouble());
        assertTrue(recipeOf("alpha").get("trainableAlpha").asBoolean());
        assertEquals(0.05, recipeOf("alpha").get("alphaLr").asDouble());
        assertEquals(0.0, recipeOf("hardness").get("alphaLr").asDouble() - 0.003, 1e-12, "the tables' rate");
        assertTrue(recipeOf("scaling").get("alphaScaling").asBoolean());
        assertEquals("abs-avg", recipeOf("absavg").get("tableInit").asText());
        assertEquals("sgd", recipeOf("absavg").get("tableOptimizer").asText());
        assertTrue(Files.isRegularFile(dir.resolve("absavg/mean-magnitudes.json")));
        assertEquals(11, recipeOf("bits").get("bits").asInt());
        assertEquals(16, recipeOf("spatial").get("regionSize").asInt());
        assertTrue(recipeOf("zerodc").get("zeroDc").asBoolean());
        assertFalse(Files.exists(dir.resolve("zerodc/tables.json")), "a zero-DC run has no tables");
        JsonNode imagenet = recipeOf("imagenet");
        assertEquals(0.8, imagenet.get("hardness").asDouble());
        assertEquals(11, imagenet.get("bits").asInt());
        assertEquals(0.4, imagenet.get("tableLr").asDouble());
        assertEquals("sgd", imagenet.get("tableOptimizer").asText());
        assertEquals("abs-avg", imagenet.get("tableInit").asText());

        // the codec verbs on a zero-DC run: no learned tables, as on a baseline
        CliRun compress = CliRun.of(
                "compress",
                "--run",
                dir.resolve("zerodc").toString(),
                "--out",
                dir.resolve("out").toString());
        assertEquals(Main.EXIT_USAGE, compress.exit(), compress.out());
        assertTrue(compress.err().startsWith("error:") && compress.err().contains("no learned tables"), compress.err());
        CliRun rate = CliRun.of("rate", "--run", dir.resolve("zerodc").toString(), "--limit", "20");
        assertEquals(0, rate.exit(), rate.err());
        assertTrue(rate.out().contains("no learned tables"), rate.out());
    }

    @Test
    void badVariantValuesGetOneLineAndExitTwo() {
        Map<String[], String> mistakes = new LinkedHashMap<>();
        mistakes.put(new String[] {"--hardness", "0"}, "hardness must be positive");
        mistakes.put(new String[] {"--hardness", "-2"}, "hardness must be positive");
        mistakes.put(new String[] {"--hardness", "hard"}, "--hardness must be a positive number or 'off'");
        mistakes.put(new String[] {"--bits", "1"}, "bits must be in 2..16, got 1");
        mistakes.put(new String[] {"--bits", "17"}, "bits must be in 2..16, got 17");
        mistakes.put(new String[] {"--region-size", "12"}, "multiple of 8");
        mistakes.put(
                new String[] {"--region-size", "40", "--init", "quality:50"},
                "region size 40 is larger than the 32×32 images");
        mistakes.put(new String[] {"--init", "abs-avg", "--train-limit", "5"}, "training split of synthetic is empty");
        mistakes.put(new String[] {"--zero-dc", "--alpha", "3"}, "zero DC");
        mistakes.put(new String[] {"--zero-dc", "--init", "quality:50"}, "zero DC");
        mistakes.put(new String[] {"--zero-dc", "--hardness", "0.8"}, "zero DC");
        mistakes.put(new String[] {"--zero-dc", "--bits", "11"}, "zero DC");
        mistakes.put(new String[] {"--zero-dc", "--rounds", "2"}, "zero DC");
        mistakes.put(new String[] {"--zero-dc", "--trainable-alpha"}, "zero DC");
        mistakes.put(new String[] {"--zero-dc", "--alpha-scaling"}, "zero DC");
        mistakes.put(new String[] {"--zero-dc", "--region-size", "16"}, "zero DC");
        mistakes.put(new String[] {"--recipe", "imagenet", "--trainable-alpha"}, "--hardness off");
        mistakes.put(new String[] {"--alpha-lr", "0.1"}, "needs --trainable-alpha");
        mistakes.put(new String[] {"--table-optimizer", "rmsprop"}, "adam, sgd or lsq-sgd");
        mistakes.put(new String[] {"--init", "abs"}, "abs-avg");
        for (Map.Entry<String[], String> m : mistakes.entrySet()) {
            List<String> args = new ArrayList<>(List.of(
                    "train",
                    "--runs-dir",
                    dir.toString(),
                    "--dataset",
                    "synthetic",
                    "--test-limit",
                    "100",
                    "--epochs",
                    "1",
                    "--model",
                    "resnet8",
                    "--no-progress",
                    "--no-report"));
            if (!List.of(m.getKey()).contains("--train-limit")) {
                args.addAll(List.of("--train-limit", "160"));
            }
            args.addAll(List.of(m.getKey()));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            String what = String.join(" ", m.getKey());
            assertEquals(Main.EXIT_USAGE, r.exit(), what + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("error:") && r.err().contains(m.getValue()), what + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), what + ": one line: " + r.err());
            assertFalse(r.err().contains("\tat "), what + ": no stack trace: " + r.err());
        }
    }

    @Test
    void aZeroDcComparisonTrainsBothArms() throws Exception {
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
                "160",
                "--test-limit",
                "100",
                "--batch-size",
                "32",
                "--runs-dir",
                dir.toString(),
                "--name",
                "zero",
                "--no-progress",
                "--no-report",
                "--zero-dc");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(Files.isRegularFile(dir.resolve("zero/jpegdl-s0/summary.json")));
        assertEquals(
                "sensitivity",
                Json.MAPPER
                        .readTree(dir.resolve("zero/jpegdl-s0/config.json").toFile())
                        .get("recipe")
                        .get("tableInit")
                        .asText(),
                "no baseline named: zero DC has no tables to start");
    }

    @Test
    void theHelpOfTrainAndCompareSaysWhereEveryPresetsNumbersComeFrom() {
        Recipe resnet = Recipe.imageNet().resolve(ModelZoo.spec("resnet18"), DataKind.PHOTO_FILES);
        Recipe squeeze = Recipe.imageNet().resolve(ModelZoo.spec("squeezenet1_1"), DataKind.PHOTO_FILES);
        // the numbers the help states, as the recipe resolves them
        assertEquals(
                List.of(90, 256, 0.1, 1e-4, 0.4, 0.8),
                List.of(
                        resnet.epochs(),
                        resnet.batchSize(),
                        resnet.modelLr(),
                        resnet.weightDecay(),
                        resnet.tableLr(),
                        resnet.hardness()));
        assertEquals(
                List.of(100, 128, 0.01, 2e-4, 0.1, 3.0),
                List.of(
                        squeeze.epochs(),
                        squeeze.batchSize(),
                        squeeze.modelLr(),
                        squeeze.weightDecay(),
                        squeeze.tableLr(),
                        squeeze.hardness()));
        for (String verb : new String[] {"train", "compare"}) {
            // compared without white space: the help wraps its lines (even inside a file name such as run3.sh)
            String help = Main.commandLine()
                    .getSubcommands()
                    .get(verb)
                    .getUsageMessage()
                    .replaceAll("\\s+", "");
            for (String phrase : new String[] {
                "resnet18/resnet34: 90 epochs, batch 256",
                "SGD 0.1, weight decay 1e-4, tables at 0.4, H 0.8",
                "squeezenet1_1: 100 epochs, batch 128",
                "SGD 0.01, weight decay 2e-4, tables at 0.1, H 3.0",
                "Other models take ResNet-18's values",
                "run2.sh",
                "run3.sh",
                "numBits_11",
                "--num_bit",
                "q_min",
                "11 bits, the DC step replaced by the " + "first AC step",
                "imagenet-lsq:",
                "train_teacher_cifar_JPEG.py",
                "train_teacher_JPEG.py",
                "--hardness=H|off",
                "--alpha-scaling",
                "--alpha-lr",
                "--bits",
                "--region-size=S",
                "--zero-dc",
                "--table-optimizer=adam|sgd|lsq-sgd",
                "abs-avg"
            }) {
                assertTrue(help.contains(phrase.replaceAll("\\s+", "")), verb + " --help lacks '" + phrase + "'");
            }
        }
    }
}
