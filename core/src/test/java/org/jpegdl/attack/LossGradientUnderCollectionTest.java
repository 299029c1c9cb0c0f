package org.jpegdl.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.List;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.model.ModelZoo;
import org.jpegdl.model.PixelNormalization;
import org.jpegdl.nd.FreedBuffers;
import org.junit.jupiter.api.Test;

/**
 * The attacks' pixel gradient does not change while garbage collections run beside it: every scalar the backward pass
 * needs (the normalisation's 1/255, the grayscale layer's output scale, the loss's 0·Σx path) outlives the forward pass.
 */
class LossGradientUnderCollectionTest {

    @Test
    void baselineAndJpegDlGradientsAreUnchangedByCollections() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(32, 1, 32, 32);
            Block baseline = new SequentialBlock()
                    .add(new PixelNormalization(new float[] {0.3f}, new float[] {0.3f}))
                    .add(ModelZoo.build("resnet8", 10, 1));
            baseline.initialize(m, DataType.FLOAT32, shape);
            Block jpegDl = JpegDlModel.of(
                    JpegLayer.builder()
                            .optChannels(1)
                            .optTableInit(TableInit.quality(60))
                            .build(),
                    ModelZoo.build("resnet8", 10, 1));
            jpegDl.initialize(m, DataType.FLOAT32, shape);
            float[] px = Fixtures.randomPixels((int) shape.size(), 4);
            NDArray pixels = m.create(px, shape);
            float[] classes = new float[32];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = i % 10;
            }
            NDArray labels = m.create(classes);
            for (Block network : new Block[] {baseline, jpegDl}) {
                try (AttackTarget target = AttackTarget.plain(network)) {
                    float[] quiet = target.lossGradient(pixels, labels).toFloatArray();
                    List<float[]> busy = FreedBuffers.whileCollecting(
                            8, () -> target.lossGradient(pixels, labels).toFloatArray());
                    for (int i = 0; i < busy.size(); i++) {
                        assertArrayEquals(quiet, busy.get(i), network.getClass().getSimpleName() + ", pass " + i);
                    }
                }
            }
        }
    }
}
