package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A tiny finished run for the tests of bad inputs, and copies of it to damage. */
final class RunFixtures {

    /** The options of the tiny run: synthetic data, resnet8, one epoch of 160 images, 64 test images. */
    static final List<String> TINY = List.of(
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
            "--batch-size",
            "32",
            "--no-progress",
            "--no-report");

    private RunFixtures() {}

    /** Trains the tiny JPEG-DL run {@code runsDir/name}; returns its folder. */
    static Path train(Path runsDir, String name) {
        CliRun r = CliRun.of(train(runsDir, name, false));
        assertEquals(0, r.exit(), r.out() + r.err());
        return runsDir.resolve(name);
    }

    /** The command line that trains (or, with {@code resume}, resumes) the tiny run {@code runsDir/name}. */
    static String[] train(Path runsDir, String name, boolean resume) {
        List<String> args = new ArrayList<>(List.of("train", "--runs-dir", runsDir.toString(), "--name", name));
        args.addAll(TINY);
        if (resume) {
            args.add("--resume");
        }
        return args.toArray(String[]::new);
    }

    /** A copy of the run folder {@code run} as {@code target} (regular files and folders). */
    static Path copy(Path run, Path target) {
        try (Stream<Path> files = Files.walk(run)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
