package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jpegdl.run.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --table-lr-rule: the budget rule by default, in config.json, the header and metrics.jsonl; fixed; a bad name. */
class TableLrRuleCommandTest {

    @TempDir
    Path dir;

    private CliRun train(String name, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "train",
                "--runs-dir",
                dir.toString(),
                "--name",
                name,
                "--dataset",
                "synthetic",
                "--train-limit",
                "160",
                "--test-limit",
                "64",
                "--epochs",
                "1",
                "--batch-size",
                "32",
                "--model",
                "resnet8",
                "--init",
                "quality:50",
                "--no-progress",
                "--no-report"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private double firstTableLr(String name) throws Exception {
        String line =
                Files.readAllLines(dir.resolve(name).resolve("metrics.jsonl")).get(0);
        return Json.MAPPER.readTree(line).get("tableLr").asDouble();
    }

    @Test
    void theBudgetRuleIsTheDefaultAndTheFixedRuleKeepsTheRate() throws Exception {
        CliRun budget = train("budget");
        assertEquals(0, budget.exit(), budget.out() + budget.err());
        JsonNode recipe = Json.MAPPER
                .readTree(dir.resolve("budget").resolve("config.json").toFile())
                .get("recipe");
        assertEquals("budget", recipe.get("tableLrRule").asText());
        assertEquals(240L * 782, recipe.get("budgetSteps").asLong());
        // 160 images in batches of 32: 5 steps in the one epoch, against the CIFAR recipe's 187,680
        assertEquals(0.003 * 187_680 / 5, firstTableLr("budget"), 1e-9);
        assertTrue(
                budget.out()
                        .contains("budget rule: 0.003 × 187,680 steps of the cifar recipe / 5 steps of this " + "run"),
                budget.out());

        CliRun fixed = train("fixed", "--table-lr-rule", "fixed");
        assertEquals(0, fixed.exit(), fixed.out() + fixed.err());
        assertEquals(0.003, firstTableLr("fixed"), 1e-12);
        assertTrue(fixed.out().contains("adam at 0.003000 (fixed rule"), fixed.out());
    }

    @Test
    void anUnknownRuleIsOneLineNamingTheOption() {
        CliRun r = train("bad", "--table-lr-rule", "steep");
        assertEquals(Main.EXIT_USAGE, r.exit(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--table-lr-rule") && r.err().contains("'steep'"), r.err());
        assertTrue(!Files.exists(dir.resolve("bad")), "nothing written");
    }
}
