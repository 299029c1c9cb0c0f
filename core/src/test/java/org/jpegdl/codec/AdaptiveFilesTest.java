package org.jpegdl.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.experiment.ImageMultipliers;
import org.jpegdl.jpeg.Adaptation;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.recipe.Recipe;
import org.junit.jupiter.api.Test;

/** Every image of an adaptive layer is written with its own tables: the predicted steps, rounded, in its DQT. */
class AdaptiveFilesTest {

    @Test
    void eachFileHoldsItsImagesPredictedTablesRounded() throws Exception {
        for (int channels : new int[] {1, 3}) {
            try (NDManager manager = NDManager.newBaseManager()) {
                int n = 6;
                int size = 16;
                Random r = new Random(channels);
                byte[] pixels = new byte[n * channels * size * size];
                int plane = channels * size * size;
                for (int i = 0; i < n; i++) {
                    // images of growing contrast: different DCT statistics, different tables
                    for (int k = 0; k < plane; k++) {
                        pixels[i * plane + k] =
                                (byte) Math.max(0, Math.min(255, 128 + (int) (r.nextGaussian() * 12 * (i + 1))));
                    }
                }
                ImageDataset images = new ImageDataset(
                        "test", "generated", pixels, new int[n], 1, channels, size, size, List.of("one"));
                JpegLayer layer = JpegLayer.builder()
                        .optChannels(channels)
                        .optTableInit(TableInit.quality(50))
                        .optAdaptation(Adaptation.PER_FREQUENCY)
                        .build();
                layer.initialize(manager, DataType.FLOAT32, new Shape(n, channels, size, size));
                for (Parameter p : layer.predictorParameters()) {
                    float[] v = new float[(int) p.getArray().getShape().size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (r.nextGaussian() * 0.3);
                    }
                    p.getArray().set(v);
                }
                Recipe recipe = Recipe.cifar().withPadTo(0);
                ImageMultipliers multipliers = ImageMultipliers.of(layer, images, recipe, manager);
                List<CodecTables> own = CodecTables.forImages(layer, multipliers);
                List<byte[]> files = new ArrayList<>();
                RateAccuracy.encode(images, own::get, FileFormat.STANDARD, (index, jpeg) -> files.add(jpeg));
                assertEquals(n, files.size());

                // the expected tables, from the layer's multipliers of the whole batch at once
                byte[] all = images.pixels();
                float[] chw = new float[all.length];
                for (int i = 0; i < all.length; i++) {
                    chw[i] = all[i] & 0xFF;
                }
                NDArray m = layer.multipliers(
                        new ParameterStore(manager, false), manager.create(chw, new Shape(n, channels, size, size)));
                float[] values = m.toFloatArray();
                Set<String> distinct = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    CodecTables read = JpegFiles.readCodecTables(files.get(i));
                    int[] luma = expected(layer.tables().lumaSteps(0), values, i * channels * 64);
                    assertArrayEquals(luma, read.luma(), channels + " channels, image " + i + " luma");
                    if (channels == 3) {
                        assertArrayEquals(
                                expected(layer.tables().chromaSteps(0), values, i * channels * 64 + 64),
                                read.chroma(),
                                "image " + i + " chroma");
                    }
                    distinct.add(Arrays.toString(read.luma()));
                }
                assertTrue(distinct.size() > 1, "images get different tables");
            }
        }
    }

    /** round(clamp(steps × multipliers)) in the layer's float32 arithmetic. */
    private static int[] expected(float[] steps, float[] multipliers, int offset) {
        int[] out = new int[64];
        for (int i = 0; i < 64; i++) {
            float q = Math.max(JpegLayer.MIN_STEP, Math.min(JpegLayer.MAX_STEP, steps[i] * multipliers[offset + i]));
            out[i] = (int) Math.max(1, Math.min(255, Math.round((double) q)));
        }
        return out;
    }
}
