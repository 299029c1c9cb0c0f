package org.jpegdl.experiment;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.run.NetworkFile;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;

/**
 * Reads finished (or checkpointed) runs back: with their data ({@link #load}), for eval and every analysis of a run's
 * test images, or from the run's folder alone ({@link #loadNetwork}), for serving a run as a DJL model.
 */
public final class FinishedRuns {

    private FinishedRuns() {}

    /**
     * A finished run, rebuilt with the parameters of its last checkpoint.
     *
     * @param run the run directory
     * @param manager where the parameters go (its device)
     * @return the run's data and network
     * @throws IOException when the run, its data or its checkpoint cannot be read
     */
    public static RunAssembly.Prepared load(RunDirectory run, NDManager manager) throws IOException {
        return load(run, run.readConfig(), manager);
    }

    /**
     * As {@link #load(RunDirectory, NDManager)} with {@code config} in place of the run's own (the run's config with
     * a data directory given on the command line, say).
     *
     * @param run the run directory
     * @param config the config to assemble the run with
     * @param manager where the parameters go (its device)
     * @return the run's data and network
     * @throws IOException when the run, its data or its checkpoint cannot be read
     */
    public static RunAssembly.Prepared load(RunDirectory run, RunConfig config, NDManager manager) throws IOException {
        int epoch = run.lastCheckpointEpoch();
        // its own checkpoint holds every parameter: the classifier it started from is not needed (nor read)
        RunAssembly.Prepared p =
                RunAssembly.prepare(config, RunAssembly.Options.in(run).withoutStartingClassifier());
        p.network().block().initialize(manager, DataType.FLOAT32, Sensitivity.imageShape(p.train()));
        run.checkpointStore().load(epoch, p.network().block(), Map.of(), manager);
        return p;
    }

    /**
     * A finished run's network with the parameters of its last checkpoint, built from its own folder alone:
     * {@code config.json}, {@code network.json} and the checkpoint; neither its data set nor another run is read.
     * A run written before {@code network.json} existed is assembled with its data as {@link #load} does.
     *
     * @param run the run directory
     * @param manager where the parameters go (its device)
     * @return the run's config, network and what it was made from
     * @throws IOException when the run, its checkpoint or one of its files cannot be read (one line naming it)
     */
    public static LoadedNetwork loadNetwork(RunDirectory run, NDManager manager) throws IOException {
        int epoch = run.lastCheckpointEpoch();
        RunConfig config = run.readConfig();
        if (!Files.isRegularFile(run.network())) {
            RunAssembly.Prepared p = load(run, config, manager);
            return new LoadedNetwork(config, p.network(), p.networkFile());
        }
        NetworkFile file = NetworkFile.read(run);
        int[] shape = file.inputShape();
        Block classifier = ModelZoo.spec(config.model()).build(file.classes(), shape[0]);
        Network network = NetworkAssembly.build(
                config, classifier, shape[0], shape, new float[][] {file.mean(), file.std()}, () -> {
                    if (file.tables() == null) {
                        throw new IOException(run.network() + " holds no initial tables for this run's JPEG layer");
                    }
                    return file.tables().toTableInit();
                });
        network.block().initialize(manager, DataType.FLOAT32, new Shape(1, shape[0], shape[1], shape[2]));
        run.checkpointStore().load(epoch, network.block(), Map.of(), manager);
        return new LoadedNetwork(config, network, file);
    }
}
