package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * PreAct-ResNet-18 without the stem batch norm (kuangliu): its parameter count; the registered variants are in
 * {@link LargeModelsTest}.
 */
class PreActResNetTest {

    @Test
    void cifarStemWithoutBatchNormMatchesKuangliuPreActResNet18() {
        // kuangliu PreActResNet18() (10 classes): 11,171,146
        assertEquals(
                11_171_146L,
                ModelChecks.trainableParameters(
                        PreActResNet.builder()
                                .setNumClasses(10)
                                .optStem(PreActResNet.Stem.CIFAR)
                                .optStemBatchNorm(false)
                                .build(),
                        new Shape(1, 3, 32, 32)));
    }
}
