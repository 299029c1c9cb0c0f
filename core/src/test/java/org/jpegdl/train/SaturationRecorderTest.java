package org.jpegdl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.experiment.RunTraining;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.TableInit;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.TablesFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index clamp's saturation per epoch in metrics.jsonl, checked against a count made here from the training
 * images' DCT coefficients and the tables; baselines and older files have none.
 */
class SaturationRecorderTest {

    /** How far (in coefficient units) the layer's float32 transform may put a coefficient from the float64 one. */
    private static final double FLOAT_SLACK = 0.05;

    @TempDir
    Path dir;

    @Test
    void metricsHoldTheFractionsOfCoefficientsBeyondTheIndexRange() throws IOException {
        // steps of 1 held still (table learning rate 0), no augmentation: every epoch quantises the same
        // coefficients with the same steps, and with 8 bits and 5 candidates the window's centre is clamped to
        // [−125, 125], so every coefficient with |x| > 125.5 saturates: the DC of nearly every block (its mean is far
        // from grey), and the AC coefficients at the bright square's edges
        RunConfig config = TrainingLoopTest.config(
                "sat",
                true,
                2,
                r -> r.withTableInit(TableInitialization.constant(1))
                        .withTableLr(0)
                        .withAugment(false));
        RunDirectory run = new RunDirectory(dir.resolve("sat"));
        RunTraining.train(config, run, false, null, false);

        Recipe recipe = config.recipe();
        ImageDataset images = (ImageDataset) RunAssembly.data(config).train();
        Count count = Count.of(images, 1.0, recipe.bits(), recipe.candidates());
        assertTrue(
                count.ambiguous() < 1e-3 * count.coefficients(),
                "the count leaves few coefficients undecided: " + count.ambiguous());

        List<EpochMetrics> epochs = run.readMetrics();
        assertEquals(2, epochs.size());
        for (EpochMetrics epoch : epochs) {
            assertNotNull(epoch.saturation(), "epoch " + epoch.epoch() + " has saturation");
            assertEquals(1, epoch.saturation().size(), "one round");
            EpochMetrics.Saturation s = epoch.saturation().get(0);
            assertEquals(0, s.round());
            for (int i = 0; i < 64; i++) {
                assertWithin(
                        count.lumaSure[i],
                        count.lumaPossible[i],
                        count.lumaSamples,
                        s.luma()[i],
                        "epoch " + epoch.epoch() + " luma " + i);
                assertWithin(
                        count.chromaSure[i],
                        count.chromaPossible[i],
                        count.chromaSamples,
                        s.chroma()[i],
                        "epoch " + epoch.epoch() + " chroma " + i);
            }
            assertEquals(count.lumaSure[0], count.lumaPossible[0], "every DC is clearly inside or outside the range");
            assertTrue(s.luma()[0] > 0.9, "nearly every block's mean is far from grey: its DC saturates");
        }
        // the fixture is not degenerate: some frequencies never saturate, some do in part
        double[] luma = epochs.get(1).saturation().get(0).luma();
        assertTrue(Arrays.stream(luma).anyMatch(f -> f == 0), "some luma frequencies never saturate");
        assertTrue(Arrays.stream(luma).anyMatch(f -> f > 0 && f < 1), "some saturate in part");
        double[] chroma = epochs.get(1).saturation().get(0).chroma();
        assertTrue(chroma[0] > 0 && chroma[0] < 1, "chroma DC saturates only in the coloured squares: " + chroma[0]);

        // the raw line names the field; tables.json records the fixed alpha the quantiser used
        String line = Files.readAllLines(run.metrics(), StandardCharsets.UTF_8).get(0);
        assertTrue(line.contains("\"saturation\":[{\"round\":0,\"luma\":["), line);
        TablesFile tables = TablesFile.read(run);
        assertEquals(TablesFile.Alpha.FIXED, tables.alpha().kind());
        TablesFile.Round round = tables.rounds().get(0);
        for (int i = 0; i < 64; i++) {
            assertEquals((float) recipe.alpha(), round.alphaLuma()[i]);
            assertEquals((float) recipe.alpha(), round.initialAlphaChroma()[i]);
            assertEquals(1f, round.luma()[i]);
        }
        assertNull(tables.regionLayout());
        assertNull(round.regions());
    }

