package org.jpegdl.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.QuantTables;
import org.jpegdl.jpeg.TableInit;
import org.junit.jupiter.api.Test;

/**
 * The JPEG layer in hard mode is the real codec, up to the codec's integer arithmetic and clamping. What remains in
 * colour (1–2 gray levels where gray images agree to a few hundredths) is the codec's 8-bit YCbCr rounding and the
 * reference layer's chroma offset: it centres Cb and Cr at +0.5 rather than 0 after the −128 shift, which moves every
 * chroma DC coefficient by 4 and so flips the odd DC decision.
 *
 * <p>Tables here keep every step large enough for the layer's 8-bit index clamp (|round(x/q)| ≤ 127) not to bite: a
 * DC coefficient reaches ±1024, so a DC step below 9 is clamped by the layer but not by the codec, whose DC
 * differences are 11-bit.
 */
class LayerAgreementTest {

    private static final int H = 32;
    private static final int W = 40;

    /** The hard-mode layer's output for one image, back in [0,255] as uint8 C×H×W (rounded and clamped). */
    private static byte[] layerOutput(byte[] pixels, int channels, CodecTables tables, float[] mean, float[] std) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] luma = QuantTables.toFloat(tables.luma());
            float[] chroma = tables.color() ? QuantTables.toFloat(tables.chroma()) : luma;
            JpegLayer layer = JpegLayer.builder()
                    .optChannels(channels)
                    .optNormalization(mean, std)
                    .optTableInit(TableInit.explicit(new float[][] {luma}, new float[][] {chroma}))
                    .build();
            layer.setQuantization(JpegLayer.Quantization.HARD);
            layer.initialize(m, DataType.FLOAT32, new Shape(1, channels, H, W));
            float[] x = new float[pixels.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = pixels[i] & 0xFF;
            }
            NDArray in = m.create(x, new Shape(1, channels, H, W));
            NDArray out = layer.forward(new ParameterStore(m, false), new NDList(in), false)
                    .singletonOrThrow();
            // undo the layer's normalisation: ((y·std) + mean)·255
            NDArray s = m.create(std, new Shape(1, channels, 1, 1));
            NDArray mu = m.create(mean, new Shape(1, channels, 1, 1));
            float[] y = out.mul(s).add(mu).mul(255).toFloatArray();
            byte[] result = new byte[y.length];
            for (int i = 0; i < y.length; i++) {
                result[i] = (byte) Math.max(0, Math.min(255, Math.round(y[i])));
            }
            return result;
        }
    }

    private static void check(int channels, CodecTables tables, long seed) {
        byte[] pixels = CodecTools.image(channels, H, W, seed);
        float[] mean = channels == 3 ? new float[] {0.49f, 0.48f, 0.45f} : new float[] {0.29f};
        float[] std = channels == 3 ? new float[] {0.25f, 0.24f, 0.26f} : new float[] {0.35f};
        byte[] layer = layerOutput(pixels, channels, tables, mean, std);
        byte[] codec = JpegFiles.decode(JpegFiles.encode(pixels, channels, H, W, tables))
                .pixels();
        double agreement = CodecTools.meanAbsoluteDifference(layer, codec);
        double distortion = CodecTools.meanAbsoluteDifference(pixels, codec);
        String what = channels + " channel(s), seed " + seed + ": layer vs codec " + agreement
                + " gray levels on average, codec vs original " + distortion;
        assertTrue(agreement <= 2.0, what);
        assertTrue(distortion > 2 * agreement, "the tables must really quantise for this to mean anything: " + what);
    }

    @Test
    void hardLayerMatchesTheCodecWithTheSameTablesInColour() {
        check(3, CodecTables.standard(50, true), 21);
        check(
                3,
                CodecTables.rounded(
                        withDc(CodecTools.randomTable(22, 2f, 60f)), withDc(CodecTools.randomTable(23, 4f, 90f))),
                24);
    }

    @Test
    void hardLayerMatchesTheCodecWithTheSameTablesInGray() {
        check(1, CodecTables.standard(30, false), 25);
        check(1, CodecTables.rounded(withDc(CodecTools.randomTable(26, 2f, 60f)), null), 27);
    }

    /** A table whose DC step is at least 9, inside the layer's index range for any 8-bit block. */
    private static float[] withDc(float[] table) {
        table[0] = Math.max(table[0], 9f);
        return table;
    }
}
