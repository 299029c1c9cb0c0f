package org.jpegdl.experiment;

import org.jpegdl.run.NetworkFile;
import org.jpegdl.run.RunConfig;

/**
 * A finished run's network, loaded from its folder alone ({@link FinishedRuns#loadNetwork}).
 *
 * @param config the run's config
 * @param network the network with the last checkpoint's parameters
 * @param file what the network was made from
 */
public record LoadedNetwork(RunConfig config, Network network, NetworkFile file) {}
