package org.jpegdl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** PreAct-ResNet-18 (CS-KD / JPEG-DL stem, kuangliu blocks): parameter counts, output shapes, training steps. */
class PreActResNetTest {

    @Test
    void imageNetStemFineGrainedHeadParameterCount() {
        // stem conv 7·7·3·64 + stem BN 128 + blocks 11,164,288 + fc 512·200+200
        assertEquals(11_276_424L,
                ModelChecks.trainableParameters(PreActResNet.preactResnet18(200, 3), new Shape(1, 3, 224, 224)));
    }

    @Test
    void cifarStemMatchesCsKdCifarResNet18() {
        // CS-KD CIFAR_ResNet18(num_classes=100): conv3x3 1,728 + BN 128 + blocks 11,164,288 + fc 51,300
        assertEquals(11_217_444L,
                ModelChecks.trainableParameters(PreActResNet.preactResnet18Cifar(100, 3), new Shape(1, 3, 32, 32)));
    }

    @Test
    void cifarStemWithoutBatchNormMatchesKuangliuPreActResNet18() {
        // kuangliu PreActResNet18() (10 classes): 11,171,146
        assertEquals(11_171_146L, ModelChecks.trainableParameters(
                PreActResNet.builder().setNumClasses(10).optStem(PreActResNet.Stem.CIFAR).optStemBatchNorm(false)
                        .build(), new Shape(1, 3, 32, 32)));
    }

    @Test
    void outputShapes() {
        assertEquals(new Shape(1, 200),
                ModelChecks.inferenceOutputShape(PreActResNet.preactResnet18(200, 3), new Shape(1, 3, 224, 224)));
        assertEquals(new Shape(1, 200),
                ModelChecks.inferenceOutputShape(PreActResNet.preactResnet18(200, 3), new Shape(1, 3, 64, 64)));
        assertEquals(new Shape(1, 100),
                ModelChecks.inferenceOutputShape(PreActResNet.preactResnet18Cifar(100, 1), new Shape(1, 1, 32, 32)));
        assertEquals(new Shape(1, 100),
                ModelChecks.inferenceOutputShape(PreActResNet.preactResnet18Cifar(100, 3), new Shape(1, 3, 64, 64)));
    }

    @Test
    void trainingReducesLossOnAFixedBatch() {
        ModelChecks.assertLossDecreases(ModelChecks.trainOnFixedBatch(
                PreActResNet.preactResnet18(10, 3), new Shape(4, 3, 64, 64), 10, 3, 0.05f));
    }
}