    @Test
    void baselinesAndOlderRunsHaveNoSaturation() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("base"));
        RunTraining.train(TrainingLoopTest.config("base", false, 1, r -> r), run, false, null, false);
        String line = Files.readAllLines(run.metrics(), StandardCharsets.UTF_8).get(0);
        assertFalse(line.contains("saturation"), line);
        assertNull(run.readMetrics().get(0).saturation());
        assertFalse(Files.exists(run.tables()));

        RunDirectory kept = new RunDirectory(Path.of("../results/fashion-mnist-resnet20-e2/jpegdl-s0"));
        List<EpochMetrics> old = kept.readMetrics();
        assertEquals(2, old.size());
        assertNull(old.get(1).saturation(), "written before saturation was recorded");
        TablesFile oldTables = TablesFile.read(kept);
        assertNull(oldTables.alpha());
        assertNull(oldTables.rounds().get(0).alphaLuma());
    }

    @Test
    void theRecorderStartsEveryEpochAfreshAndStopsCountingAtTheEnd() {
        JpegLayer layer = JpegLayer.builder()
                .optTableInit(TableInit.constant(1e-3))
                .optBits(4)
                .build();
        try (NDManager m = NDManager.newBaseManager()) {
            layer.initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            TrainingState state = new TrainingState("t", layer, layer, null, m);
            SaturationRecorder recorder = new SaturationRecorder();
            recorder.onTrainingBegin(state);
            NDArray pixels = m.randomUniform(0, 255, new Shape(2, 3, 16, 16));
            layer.forward(new ParameterStore(m, false), new NDList(pixels), true);
            assertEquals(Set.of(0), layer.saturation().rounds(), "counted while tracking");
            recorder.onEpochBegin(state, 1);
            assertTrue(layer.saturation().rounds().isEmpty(), "reset before the epoch");
            layer.forward(new ParameterStore(m, false), new NDList(pixels), true);
            state.beginEpoch(0, 0.1, 0.1);
            recorder.onEpochEnd(state);
            assertEquals(1, state.saturation().size());
            recorder.onTrainingEnd(state);
            recorder.onEpochBegin(state, 1);
            layer.forward(new ParameterStore(m, false), new NDList(pixels), true);
            assertTrue(layer.saturation().rounds().isEmpty(), "no counting after training");
        }
    }

    private static void assertWithin(long sure, long possible, long samples, double fraction, String what) {
        double counted = fraction * samples;
        assertTrue(
                counted >= sure - 1e-6 && counted <= possible + 1e-6,
                what + ": " + counted + " of " + samples + " saturated, the images say " + sure + ".." + possible);
        if (sure == possible) {
            assertEquals((double) sure / samples, fraction, 1e-12, what);
        }
    }

    /**
     * The coefficients of a data set whose soft-quantiser window the clamp must move ({@code sure}) or may move
     * within {@link #FLOAT_SLACK} of the boundary ({@code possible}), per frequency, counted in float64 from the
     * pixels: shift by 128, JFIF YCbCr (chroma offset 0.5, as the layer), textbook 8×8 DCT-II.
     */
    private static final class Count {
        final long[] lumaSure = new long[64];
        final long[] lumaPossible = new long[64];
        final long[] chromaSure = new long[64];
        final long[] chromaPossible = new long[64];
        long lumaSamples;
        long chromaSamples;

        static Count of(ImageDataset images, double step, int bits, int candidates) {
            // the window starts at clamp(k − ⌊c/2⌋, lo, hi − c), lo = −2^(b−1)+1, hi = 2^(b−1): it moves when
            // k = round(x/q) is outside [lo + ⌊c/2⌋, hi − c + ⌊c/2⌋]
            long lo = -(1L << (bits - 1)) + 1 + candidates / 2;
            long hi = (1L << (bits - 1)) - candidates + candidates / 2;
            double boundary = (Math.max(-lo, hi) + 0.5) * step;
            assertEquals(-lo, hi, "a symmetric window range");
            Count c = new Count();
            int h = images.height();
            int w = images.width();
            assertEquals(0, h % 8);
            assertEquals(0, w % 8);
            for (int n = 0; n < images.size(); n++) {
                byte[] image = images.image(n);
                double[][] ycc = ycbcr(image, h * w);
                for (int by = 0; by < h; by += 8) {
                    for (int bx = 0; bx < w; bx += 8) {
                        for (int ch = 0; ch < 3; ch++) {
                            double[] x = dct(ycc[ch], w, by, bx);
                            for (int i = 0; i < 64; i++) {
                                double a = Math.abs(x[i]);
                                boolean sure = a > boundary + FLOAT_SLACK;
                                boolean possible = a > boundary - FLOAT_SLACK;
                                if (ch == 0) {
                                    c.lumaSure[i] += sure ? 1 : 0;
                                    c.lumaPossible[i] += possible ? 1 : 0;
                                } else {
                                    c.chromaSure[i] += sure ? 1 : 0;
                                    c.chromaPossible[i] += possible ? 1 : 0;
                                }
                            }
                        }
                        c.lumaSamples++;
                        c.chromaSamples += 2;
                    }
                }
            }
            return c;
        }

        long coefficients() {
            return (lumaSamples + chromaSamples) * 64;
        }

        long ambiguous() {
            long out = 0;
            for (int i = 0; i < 64; i++) {
                out += lumaPossible[i] - lumaSure[i] + chromaPossible[i] - chromaSure[i];
            }
            return out;
        }

        /** Y, Cb, Cr planes of one image's RGB bytes, shifted by −128 first. */
        private static double[][] ycbcr(byte[] rgb, int plane) {
            double[][] out = new double[3][plane];
            for (int p = 0; p < plane; p++) {
                double r = (rgb[p] & 0xFF) - 128.0;
                double g = (rgb[plane + p] & 0xFF) - 128.0;
                double b = (rgb[2 * plane + p] & 0xFF) - 128.0;
                double y = 0.299 * r + 0.587 * g + 0.114 * b;
                out[0][p] = y;
                out[1][p] = (b - y) / 1.772 + 0.5;
                out[2][p] = (r - y) / 1.402 + 0.5;
            }
            return out;
        }

        /** The orthonormal DCT-II of the block at (by, bx), natural order (row = vertical frequency). */
        private static double[] dct(double[] plane, int width, int by, int bx) {
            double[] out = new double[64];
            for (int u = 0; u < 8; u++) {
                for (int v = 0; v < 8; v++) {
                    double sum = 0;
                    for (int i = 0; i < 8; i++) {
                        for (int j = 0; j < 8; j++) {
                            sum += plane[(by + i) * width + bx + j]
                                    * Math.cos((2 * i + 1) * u * Math.PI / 16)
                                    * Math.cos((2 * j + 1) * v * Math.PI / 16);
                        }
                    }
                    double cu = u == 0 ? Math.sqrt(1 / 8.0) : 0.5;
                    double cv = v == 0 ? Math.sqrt(1 / 8.0) : 0.5;
                    out[u * 8 + v] = cu * cv * sum;
                }
            }
            return out;
        }
    }
}
