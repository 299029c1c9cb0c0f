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

/** {@code jpegdl attack}: top-1 of trained runs under FGSM, PGD and BPDA-PGD over a range of eps. */
@Command(name = "attack", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Attacks a run's last checkpoint on its test split through the whole network (JPEG layer + "
                + "model) on pixels in [0,255], in inference mode: FGSM, PGD (the paper's setting), a strong PGD "
                + "with restarts and, for JPEG-DL runs, BPDA-PGD (the quantiser replaced by the identity on the "
                + "backward pass, so a soft quantiser cannot hide the gradient).",
            "Writes RUN_DIR/attack.json and RUN_DIR/plots/attack.png; with two runs also one plot of both. An image "
                + "counts as correct when it is classified correctly both clean and attacked."})
final class AttackCommand implements Callable<Integer> {

    @Mixin
    RunPairOption runs;

    @Mixin
    AttackOptions attack;

    @Option(names = "--plot", paramLabel = "PNG",
            description = "Where the plot of two runs goes (default: FIRST_RUN/plots/attack-vs-SECOND_RUN.png).")
    Path plot;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        List<RunDirectory> dirs = runs.directories("attack");
        AttackSettings settings = attack.settings();
        engine.apply();
        List<AttackReport> reports = new ArrayList<>();
        for (RunDirectory run : dirs) {
            AttackReport report = RobustnessEvaluation.forRun(run, settings, attack.force, System.out,
                    CommandLines.current("attack"));
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

    /** A report as a text table: one row per eps, one column per attack, top-1 in %. */
    static String table(AttackReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s (%s, %s): %d test images, clean top-1 %.2f%%; EOT %s%n", r.run(),
                r.jpeg() ? "JPEG-DL" : "baseline", r.quantization(), r.images(), 100 * r.cleanTop1(),
                r.eot().deterministic() ? "not needed (deterministic network)" : r.eot().note()));
        List<AttackReport.Curve> curves = new ArrayList<>(r.curves());
        curves.add(r.worstCase());
        sb.append(String.format(Locale.ROOT, "  %-9s", "eps"));
        for (AttackReport.Curve c : curves) {
            sb.append(String.format(Locale.ROOT, " %14s", c.name()));
        }
        sb.append('\n');
        for (int e = 0; e < r.settings().epsPixels().size(); e++) {
            sb.append(String.format(Locale.ROOT, "  %-9s", AttackSettings.format(r.settings().epsPixels().get(e))));
            for (AttackReport.Curve c : curves) {
                sb.append(String.format(Locale.ROOT, " %13.2f%%", 100 * c.points().get(e).top1()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
