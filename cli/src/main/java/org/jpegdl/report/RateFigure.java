package org.jpegdl.report;

import java.io.IOException;
import java.nio.file.Path;
import org.jpegdl.codec.RateAccuracy;
import org.jpegdl.codec.RateSweep;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunDirectory;

/** The rate–accuracy figure of a run ({@code plots/rate.png}), drawn from its {@code rate.json}. */
public final class RateFigure {

    private RateFigure() {}

    /** Draws the run's {@code plots/rate.png} from its {@code rate.json} (see {@link Plots#rateAccuracy}). */
    public static Path write(RunDirectory run) throws IOException {
        RateAccuracy.Curve curve = Json.read(run.rateCurve(), RateAccuracy.Curve.class);
        Path png = run.ratePlot();
        Plots.rateAccuracy(curve, png);
        return png;
    }

    /** Draws {@code folder}/{@value RateSweep#FIGURE} from {@code folder}/{@value RateSweep#FILE}. */
    public static Path writeSweep(Path folder) throws IOException {
        RateSweep sweep = Json.read(folder.resolve(RateSweep.FILE), RateSweep.class);
        Path png = folder.resolve(RateSweep.FIGURE);
        Plots.rateSweep(sweep, png);
        return png;
    }
}
