package org.jpegdl.report;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpegdl.experiment.ImageMultipliers;
import org.jpegdl.run.Json;

/**
 * What adaptive layers' predictors give the test images: the coarseness per class and the figures.
 *
 * @param classes one row per run and class
 * @param figures each run's adaptive figures
 */
record AdaptiveSection(List<ClassRow> classes, List<Figure> figures) {

    /**
     * One class of one run.
     *
     * @param run the run
     * @param name the class
     * @param coarseness the geometric mean of its test images' multipliers
     */
    record ClassRow(String run, String name, String coarseness) {}

    /** The section of these runs; null when none has adaptive tables. */
    static AdaptiveSection of(List<RunReport.Run> runs) throws IOException {
        List<ClassRow> classes = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        for (RunReport.Run r : runs) {
            if (!Files.isRegularFile(r.dir().adaptiveTables())) {
                continue;
            }
            ImageMultipliers.Summary s = Json.read(r.dir().adaptiveTables(), ImageMultipliers.Summary.class);
            for (int c = 0; c < s.classCoarseness().length; c++) {
                classes.add(new ClassRow(
                        r.name(),
                        c < s.classNames().size() ? s.classNames().get(c) : Integer.toString(c),
                        String.format(Locale.ROOT, "%.3f", s.classCoarseness()[c])));
            }
            Figure.addIfPresent(
                    figures,
                    r.dir().adaptivePlot(),
                    r.name() + ": how much coarser (above 1) or finer "
                            + "than the learned tables each of " + s.images() + " test images' tables are ("
                            + s.adaptation()
                            + "), and per class");
            Figure.addIfPresent(
                    figures,
                    r.dir().adaptiveExtremesPlot(),
                    r.name() + ": the test images with the " + "coarsest and the finest tables, with their coarseness");
        }
        return classes.isEmpty() ? null : new AdaptiveSection(classes, figures);
    }
}
