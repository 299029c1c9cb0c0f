package org.jpegdl.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spatial tables (one table pair per region of S×S pixels) against the plain layer: the quantiser works per block,
 * so a region's pixels are those of a plain layer with that region's tables. Images of 30×22 pixels (padded to
 * 32×24) with regions of 16: two rows of two regions, numbered row by row, the right ones 8 pixels wide.
 */
class SpatialTablesTest {

    private static final int H = 30;
    private static final int W = 22;
    private static final int S = 16;
    private static final int REGIONS = 4;
    private static final Shape SHAPE = new Shape(2, 3, H, W);

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static float[] table(Random r, float lo, float hi) {
        float[] t = new float[64];
        for (int i = 0; i < 64; i++) {
            t[i] = lo + r.nextFloat() * (hi - lo);
        }
        return t;
    }

    /** The region of a pixel, by hand: two columns of regions (0–15, 16–23 padded) and two rows. */
    private static int regionOf(int y, int x) {
        return (y / S) * 2 + x / S;
    }

    private static JpegLayerBuilder layer(int rounds) {
        return JpegLayer.builder()
                .optRounds(rounds)
                .optAlpha(0.8)
                .optNormalization(new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.25f, 0.2f, 0.3f});
    }

    /** Fixed alpha, and trainable alpha per frequency (the expanded quantiser; its gradients are summed too). */
    @ParameterizedTest(name = "trainable alpha: {0}")
    @ValueSource(booleans = {false, true})
    void identicalTablesInEveryRegionGiveThePlainLayerAndItsGradientSummedOverRegions(boolean trainableAlpha) {
        Random r = new Random(1);
        float[][] lum = {table(r, 2, 20), table(r, 3, 9)};
        float[][] chrom = {table(r, 3, 30), table(r, 2, 12)};
        float[][] alphas = {table(r, 0.001f, 0.2f), table(r, 0.002f, 0.1f)};
        JpegLayer plain = layer(2).optTableInit(TableInit.explicit(lum, chrom))
                .optAlphaTables(alphas, alphas)
                .optTrainableAlpha(trainableAlpha)
                .build();
        JpegLayer spatial = layer(2).optRegionSize(S)
                .optTableInit(TableInit.explicit(lum, chrom))
                .optAlphaTables(alphas, alphas)
                .optTrainableAlpha(trainableAlpha)
                .build();
        LayerPasses plainPasses = new LayerPasses(plain, manager, SHAPE, DataType.FLOAT64, 2);
        LayerPasses spatialPasses = new LayerPasses(spatial, manager, SHAPE, DataType.FLOAT64, 2);
        assertEquals(REGIONS, spatial.regions().count());
        double[] plainOut = plainPasses.backward();
        double[] spatialOut = spatialPasses.backward();
        assertArrayEquals(plainOut, spatialOut, 1e-12);
        assertEquals(trainableAlpha ? 8 : 4, spatial.trainableParameters().size());
        for (int p = 0; p < spatial.trainableParameters().size(); p++) {
            Parameter table = spatial.trainableParameters().get(p);
            assertEquals(new Shape(REGIONS, 8, 8), table.getArray().getShape());
            double[] perRegion = LayerPasses.gradient(table);
            double[] expected = LayerPasses.gradient(plain.trainableParameters().get(p));
            double[] summed = new double[64];
            for (int g = 0; g < REGIONS; g++) {
                for (int i = 0; i < 64; i++) {
                    summed[i] += perRegion[g * 64 + i];
                }
            }
            for (int i = 0; i < 64; i++) {
                assertEquals(
                        expected[i],
                        summed[i],
                        1e-9 * Math.max(1, Math.abs(expected[i])),
                        table.getName() + "[" + i + "]");
            }
            int differing = 0;
            for (int i = 0; i < 64; i++) {
                differing += Math.abs(perRegion[i] - summed[i]) > 1e-6 * Math.max(1, Math.abs(summed[i])) ? 1 : 0;
            }
            assertTrue(differing > 32, "region 0 holds its own share of the gradient, not the whole");
        }
    }

    @Test
    void eachRegionsPixelsAreThoseOfThePlainLayerWithThatRegionsTables() {
        Random r = new Random(2);
        float[][][] lum = new float[1][REGIONS][];
        float[][][] chrom = new float[1][REGIONS][];
        for (int g = 0; g < REGIONS; g++) {
            lum[0][g] = table(r, 1 + 6 * g, 8 + 6 * g);
            chrom[0][g] = table(r, 2 + 8 * g, 10 + 8 * g);
        }
        JpegLayer spatial = layer(1).optRegionSize(S)
                .optTableInit(TableInit.explicitRegions("per region", lum, chrom))
                .build();
        double[] spatialOut = new LayerPasses(spatial, manager, SHAPE, DataType.FLOAT32, 3).output();
        for (int g = 0; g < REGIONS; g++) {
            assertArrayEquals(lum[0][g], spatial.tables().lumaStepsPerRegion(0)[g]);
            JpegLayer plain = layer(1).optTableInit(
                            TableInit.explicit(new float[][] {lum[0][g]}, new float[][] {chrom[0][g]}))
                    .build();
            double[] plainOut = new LayerPasses(plain, manager, SHAPE, DataType.FLOAT32, 3).output();
            int inRegion = 0;
            int differentElsewhere = 0;
            for (int i = 0; i < plainOut.length; i++) {
                int y = i / W % H;
                int x = i % W;
                if (regionOf(y, x) == g) {
                    assertEquals(plainOut[i], spatialOut[i], 0, "region " + g + ", pixel " + y + "," + x);
                    inRegion++;
                } else if (plainOut[i] != spatialOut[i]) {
                    differentElsewhere++;
                }
            }
            int rows = Math.min(H, (g / 2 + 1) * S) - g / 2 * S;
            int columns = Math.min(W, (g % 2 + 1) * S) - g % 2 * S;
            assertEquals(2 * 3 * rows * columns, inRegion);
            assertTrue(differentElsewhere > (plainOut.length - inRegion) / 2, "the other regions use other tables");
        }
    }

    @Test
    void oneRegionsTableGradientMatchesFiniteDifferencesInFloat64() {
        Random r = new Random(4);
        float[][][] lum = new float[1][REGIONS][];
        float[][][] chrom = new float[1][REGIONS][];
        for (int g = 0; g < REGIONS; g++) {
            lum[0][g] = table(r, 3, 12);
            chrom[0][g] = table(r, 4, 15);
        }
        JpegLayer spatial = JpegLayer.builder()
                .optAlpha(0.3)
                .optRegionSize(S)
                .optTableInit(TableInit.explicitRegions("per region", lum, chrom))
                .build();
        LayerPasses passes = new LayerPasses(spatial, manager, SHAPE, DataType.FLOAT64, 5);
        passes.backward();
        int checked = 0;
        for (Parameter p : spatial.tableParameters()) {
            double[] analytic = LayerPasses.gradient(p);
            int region = p == spatial.lumaTable(0) ? 3 : 1; // a cut-short region and a full one
            for (int i : new int[] {0, 1, 8, 9, 27, 63}) {
                int index = region * 64 + i;
                double numeric = passes.finiteDifference(p, index, 1e-5);
                assertEquals(
                        numeric,
                        analytic[index],
                        1e-6 * Math.max(1, Math.abs(numeric)),
                        p.getName() + " region " + region + "[" + i + "]");
                checked++;
            }
            assertTrue(
                    Arrays.stream(analytic, region * 64, region * 64 + 64).anyMatch(v -> Math.abs(v) > 1e-3),
                    "gradient not trivially zero");
        }
        assertEquals(12, checked);
    }
}
