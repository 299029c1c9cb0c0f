package org.jpegdl.djl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.jpegdl.data.InputTransform;
import org.jpegdl.experiment.LoadedNetwork;
import org.jpegdl.experiment.RunAssembly;

/**
 * What a run's network takes and gives, for its translator: how an image becomes its input and the names of the
 * classes its logits score. {@link RunBlockFactory} records it on the DJL model it loads (model property
 * {@link #PROPERTY}, as JSON), where {@link RunTranslatorFactory} reads it back.
 *
 * @param run the run's name
 * @param jpegDl whether a JPEG layer sits in front of the classifier
 * @param transform how an image becomes what the run's evaluation batches hold
 * @param classNames one name per class, index = label, from the data set
 */
public record RunSignature(String run, boolean jpegDl, InputTransform transform, List<String> classNames) {

    /** The model property that holds the signature as JSON. */
    public static final String PROPERTY = "jpegdl.signature";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The signature of an assembled run. */
    public static RunSignature of(RunAssembly.Prepared p) {
        return new RunSignature(
                p.config().name(),
                p.network().isJpegDl(),
                p.inputTransform(),
                List.copyOf(p.data().train().classNames()));
    }

    /** The signature of a run loaded from its folder. */
    public static RunSignature of(LoadedNetwork loaded) {
        return new RunSignature(
                loaded.config().name(),
                loaded.network().isJpegDl(),
                loaded.file().input(),
                loaded.file().classNames());
    }

    /** As JSON, for a model property. */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run signature always writes as JSON", e);
        }
    }

    /** Reads {@link #toJson()}'s text. */
    public static RunSignature fromJson(String json) {
        try {
            return MAPPER.readValue(json, RunSignature.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a jpegdl run signature: " + e.getOriginalMessage(), e);
        }
    }
}
