package org.jpegdl.djl;

import ai.djl.Application;
import ai.djl.MalformedModelException;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.Progress;
import java.io.IOException;
import java.nio.file.Path;
import org.jpegdl.run.RunDirectory;

/**
 * The model loader of {@link JpegdlModelZoo}: loads the run directory that the criteria's argument {@value #RUN}
 * names, through {@link RunModels#criteria} (DJL's own model loader with jpegdl's block and translator factories).
 * Criteria without that argument are not for it: it answers {@link ModelNotFoundException}, so DJL tries the next
 * zoo.
 */
public final class RunModelLoader implements ModelLoader {

    /** The criteria argument naming the run directory. */
    public static final String RUN = "run";
    /** The loader's artifact id. */
    public static final String ARTIFACT_ID = "run";

    private volatile MRL mrl;

    /** {@inheritDoc} */
    @Override
    public String getGroupId() {
        return JpegdlModelZoo.GROUP_ID;
    }

    /** {@inheritDoc} */
    @Override
    public String getArtifactId() {
        return ARTIFACT_ID;
    }

    /** {@inheritDoc} */
    @Override
    public Application getApplication() {
        return Application.CV.IMAGE_CLASSIFICATION;
    }

    /** A resource name for DJL's listings; the runs themselves are named by the {@value #RUN} argument. */
    @Override
    public MRL getMrl() {
        MRL m = mrl;
        if (m == null) {
            // a repository over a path that does not exist: DJL's listing needs one, nothing is read from it
            Repository repository = Repository.newInstance(
                    JpegdlModelZoo.GROUP_ID, Path.of("jpegdl-runs-are-named-by-the-run-argument"));
            m = MRL.model(
                    repository,
                    Application.CV.IMAGE_CLASSIFICATION,
                    JpegdlModelZoo.GROUP_ID,
                    ARTIFACT_ID,
                    "0.1",
                    ARTIFACT_ID);
            mrl = m;
        }
        return m;
    }

    /** {@inheritDoc} */
    @Override
    public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
            throws IOException, ModelNotFoundException, MalformedModelException {
        Object run =
                criteria.getArguments() == null ? null : criteria.getArguments().get(RUN);
        if (run == null) {
            throw new ModelNotFoundException(
                    "the jpegdl model zoo loads the run directory named by the criteria " + "argument '" + RUN + "'");
        }
        Path dir = Path.of(run.toString());
        new RunDirectory(dir).lastCheckpointEpoch();
        return RunModels.criteria(dir, criteria.getDevice(), criteria.getInputClass(), criteria.getOutputClass())
                .loadModel();
    }

    /** {@inheritDoc} */
    @Override
    public <I, O> boolean isDownloaded(Criteria<I, O> criteria) {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public <I, O> void downloadModel(Criteria<I, O> criteria, Progress progress) {
        // runs are local directories: nothing to download
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return getGroupId() + ":" + getArtifactId();
    }
}
