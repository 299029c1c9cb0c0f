package org.jpegdl.djl;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/** Registers {@link JpegdlModelZoo} with DJL (META-INF/services/ai.djl.repository.zoo.ZooProvider). */
public final class JpegdlZooProvider implements ZooProvider {

    /** {@inheritDoc} */
    @Override
    public ModelZoo getModelZoo() {
        return new JpegdlModelZoo();
    }
}
