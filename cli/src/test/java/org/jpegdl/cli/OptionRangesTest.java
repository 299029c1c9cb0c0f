package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one range rule: every numeric option of every verb has a range, and a value outside it (or not finite) is
 * answered before anything runs with one line naming the option; a mistyped one with that line and a pointer to
 * --help, never the whole usage.
 */
class OptionRangesTest {

    @TempDir
    Path dir;

    /** A number out of range: exit 2, one line "error: ..." naming {@code part}, nothing else; nothing written. */
    private void assertRefused(String part, String... args) throws Exception {
        assertRefused(false, part, args);
    }

    /** A refusal, with the --help pointer after its line when {@code mistyped}. */
    private void assertRefused(boolean mistyped, String part, String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(Main.EXIT_USAGE, r.exit(), String.join(" ", args) + ": " + r.out() + r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(mistyped ? 2 : 1, lines.size(), String.join(" ", args) + ": " + r.err());
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains(part), r.err());
        assertTrue(!mistyped || lines.get(1).matches("see 'jpegdl [a-z-]+ --help'"), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Usage:"), r.err());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "nothing written for " + String.join(" ", args));
        }
    }

    private String[] train(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "train",
                "--dataset",
                "synthetic",
                "--model",
                "resnet8",
                "--epochs",
                "1",
                "--runs-dir",
                dir.toString(),
                "--no-progress"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void everyNumericOptionOfEveryVerbHasARange() {
        List<String> missing = new ArrayList<>();
        for (CommandLine verb : Main.commandLine().getSubcommands().values()) {
            for (OptionSpec option : verb.getCommandSpec().options()) {
                if (OptionRanges.numeric(option) && !OptionRanges.RANGES.containsKey(option.longestName())) {
                    missing.add(verb.getCommandName() + " " + option.longestName());
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void aNumberThatIsNotFiniteIsRefused() throws Exception {
        assertRefused("--lr must be in (0, 100], got Infinity", train("--lr", "Infinity"));
        assertRefused("--table-lr", train("--table-lr", "NaN"));
        assertRefused("--alpha", train("--alpha", "-Infinity"));
    }

    @Test
    void threadsAreBoundedByTheCores() throws Exception {
        long start = System.nanoTime();
        assertRefused("--threads must be in 1..", train("--threads", "100000"));
        assertRefused("--decode-threads must be in 0..", train("--decode-threads", "100000"));
        assertRefused("--threads", "bench", "--threads", "0");
        assertTrue(System.nanoTime() - start < 5e9, "answered at once");
    }

    @Test
    void sizesAreCheckedAgainstWhatTheModelAndMemoryAllow() throws Exception {
        assertRefused(
                "--image-size must be 0 or in 8..1024, got 100000",
                "train",
                "--dataset",
                "imagefolder",
                "--data",
                dir.toString(),
                "--runs-dir",
                dir.toString(),
                "--image-size",
                "100000");
        assertRefused("--size must be in 8..1024, got 0", "bench", "--size", "0");
        assertRefused("needs about", "bench", "--size", "1024", "--batch-size", "65536");
    }

    @Test
    void countsOfZeroThatMeanNothingAreRefused() throws Exception {
        assertRefused("--batch-size must be in 1..", "bench", "--batch-size", "0");
        assertRefused("--batch-size must be in 1..", "bench", "--batch", "0"); // the older name, said as the new
        assertRefused("--steps must be in 1..", "bench", "--steps", "0");
        assertRefused(
                "--samples must be 0 or at least 1, got -1",
                "sweep",
                "--space",
                "alpha=2,5",
                "--samples",
                "-1",
                "--runs-dir",
                dir.toString());
        assertRefused("--top", "predict", "--run", dir.toString(), "--top", "0", "x.png");
    }

    @Test
    void aMistypedOptionGetsOneLineAndAPointerToHelp() throws Exception {
        assertRefused(true, "--epochs", "train", "--epochs", "many", "--runs-dir", dir.toString());
        assertRefused(true, "--seeds", "compare", "--seeds", "0,x", "--runs-dir", dir.toString());
        assertRefused(true, "--no-such-option", "eval", "--run", dir.toString(), "--no-such-option");
    }
}
