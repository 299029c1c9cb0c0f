package org.jpegdl.djl;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jpegdl.experiment.FinishedRuns;
import org.jpegdl.experiment.LoadedNetwork;
import org.jpegdl.run.RunDirectory;

/**
 * DJL's {@link BlockFactory} for a jpegdl run directory: rebuilds the network from the run's own folder with
 * {@link FinishedRuns#loadNetwork} ({@code config.json} and {@code network.json}: no data set, no other run), loads the parameters of the last checkpoint under the
 * model's manager (so on the model's device), and records the run's {@link RunSignature} on the model for the
 * translator. The block is a {@link RunInputBlock}: the network, taking the pipeline's float pixels or DJL's untouched
 * image bytes. Named by the run's {@code serving.properties} ({@code blockFactory=}); DJL then skips its own
 * parameter file ({@code option.hasParameter=false}).
 */
public final class RunBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** {@inheritDoc} */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
        RunDirectory run = new RunDirectory(modelPath);
        LoadedNetwork loaded = FinishedRuns.loadNetwork(run, model.getNDManager());
        RunSignature signature = RunSignature.of(loaded);
        model.setProperty(RunSignature.PROPERTY, signature.toJson());
        return new RunInputBlock(loaded.network().block(), signature.transform());
    }
}
