package org.jpegdl.djl;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.translator.BaseImageTranslatorFactory;
import ai.djl.translate.Translator;
import java.util.Map;

/**
 * DJL's translator factory for jpegdl runs: a {@link RunTranslator} from the {@link RunSignature} that
 * {@link RunBlockFactory} put on the model, for {@code Image} and, through DJL's own expansions, {@code Path},
 * {@code URL}, {@code InputStream} and {@code String} inputs, and DJL Serving's {@code Input}/{@code Output}. Named by
 * the run's {@code serving.properties} ({@code translatorFactory=}).
 */
public final class RunTranslatorFactory extends BaseImageTranslatorFactory<Classifications> {

    /** {@inheritDoc} */
    @Override
    protected Translator<Image, Classifications> buildBaseTranslator(Model model, Map<String, ?> arguments) {
        String signature = model.getProperty(RunSignature.PROPERTY);
        if (signature == null) {
            throw new IllegalArgumentException("model " + model.getName() + " was not loaded by "
                    + RunBlockFactory.class.getName() + ": no jpegdl run signature to translate with");
        }
        return new RunTranslator(RunSignature.fromJson(signature));
    }

    /** {@inheritDoc} */
    @Override
    public Class<Classifications> getBaseOutputType() {
        return Classifications.class;
    }
}
