package org.jpegdl.report;

import java.io.IOException;
import java.nio.file.Path;
import org.jpegdl.codec.RateAccuracy;
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
}
