package org.jpegdl.experiment;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jpegdl.data.Batches;
import org.jpegdl.nd.Devices;
import org.jpegdl.run.Json;
import org.jpegdl.run.MeanMagnitudes;
import org.jpegdl.run.RunDirectory;

/**
 * The mean DCT magnitudes an {@code abs-avg} table initialisation starts from, kept in a run's
 * {@code mean-magnitudes.json}: read from the run's own file or from a sibling run's with the same key (another seed
 * of a comparison), else computed and written into the run. A file is used only when its key equals the one asked
 * for, so the cache never changes what a run starts from.
 */
final class MeanMagnitudesCache {

    private MeanMagnitudesCache() {}

    /**
     * The mean magnitudes for {@code key}: from the run's {@code mean-magnitudes.json} or a sibling run's with the
     * same key (copied into the run), else computed from {@code batches} and written into the run.
     *
     * @param run the run store; null to compute without reading or writing a file
     */
    static MeanMagnitudes get(MeanMagnitudes.Key key, Supplier<Batches> batches, RunDirectory run) throws IOException {
        if (run != null) {
            for (Path candidate : candidates(run)) {
                MeanMagnitudes cached = readIfFor(candidate, key);
                if (cached != null) {
                    if (!candidate.equals(run.meanMagnitudes())) {
                        Json.write(run.meanMagnitudes(), cached);
                    }
                    return cached;
                }
            }
        }
        try (NDManager manager = Devices.newBaseManager()) {
            MeanMagnitudes computed = CoefficientMagnitudes.compute(batches.get(), key, manager);
            if (run != null) {
                Json.write(run.meanMagnitudes(), computed);
            }
            return computed;
        }
    }

    /** The run's own {@code mean-magnitudes.json} first, then those of the other runs beside it, in name order. */
    private static List<Path> candidates(RunDirectory run) throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(run.meanMagnitudes());
        Path own = run.root().toAbsolutePath().normalize();
        Path parent = own.getParent();
        if (parent != null && Files.isDirectory(parent)) {
            try (Stream<Path> siblings = Files.list(parent)) {
                siblings.filter(d -> Files.isDirectory(d) && !d.equals(own))
                        .sorted()
                        .map(d -> new RunDirectory(d).meanMagnitudes())
                        .filter(Files::isRegularFile)
                        .forEach(out::add);
            }
        }
        return out;
    }

    /** The magnitudes in {@code file} when they were computed for {@code key}; null otherwise or when unreadable. */
    private static MeanMagnitudes readIfFor(Path file, MeanMagnitudes.Key key) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            MeanMagnitudes m = Json.read(file, MeanMagnitudes.class);
            return key.equals(m.key()) ? m : null;
        } catch (IOException e) {
            return null;
        }
    }
}
