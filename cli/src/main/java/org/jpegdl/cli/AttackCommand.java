package org.jpegdl.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jpegdl.attack.AttackReport;
import org.jpegdl.attack.AttackSettings;
import org.jpegdl.attack.RobustnessEvaluation;
import org.jpegdl.report.AttackFigures;
import org.jpegdl.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jpegdl attack}: top-1 of trained runs under FGSM, PGD, BPDA-PGD, APGD, Square and transfer attacks over a
 * range of eps, with the masking checks.
 */
@Command(
        name = "attack",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Attacks a run's last checkpoint on its test split through the whole network (JPEG layer + "
                    + "model) on pixels in [0,255], in inference mode: FGSM, PGD (the paper's setting), a strong PGD "
                    + "with restarts, for JPEG-DL runs BPDA-PGD through three surrogates of the quantiser (the identity; "
                    + "the clamp-aware one, which replaces only the rounding and keeps the index clamp; the soft "
                    + "quantiser at a low alpha) and PGD on the surrogate network whose images transfer to the real one, "
                    + "APGD-CE and APGD-DLR (AutoAttack's step-size-free PGD), the score-based Square attack (no "
                    + "gradient) and, with --transfer-from or two --run, images made on another run.",
            "Prints the masking checks: accuracy falls with eps, an unbounded attack (eps 255) reaches chance, and "
                    + "no score-based or transfer attack beats the best gradient attack; a failed check means the "
                    + "gradient attacks are masked.",
            "Writes RUN_DIR/attack.json (one of other settings it replaces is kept as attack-previous.json) and "
                    + "RUN_DIR/plots/attack.png; with two runs also one plot of both. An image "
                    + "counts as correct when it is classified correctly both clean and attacked; the worst case when it "
                    + "survives every attack."
        })
final class AttackCommand implements Callable<Integer> {

    @Mixin
    RunPairOption runs;

    @Mixin
    AttackOptions attack;

    @Option(
            names = "--transfer-from",
            paramLabel = "RUN_DIR",
            description = "Also a transfer attack: adversarial "
                    + "images made on this run (PGD on a baseline's gradient, BPDA-PGD through the clamp-aware surrogate on "
                    + "a JPEG-DL run; typically the other arm of the same seed) tried on each run attacked. It must be "
                    + "trained on the same data set and image size. With two --run and no --transfer-from, each run takes "
                    + "the other's images.")
    Path transferFrom;

    @Option(
            names = "--plot",
            paramLabel = "PNG",
            description = "Where the plot of two runs goes (default: FIRST_RUN/plots/attack-vs-SECOND_RUN.png).")
    Path plot;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        List<RunDirectory> dirs = runs.directories("attack");
        AttackSettings settings = attack.settings();
        List<RunDirectory> sources = transferSources(dirs);
        engine.apply();
        List<AttackReport> reports = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            RunDirectory run = dirs.get(i);
            AttackReport report = RobustnessEvaluation.forRun(
                    run, settings, attack.force, System.out, CommandLines.current("attack"), sources.get(i));
            reports.add(report);
            System.out.print(table(report));
            Path png = AttackFigures.updateRun(run);
            System.out.println("written: " + run.attackReport() + ", " + png);
        }
        if (reports.size() == 2) {
            Path png = plot != null ? plot : AttackFigures.pairFile(dirs.get(0), reports.get(1));
            AttackFigures.writePair(reports.get(0), reports.get(1), png);
            System.out.println("written: " + png);
        }
        return 0;
    }

    /**
     * The run each attacked run takes its transfer images from: {@code --transfer-from} for every run, else with two
     * runs the other one, else none (and none with {@code --no-transfer}).
     */
    private List<RunDirectory> transferSources(List<RunDirectory> dirs) throws java.io.IOException {
        List<RunDirectory> out = new ArrayList<>();
        if (transferFrom != null && attack.noTransfer) {
            throw new IllegalArgumentException(
                    "--transfer-from asks for a transfer attack and --no-transfer for " + "none: give one of them");
        }
        RunDirectory source = transferFrom == null ? null : new RunDirectory(transferFrom);
        if (source != null) {
            source.lastCheckpointEpoch(); // one line if it is not a run with a checkpoint
        }
        for (int i = 0; i < dirs.size(); i++) {
            RunDirectory run = dirs.get(i);
            RunDirectory from =
                    source != null ? source : dirs.size() == 2 && !attack.noTransfer ? dirs.get(1 - i) : null;
            if (from != null && same(run, from)) {
                if (source != null) {
                    throw new IllegalArgumentException("--transfer-from " + transferFrom + " is the run attacked: "
                            + "name another run (the other arm)");
                }
                from = null; // the same run given twice
            }
            out.add(from);
        }
        return out;
    }

    private static boolean same(RunDirectory a, RunDirectory b) {
        return a.root()
                .toAbsolutePath()
                .normalize()
                .equals(b.root().toAbsolutePath().normalize());
    }

    /** A report as a text table: one row per eps, one column per attack, top-1 in %; then the masking checks. */
    static String table(AttackReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%s (%s, %s): %d test images, clean top-1 %.2f%%; EOT %s; %.0f s%n",
                r.run(),
                r.jpeg() ? "JPEG-DL" : "baseline",
                r.quantization(),
                r.images(),
                100 * r.cleanTop1(),
                r.eot().deterministic()
                        ? "not needed (deterministic network)"
                        : r.eot().note(),
                r.wallSeconds()));
        List<AttackReport.Curve> curves = new ArrayList<>(r.curves());
        curves.add(r.worstCase());
        sb.append(String.format(Locale.ROOT, "  %-9s", "eps"));
        for (AttackReport.Curve c : curves) {
            sb.append(' ').append(String.format(Locale.ROOT, "%" + width(c) + "s", c.name()));
        }
        sb.append('\n');
        for (int e = 0; e < r.settings().epsPixels().size(); e++) {
            sb.append(String.format(
                    Locale.ROOT,
                    "  %-9s",
                    AttackSettings.format(r.settings().epsPixels().get(e))));
            for (AttackReport.Curve c : curves) {
                sb.append(' ')
                        .append(String.format(
                                Locale.ROOT,
                                "%" + (width(c) - 1) + ".2f%%",
                                100 * c.points().get(e).top1()));
            }
            sb.append('\n');
        }
        if (r.transferFrom() != null) {
            sb.append("  transfer images from ")
                    .append(r.transferFrom())
                    .append(" (epoch ")
                    .append(r.transferEpoch())
                    .append(")\n");
        }
        if (r.masking() == null) {
            sb.append("  masking checks: not run (a report written before them; attack again with --force)\n");
        } else {
            sb.append(
                    r.masking().masked()
                            ? "  masking checks: FAILED, the gradient attacks look masked\n"
                            : "  masking checks: no sign of masking\n");
            sb.append(r.masking().toText().replaceAll("(?m)^  ", "    "));
        }
        return sb.toString();
    }

    private static int width(AttackReport.Curve c) {
        return Math.max(8, c.name().length());
    }
}
