package org.jpegdl.djl;

import ai.djl.repository.zoo.ModelZoo;
import java.util.Set;

/**
 * jpegdl's DJL model zoo (group id {@value #GROUP_ID}), registered with DJL's service loader by
 * {@link JpegdlZooProvider}: its one loader, {@link RunModelLoader}, loads a trained run directory named by the
 * criteria argument {@code run}:
 * {@code Criteria.builder().setTypes(Image.class, Classifications.class).optGroupId("org.jpegdl")
 * .optArgument("run", "runs/r").build().loadModel()}.
 */
public final class JpegdlModelZoo extends ModelZoo {

    /** The zoo's group id. */
    public static final String GROUP_ID = "org.jpegdl";

    /** The zoo with its run loader. */
    @SuppressWarnings("this-escape")
    public JpegdlModelZoo() {
        addModel(new RunModelLoader());
    }

    /** {@inheritDoc} */
    @Override
    public String getGroupId() {
        return GROUP_ID;
    }

    /** {@inheritDoc} */
    @Override
    public Set<String> getSupportedEngines() {
        return Set.of(RunModels.ENGINE);
    }
}
