package org.jpegdl.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.nio.file.Path;
import org.jpegdl.run.RunDirectory;

/**
 * A trained run directory as a DJL {@link ZooModel}, through DJL's own {@link Criteria}: the run's
 * {@code serving.properties} (written with its {@code config.json}) names {@link RunBlockFactory} and
 * {@link RunTranslatorFactory}, so
 * {@code Criteria.builder().setTypes(Image.class, Classifications.class).optModelPath(runDir).build().loadModel()}
 * loads it. {@link #criteria} names both factories itself, so it also loads runs written before that file existed;
 * {@code jpegdl predict} loads through it.
 */
public final class RunModels {

    /** The engine jpegdl runs are trained and loaded on. */
    public static final String ENGINE = "PyTorch";

    private RunModels() {}

    /**
     * The criteria that load {@code runDir} (its last checkpoint) for {@code Image → Classifications} on
     * {@code device} (null: the engine's default device).
     */
    public static Criteria<Image, Classifications> criteria(Path runDir, Device device) {
        return criteria(runDir, device, Image.class, Classifications.class);
    }

    /** The same for other input and output types the translator factory serves (Path, URL, Input/Output, ...). */
    public static <I, O> Criteria<I, O> criteria(Path runDir, Device device, Class<I> input, Class<O> output) {
        return Criteria.builder()
                .setTypes(input, output)
                .optModelPath(runDir)
                .optEngine(ENGINE)
                .optDevice(device)
                .optArgument("blockFactory", new RunBlockFactory())
                .optTranslatorFactory(new RunTranslatorFactory())
                .optOption("hasParameter", "false")
                .build();
    }

    /**
     * Loads {@code runDir} as a DJL model on {@code device}; a directory that is not a run or has no checkpoint is
     * an IOException in one line that names it, before DJL is asked.
     */
    public static ZooModel<Image, Classifications> load(Path runDir, Device device)
            throws IOException, ModelNotFoundException, MalformedModelException {
        new RunDirectory(runDir).lastCheckpointEpoch();
        return criteria(runDir, device).loadModel();
    }
}
