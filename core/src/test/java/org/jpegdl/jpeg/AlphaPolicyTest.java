package org.jpegdl.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each alpha policy against its formula, computed here by hand: the values written to files and reports (now and at
 * the start), and the array the quantiser takes in a pass, which must hold the same values.
 */
class AlphaPolicyTest {

    private static final float[] Q50_LUMA = QuantTables.toFloat(QuantTables.luma(50));
    private static final float[] Q50_CHROMA = QuantTables.toFloat(QuantTables.chroma(50));

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private JpegLayer initialised(JpegLayerBuilder builder) {
        JpegLayer layer = builder.build();
        layer.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8));
        return layer;
    }

    /** The policy's array for round 0 on one block of a colour layer's steps: [channel][64]. */
    private float[][] passValues(JpegLayer layer) {
        NDArray x = manager.zeros(new Shape(1, 3, 1, 64));
        TableLayout layout = new TableLayout(3);
        NDArray steps = layout.perChannel(
                layer.lumaTable(0).getArray(), layer.chromaTable(0).getArray(), x);
        float[] all = layer.alphaPolicy()
                .alpha(0, steps, new ParameterStore(manager, false), x, false, layout)
                .toFloatArray();
        return new float[][] {
            Arrays.copyOfRange(all, 0, 64), Arrays.copyOfRange(all, 64, 128), Arrays.copyOfRange(all, 128, 192)
        };
    }

    @Test
    void fixedAlphaScaledByTheInitialSteps() {
        JpegLayer layer = initialised(JpegLayer.builder().optAlpha(5).optAlphaScaling(true));
        FixedAlpha fixed = assertInstanceOf(FixedAlpha.class, layer.alphaPolicy());
        float[] luma = new float[64];
        float[] chroma = new float[64];
        for (int i = 0; i < 64; i++) {
            luma[i] = (float) (5 / (double) Q50_LUMA[i]);
            chroma[i] = (float) (5 / (double) Q50_CHROMA[i]);
        }
        TableSnapshot tables = layer.tables();
        assertArrayEquals(luma, tables.alphaPerRegion(0, true)[0]);
        assertArrayEquals(chroma, tables.alphaPerRegion(0, false)[0]);
        assertArrayEquals(luma, tables.initialAlphaPerRegion(0, true)[0], "fixed: the start is the value");
        float[][] pass = passValues(layer);
        assertArrayEquals(luma, pass[0]);
        assertArrayEquals(chroma, pass[1]);
        assertArrayEquals(chroma, pass[2], "Cr shares the chroma alpha");
        assertTrue(fixed.start().scaledByInitialSteps());
    }

    @Test
    void fixedAlphaPerFrequency() {
        float[][] luma = {new float[64]};
        float[][] chroma = {new float[64]};
        for (int i = 0; i < 64; i++) {
            luma[0][i] = 0.01f * (i + 1);
            chroma[0][i] = 2 + i;
        }
        JpegLayer layer = initialised(JpegLayer.builder().optAlphaTables(luma, chroma));
        assertArrayEquals(luma[0], layer.tables().alphaPerRegion(0, true)[0]);
        assertArrayEquals(chroma[0], layer.tables().alphaPerRegion(0, false)[0]);
        float[][] pass = passValues(layer);
        assertArrayEquals(luma[0], pass[0]);
        assertArrayEquals(chroma[0], pass[2]);
    }

    @Test
    void trainableAlphaStartsClampedAndReportsItsParameters() {
        float[][] luma = {new float[64]};
        Arrays.fill(luma[0], 3);
        luma[0][5] = 1e-9f; // below the smallest alpha: the parameter starts at MIN_ALPHA
        JpegLayer layer =
                initialised(JpegLayer.builder().optAlphaTables(luma, luma).optTrainableAlpha(true));
        TrainableAlpha trainable = assertInstanceOf(TrainableAlpha.class, layer.alphaPolicy());
        float[] start = layer.tables().initialAlphaPerRegion(0, true)[0];
        assertEquals(JpegLayer.MIN_ALPHA, start[5]);
        assertEquals(3f, start[0]);
        assertArrayEquals(start, layer.tables().alphaPerRegion(0, true)[0], "untrained: now = start");
        trainable.luma(0).getArray().muli(2);
        float[] now = layer.tables().alphaPerRegion(0, true)[0];
        assertEquals(6f, now[0]);
        assertArrayEquals(now, passValues(layer)[0], "the pass takes the parameter itself");
        assertEquals(2, layer.alphaParameters().size());
    }

    @Test
    void matchedAlphaFollowsTheSteps() {
        double hardness = 0.7;
        JpegLayer layer = initialised(JpegLayer.builder().optHardness(hardness));
        layer.lumaTable(0).getArray().muli(2);
        TableSnapshot tables = layer.tables();
        float[] now = tables.alphaPerRegion(0, true)[0];
        float[] start = tables.initialAlphaPerRegion(0, true)[0];
        float[][] pass = passValues(layer);
        for (int i = 0; i < 64; i++) {
            double q = 2.0 * Q50_LUMA[i];
            assertEquals((float) (hardness / (q * q)), now[i], "now, frequency " + i);
            assertEquals((float) (hardness / ((double) Q50_LUMA[i] * Q50_LUMA[i])), start[i], "start, frequency " + i);
            // the pass divides in float32: the same value to float32 rounding
            assertEquals(now[i], pass[0][i], 1e-6 * now[i], "pass, frequency " + i);
        }
        assertEquals(hardness, layer.alphaPolicy().hardness());
        assertTrue(layer.alphaParameters().isEmpty());
    }
}
