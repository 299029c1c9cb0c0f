package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jpegdl.experiment.SweepResult;
import org.jpegdl.run.Json;
import org.jpegdl.run.SensitivityMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property: every JSON file a run reads, fed to every verb that reads it as {@code null}, {@code {}}, {@code []}, a
 * lone stray field ({@code {"chosen": 5}}), a truncated document and a document whose fields have the wrong types, is
 * answered with one line naming the file, exit 2 and no stack trace; the file is put back after each case.
 */
class JsonFilesTest {

    @TempDir
    static Path dir;

    private static Path run;
    private static Path comparison;
    private static Path sweepJson;

    /** The damages, each of a file's original text. */
    private static final Map<String, UnaryOperator<String>> DAMAGES = Map.of(
            "null", text -> "null",
            "{}", text -> "{}",
            "[]", text -> "[]",
            "truncated", text -> text.substring(0, text.length() / 2),
            "one stray field", text -> "{\"chosen\": 5}",
            "wrong types", JsonFilesTest::wrongTypes);

    @BeforeAll
    static void tinyRunWithEveryFile() throws IOException {
        run = RunFixtures.train(dir, "r");
        CliRun attacked = CliRun.of(
                "attack",
                "--run",
                run.toString(),
                "--limit",
                "8",
                "--eps",
                "1",
                "--steps",
                "1",
                "--no-strong",
                "--apgd-steps",
                "0",
                "--square-queries",
                "0",
                "--no-transfer",
                "--attack-batch-size",
                "8");
        assertEquals(0, attacked.exit(), attacked.out() + attacked.err());
        double[] ones = new double[64];
        java.util.Arrays.fill(ones, 1);
        Json.write(run.resolve("sensitivity.json"), new SensitivityMap("r", 32, ones, ones, ones));
        comparison = Files.createDirectories(dir.resolve("cmp"));
        RunFixtures.copy(run, comparison.resolve("baseline-s0"));
        RunFixtures.copy(run, comparison.resolve("jpegdl-s0"));
        SweepResult.Score score = new SweepResult.Score(0, 160, "rung0/trial0", 0.5, 0.9, 1.0, 2.0);
        sweepJson = dir.resolve("sweep.json");
        Json.write(
                sweepJson,
                new SweepResult(
                        "synthetic",
                        "resnet8",
                        0,
                        1,
                        0.1,
                        Map.of("alpha", List.of("2")),
                        "grid",
                        3,
                        List.of(160),
                        List.of(new SweepResult.Trial(0, Map.of("alpha", "2"), List.of(score))),
                        List.of(score),
                        0,
                        true,
                        "./jpegdl sweep",
                        null));
    }

    /** A JSON document with every top-level field of another type: numbers as text, text and lists as objects. */
    private static String wrongTypes(String text) {
        String first = text.lines().findFirst().orElse(text);
        String document = text.strip().startsWith("{")
                        && text.lines().count() > 1
                        && text.strip().endsWith("}")
                        && !first.strip().endsWith("}")
                ? text
                : first;
        try {
            JsonNode tree = Json.MAPPER.readTree(document);
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isNumber() || v.isBoolean() || v.isObject()) {
                    out.put(e.getKey(), "text");
                } else if (v.isTextual() || v.isArray()) {
                    out.putObject(e.getKey()).put("a", 1);
                }
            }
            return Json.MAPPER.writeValueAsString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file, the verbs that read it. */
    private record Reader(Path file, List<String[]> verbs) {}

    private static List<Reader> readers() {
        String r = run.toString();
        String[] resume = RunFixtures.train(dir, "r", true);
        return List.of(
                new Reader(
                        run.resolve("config.json"),
                        List.<String[]>of(
                                new String[] {"eval", "--run", r},
                                new String[] {"report", r, "--no-examples"},
                                resume,
                                new String[] {
                                    "predict",
                                    "--run",
                                    r,
                                    run.resolve("plots/curves.png").toString()
                                },
                                new String[] {"attack", "--run", r, "--limit", "8", "--eps", "1", "--no-strong"},
                                new String[] {
                                    "compress",
                                    "--run",
                                    r,
                                    "--out",
                                    dir.resolve("out").toString()
                                })),
                new Reader(
                        run.resolve("metrics.jsonl"),
                        List.<String[]>of(new String[] {"report", r, "--no-examples"}, resume)),
                new Reader(
                        run.resolve("tables.json"),
                        List.<String[]>of(new String[] {"report", r, "--no-examples"}, new String[] {
                            "compress", "--run", r, "--out", dir.resolve("out").toString()
                        })),
                new Reader(run.resolve("summary.json"), List.<String[]>of(new String[] {"report", r, "--no-examples"})),
                new Reader(
                        comparison.resolve("jpegdl-s0/summary.json"),
                        List.<String[]>of(new String[] {"compare", "--from", comparison.toString()})),
                new Reader(
                        run.resolve("attack.json"),
                        List.<String[]>of(new String[] {"report", r, "--no-examples"}, new String[] {
                            "attack",
                            "--run",
                            r,
                            "--limit",
                            "8",
                            "--eps",
                            "1",
                            "--steps",
                            "1",
                            "--no-strong",
                            "--apgd-steps",
                            "0",
                            "--square-queries",
                            "0",
                            "--no-transfer",
                            "--attack-batch-size",
                            "8"
                        })),
                new Reader(
                        run.resolve("sensitivity.json"),
                        List.<String[]>of(new String[] {"report", r, "--no-examples"}, new String[] {
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
                            "64",
                            "--init",
                            "sensitivity:" + r,
                            "--runs-dir",
                            dir.resolve("from-map").toString(),
                            "--no-progress",
                            "--no-report"
                        })),
                new Reader(sweepJson, List.<String[]>of(new String[] {
                    "compare",
                    "--dataset",
                    "synthetic",
                    "--model",
                    "resnet8",
                    "--epochs",
                    "1",
                    "--settings",
                    sweepJson.toString(),
                    "--runs-dir",
                    dir.resolve("chosen").toString(),
                    "--seeds",
                    "0"
                })));
    }

    @TestFactory
    Stream<DynamicTest> everyDamagedFileIsOneLineAndExitTwoForEveryVerbThatReadsIt() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Reader reader : readers()) {
            for (Map.Entry<String, UnaryOperator<String>> damage : DAMAGES.entrySet()) {
                for (String[] verb : reader.verbs()) {
                    String name = dir.relativize(reader.file()) + " as " + damage.getKey() + ": " + verb[0];
                    tests.add(DynamicTest.dynamicTest(name, () -> check(reader.file(), damage.getValue(), verb)));
                }
            }
        }
        return tests.stream();
    }

    private static void check(Path file, UnaryOperator<String> damage, String[] verb) throws IOException {
        String original = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, damage.apply(original), StandardCharsets.UTF_8);
        try {
            CliRun r = CliRun.of(verb);
            String what = String.join(" ", verb) + " with " + file + ": " + r.err();
            assertEquals(Main.EXIT_USAGE, r.exit(), what + r.out());
            assertEquals(1, r.err().strip().lines().count(), what);
            assertTrue(r.err().startsWith("error: ") && r.err().contains(file.toString()), what);
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), what);
        } finally {
            Files.writeString(file, original, StandardCharsets.UTF_8);
        }
    }
}
