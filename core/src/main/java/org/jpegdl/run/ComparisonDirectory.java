package org.jpegdl.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A comparison's directory: one run directory per arm and seed ({@code baseline-sSEED/}, {@code jpegdl-sSEED/}) and
 * the comparison's own files, {@code compare.json}, {@code compare.md}, {@code curves.png},
 * {@code robustness.json}, {@code robustness.md}, {@code robustness.png} and {@code report.html}. It owns those names.
 */
public final class ComparisonDirectory {

    /** The arms of a comparison, as their run directories are named. */
    public enum Arm {
        /** The plain network. */
        BASELINE("baseline"),
        /** The network behind the JPEG layer. */
        JPEG_DL("jpegdl");

        private final String prefix;

        Arm(String prefix) {
            this.prefix = prefix;
        }

        /** The run name of this arm for {@code seed}, e.g. {@code baseline-s0}. */
        public String runName(long seed) {
            return prefix + "-s" + seed;
        }
    }

    private final Path root;

    /** The comparison directory at {@code root} (it need not exist yet). */
    public ComparisonDirectory(Path root) {
        this.root = root;
    }

    /** The directory itself. */
    public Path root() {
        return root;
    }

    /** The run directory of {@code arm} for {@code seed}. */
    public RunDirectory run(Arm arm, long seed) {
        return new RunDirectory(root.resolve(arm.runName(seed)));
    }

    /** Both arms' run directories for every seed, baseline first per seed. */
    public List<RunDirectory> runs(List<Long> seeds) {
        List<RunDirectory> runs = new ArrayList<>();
        for (long seed : seeds) {
            for (Arm arm : Arm.values()) {
                runs.add(run(arm, seed));
            }
        }
        return runs;
    }

    /** The arm a run directory of a comparison belongs to, by its name ({@code baseline-s…}, {@code jpegdl-s…}). */
    public static Optional<Arm> armOf(RunDirectory run) {
        for (Arm arm : Arm.values()) {
            if (run.name().startsWith(arm.prefix + "-s")) {
                return Optional.of(arm);
            }
        }
        return Optional.empty();
    }

    /**
     * Every finished run here: the arms' run directories with a {@code summary.json}, in name order.
     *
     * @throws NoSuchFileException when the directory does not exist
     */
    public List<RunDirectory> finishedRuns() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString());
        }
        List<RunDirectory> runs = new ArrayList<>();
        try (var entries = Files.list(root)) {
            for (Path p : entries.sorted().toList()) {
                RunDirectory run = new RunDirectory(p);
                if (armOf(run).isPresent() && Files.isRegularFile(run.summary())) {
                    runs.add(run);
                }
            }
        }
        return runs;
    }

    /** The summaries of the finished runs of {@code arm}, in name order. */
    public List<RunSummary> finished(Arm arm) throws IOException {
        List<RunSummary> out = new ArrayList<>();
        for (RunDirectory run : finishedRuns()) {
            if (armOf(run).orElseThrow() == arm) {
                out.add(run.readSummary());
            }
        }
        return out;
    }

    /** {@code compare.json}: the comparison table's numbers. */
    public Path comparisonJson() {
        return root.resolve("compare.json");
    }

    /** {@code compare.md}: the comparison table. */
    public Path comparisonMarkdown() {
        return root.resolve("compare.md");
    }

    /** {@code curves.png}: every run's curves on shared axes. */
    public Path curvesPlot() {
        return root.resolve("curves.png");
    }

    /** {@code robustness.json}: top-1 under attack, mean ± std over seeds. */
    public Path robustnessJson() {
        return root.resolve("robustness.json");
    }

    /** {@code robustness.md}: the robustness table. */
    public Path robustnessMarkdown() {
        return root.resolve("robustness.md");
    }

    /** {@code robustness.png}: the robustness figure. */
    public Path robustnessPlot() {
        return root.resolve("robustness.png");
    }

    /** {@code report.html}: the comparison's page. */
    public Path report() {
        return root.resolve(RunDirectory.REPORT_PAGE);
    }

    /** Whether this directory holds a comparison (a {@code compare.json}). */
    public boolean exists() {
        return Files.isRegularFile(comparisonJson());
    }
}
