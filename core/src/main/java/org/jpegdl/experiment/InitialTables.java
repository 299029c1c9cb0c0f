package org.jpegdl.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.MeanMagnitudes;
import org.jpegdl.run.RegionSensitivityMap;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.TablesFile;

/**
 * The tables a run's JPEG layer starts from, as its recipe's {@link TableInitialization} names them: a JPEG quality,
 * a constant step, the mean DCT magnitudes of the training images ({@code abs-avg}, through
 * {@link MeanMagnitudesCache}) or a trained baseline's sensitivity map ({@link SensitivityCache}); with spatial
 * tables, the sensitivity map and the mean magnitudes per region (quality and constant tables start equal in every
 * region).
 */
final class InitialTables {

    private InitialTables() {}

    /**
     * The starting tables of {@code config}'s JPEG layer.
     *
     * @param run the run store (mean magnitudes kept there, a pre-network.json run's tables.json); may be null
     * @param trainSet the run's training split (limits applied)
     * @param trainSubset whether the training limit took a subset of the training split
     * @param shape the shape (C, H, W) of the images the layer sees
     */
    static TableInit of(RunConfig config, RunDirectory run, LabelledImages trainSet, boolean trainSubset, int[] shape)
            throws IOException {
        Recipe recipe = config.recipe();
        TableInitialization init = recipe.tableInit();
        if (init instanceof TableInitialization.Quality q) {
            return TableInit.quality(q.quality());
        }
        if (init instanceof TableInitialization.Constant c) {
            return TableInit.constant(c.step());
        }
        if (init instanceof TableInitialization.MeanMagnitude) {
            return meanMagnitudes(config, run, trainSet, trainSubset, shape);
        }
        return sensitivity(config, run, (TableInitialization.Sensitivity) init, shape);
    }

    /** {@code abs-avg}: the mean magnitudes of the run's training images, for the key that says which they are. */
    private static TableInit meanMagnitudes(
            RunConfig config, RunDirectory run, LabelledImages trainSet, boolean trainSubset, int[] shape)
            throws IOException {
        Recipe recipe = config.recipe();
        double validation = config.dataSettings().validationFraction();
        MeanMagnitudes.Key key = new MeanMagnitudes.Key(
                config.dataset(),
                absolute(config.dataDir()),
                trainSubset ? config.trainLimit() : 0,
                trainSubset || validation > 0 ? config.seed() : null,
                shape[1],
                shape[2],
                recipe.padTo(),
                recipe.regionSize(),
                config.dataSettings().skipBad(),
                config.dataSettings().testFraction(),
                validation);
        return MeanMagnitudesCache.get(key, () -> RunData.evaluationBatches(trainSet, config), run)
                .toTableInit(recipe.bits());
    }

    /** {@code sensitivity:RUN}: the sensitivity map of the trained baseline RUN (per region for spatial tables). */
    private static TableInit sensitivity(
            RunConfig config, RunDirectory run, TableInitialization.Sensitivity s, int[] shape) throws IOException {
        Recipe recipe = config.recipe();
        if (s.needsBaseline()) {
            throw new IllegalArgumentException("table init 'sensitivity' needs a trained baseline run: "
                    + "--init sensitivity:RUN_DIR (compare trains the baseline and does this itself), or use "
                    + "--init abs-avg, --init quality:Q or --init constant:STEP");
        }
        RunDirectory baseline = new RunDirectory(s.baselineRun());
        if (!baseline.exists() && !Files.isRegularFile(baseline.sensitivity())) {
            if (run != null && Files.isRegularFile(run.tables())) {
                // a run trained before network.json kept its initial tables: those its tables.json recorded
                return recorded(TablesFile.read(run));
            }
            throw new IllegalArgumentException("table init " + s + ": " + baseline.root() + " is not a run "
                    + "directory (no config.json or sensitivity.json there)");
        }
        if (recipe.regionSize() == 0) {
            return SensitivityCache.sensitivity(baseline, SensitivityCache.SENSITIVITY_IMAGES)
                    .toTableInit(recipe.qMax());
        }
        RegionSensitivityMap map =
                SensitivityCache.regionSensitivity(baseline, recipe.regionSize(), SensitivityCache.SENSITIVITY_IMAGES);
        if (map.height() != shape[1] || map.width() != shape[2]) {
            throw new IllegalArgumentException("the sensitivity map per " + recipe.regionSize() + "-px region of "
                    + baseline.root() + " is for " + map.height() + "×" + map.width() + " images; this run's are "
                    + shape[1] + "×" + shape[2]);
        }
        return map.toTableInit(recipe.qMax());
    }

    /**
     * The initial tables a {@code tables.json} recorded (as the layer clamped them; chroma as luma for grayscale),
     * per round and, for spatial tables, per region.
     */
    private static TableInit recorded(TablesFile file) {
        int rounds = file.rounds().size();
        float[][][] luma = new float[rounds][][];
        float[][][] chroma = new float[rounds][][];
        for (int r = 0; r < rounds; r++) {
            TablesFile.Round round = file.rounds().get(r);
            if (round.regions() == null) {
                luma[r] = new float[][] {round.initialLuma()};
                chroma[r] = new float[][] {round.initialChroma() == null ? round.initialLuma() : round.initialChroma()};
            } else {
                luma[r] = round.regions().stream()
                        .map(TablesFile.Region::initialLuma)
                        .toArray(float[][]::new);
                chroma[r] = round.regions().stream()
                        .map(g -> g.initialChroma() == null ? g.initialLuma() : g.initialChroma())
                        .toArray(float[][]::new);
            }
        }
        return TableInit.explicitRegions(file.init(), luma, chroma);
    }

    /** The data directory as an absolute path: the same relative name read from elsewhere is other data. */
    private static String absolute(String dataDir) {
        return dataDir == null
                ? null
                : Path.of(dataDir).toAbsolutePath().normalize().toString();
    }
}
