package org.jpegdl.experiment;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jpegdl.data.DatasetException;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;

/**
 * The trained classifier a run starts from ({@code --init-from RUN}, {@link RunConfig#initFrom()}): the source run's
 * network, checked against the new run when that is assembled (same model, class count and channel count), and
 * copied from the source's last checkpoint into the new run's classifier once that is initialised. Only the
 * classifier is copied: the source's normalisation or JPEG layer stays behind, and a JPEG layer in front of the new
 * run's classifier keeps its own initial tables.
 */
public final class StartingClassifier {

    private final RunDirectory source;
    private final int epoch;
    private final Network sourceNetwork;
    private final Shape inputShape;

    private StartingClassifier(RunDirectory source, int epoch, Network sourceNetwork, Shape inputShape) {
        this.source = source;
        this.epoch = epoch;
        this.sourceNetwork = sourceNetwork;
        this.inputShape = inputShape;
    }

    /**
     * The classifier {@code config.initFrom()} names, for a run whose training split is {@code trainSet}; one clear
     * line (IllegalArgumentException) when it is not a run with a checkpoint or its classifier does not fit.
     */
    static StartingClassifier of(RunConfig config, LabelledImages trainSet) throws IOException {
        Path path = Path.of(config.initFrom());
        RunDirectory source = new RunDirectory(path);
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("--init-from " + path + ": no such run directory");
        }
        if (!source.exists()) {
            throw new IllegalArgumentException(
                    "--init-from " + path + " is not a jpegdl run directory (no " + "config.json)");
        }
        Optional<Integer> epoch = source.checkpointStore().latestEpoch();
        if (epoch.isEmpty()) {
            throw new IllegalArgumentException(
                    "--init-from " + path + " has no checkpoint to start from (it never " + "finished an epoch)");
        }
        RunConfig sourceConfig = source.readConfig();
        if (!sourceConfig.model().equals(config.model())) {
            throw new IllegalArgumentException("--init-from " + path + " is a " + sourceConfig.model() + " run; this "
                    + "run trains " + config.model());
        }
        RunAssembly.Prepared p;
        try {
            p = RunAssembly.prepare(
                    structureOnly(sourceConfig),
                    RunAssembly.Options.standalone().withoutStartingClassifier());
        } catch (DatasetException | IOException e) {
            throw new IllegalArgumentException(
                    "--init-from " + path + ": the data set it was trained on cannot be "
                            + "read to rebuild its classifier (" + e.getMessage() + ")",
                    e);
        }
        LabelledImages sourceTrain = p.data().train();
        if (sourceTrain.numClasses() != trainSet.numClasses()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "--init-from %s classifies %d classes " + "(%s); this run's data has %d (%s)",
                    path,
                    sourceTrain.numClasses(),
                    sourceConfig.dataset(),
                    trainSet.numClasses(),
                    config.dataset()));
        }
        if (sourceTrain.channels() != trainSet.channels()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "--init-from %s was trained on %d-channel " + "images (%s); this run's have %d channel(s) (%s)",
                    path,
                    sourceTrain.channels(),
                    sourceConfig.dataset(),
                    trainSet.channels(),
                    config.dataset()));
        }
        return new StartingClassifier(source, epoch.get(), p.network(), Sensitivity.imageShape(p.train()));
    }

    /**
     * The source's config as far as the shape of its network goes: a JPEG layer's starting tables are overwritten by
     * the checkpoint, so they are constant rather than recomputed (a sensitivity map, mean magnitudes).
     */
    private static RunConfig structureOnly(RunConfig config) {
        if (!config.jpeg() || config.recipe().zeroDc()) {
            return config;
        }
        return config.withRecipe(config.recipe().withTableInit(TableInitialization.constant(1)));
    }

    /** The run the classifier comes from. */
    public RunDirectory source() {
        return source;
    }

    /** The epoch of the source's checkpoint it is copied from. */
    public int epoch() {
        return epoch;
    }

    /**
     * Copies the source's classifier parameters (batch-norm running statistics included), bit for bit, into
     * {@code classifier}, which must be initialised, its new arrays under {@code manager}; the arrays they replace
     * are closed. A parameter of another shape (another input size, say) is one clear line.
     */
    public void copyInto(Block classifier, NDManager manager) throws IOException {
        byte[] saved;
        try (NDManager scratch = manager.newSubManager()) {
            Block block = sourceNetwork.block();
            block.initialize(scratch, DataType.FLOAT32, inputShape);
            source.checkpointStore().load(epoch, block, Map.of(), scratch);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                sourceNetwork.classifier().saveParameters(out);
            }
            saved = bytes.toByteArray();
            block.clear();
        }
        Map<String, Shape> before = new LinkedHashMap<>();
        List<NDArray> replaced = new ArrayList<>();
        for (Pair<String, Parameter> p : classifier.getParameters()) {
            before.put(p.getKey(), p.getValue().getShape());
            replaced.add(p.getValue().getArray());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
            classifier.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException(
                    "--init-from " + source.root() + ": its classifier's parameters do not " + "read as this run's ("
                            + e.getMessage() + ")",
                    e);
        }
        for (Pair<String, Parameter> p : classifier.getParameters()) {
            Shape shape = p.getValue().getArray().getShape();
            if (!shape.equals(before.get(p.getKey()))) {
                throw new IllegalArgumentException("--init-from " + source.root() + ": its parameter " + p.getKey()
                        + " has shape " + shape + ", this run's " + before.get(p.getKey()) + " (another input size?)");
            }
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        replaced.forEach(NDArray::close);
    }

    /** "RUN (epoch N)". */
    @Override
    public String toString() {
        return source.root() + " (epoch " + epoch + ")";
    }
}
