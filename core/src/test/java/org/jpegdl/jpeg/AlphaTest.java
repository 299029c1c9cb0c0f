package org.jpegdl.jpeg;

import static org.jpegdl.jpeg.LayerVerification.maxAbsDiff;
import static org.jpegdl.jpeg.LayerVerification.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The quantiser's alpha per frequency: gradients of trainable alphas, and hardness matching after a table update. */
class AlphaTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static float[][] tables(Random r, int rounds, float lo, float hi) {
        float[][] t = new float[rounds][64];
        for (float[] table : t) {
            for (int i = 0; i < 64; i++) {
                table[i] = lo + r.nextFloat() * (hi - lo);
            }
        }
        return t;
    }

    /** Alpha·q² between 0.2 and 3 per frequency: soft enough that the loss is smooth at the finite-difference scale. */
    private static float[][] alphas(Random r, float[][] steps) {
        float[][] a = new float[steps.length][64];
        for (int k = 0; k < steps.length; k++) {
            for (int i = 0; i < 64; i++) {
                a[k][i] = (0.2f + 2.8f * r.nextFloat()) / (steps[k][i] * steps[k][i]);
            }
        }
        return a;
    }

    @Test
    void perFrequencyAlphaGradientsMatchFiniteDifferencesInFloat64() {
        Random r = new Random(17);
        float[][] lum = tables(r, 2, 3, 12);
        float[][] chrom = tables(r, 2, 4, 15);
        JpegLayer layer = JpegLayer.builder()
                .optRounds(2)
                .optAlphaTables(alphas(r, lum), alphas(r, chrom))
                .optTrainableAlpha(true)
                .optTableInit(TableInit.explicit(lum, chrom))
                .build();
        LayerPasses passes = new LayerPasses(layer, manager, new Shape(2, 3, 12, 10), DataType.FLOAT64, 5);
        passes.backward();
        assertEquals(4, layer.alphaParameters().size());
        int checked = 0;
        for (Parameter p : layer.alphaParameters()) {
            assertEquals(new Shape(8, 8), p.getArray().getShape());
            double[] analytic = LayerPasses.gradient(p);
            assertTrue(Arrays.stream(analytic).anyMatch(g -> Math.abs(g) > 1e-2), p.getName() + " not trivially 0");
            for (int i : new int[] {0, 1, 8, 9, 18, 27, 36, 63}) {
                // alphas are about 0.001–0.3: a step of 1e-4 of the entry keeps the truncation error at 1e-8
                double eps = 1e-4 * p.getArray().toDoubleArray()[i];
                double numeric = passes.finiteDifference(p, i, eps);
                assertEquals(numeric, analytic[i], 1e-6 * Math.max(1, Math.abs(numeric)), p.getName() + "[" + i + "]");
                checked++;
            }
        }
        assertEquals(32, checked);
    }

    /**
     * Hardness matching after an update of the tables: the alpha the layer reports is H/q² of the new steps at every
     * frequency, and the forward pass uses exactly that alpha (its output and table gradients are those of a layer
     * with those alphas fixed, so no gradient flows through alpha); the alphas of the old steps give another output.
     */
    @Test
    void hardnessMatchingFollowsTheStepsAfterAnUpdate() {
        double hardness = 0.7;
        Random r = new Random(3);
        float[][] lum = tables(r, 2, 2, 20);
        float[][] chrom = tables(r, 2, 3, 30);
        JpegLayer matched = JpegLayer.builder()
                .optRounds(2)
                .optHardness(hardness)
                .optTableInit(TableInit.explicit(lum, chrom))
                .build();
        Shape shape = new Shape(2, 3, 16, 24);
        LayerPasses passes = new LayerPasses(matched, manager, shape, DataType.FLOAT64, 8);
        passes.backward();
        // an Adam-like step: every step moves by 0.5 against the sign of its gradient (the next pass clamps)
        for (Parameter p : matched.tableParameters()) {
            NDArray table = p.getArray();
            NDArray moved = table.sub(table.getGradient().sign().mul(0.5));
            table.set(moved.toDoubleArray());
        }
        float[][] newLum = new float[2][];
        float[][] newChrom = new float[2][];
        float[][] alphaLum = new float[2][64];
        float[][] alphaChrom = new float[2][64];
        for (int k = 0; k < 2; k++) {
            newLum[k] = matched.tables().lumaSteps(k);
            newChrom[k] = matched.tables().chromaSteps(k);
            assertTrue(!Arrays.equals(newLum[k], lum[k]), "the update moved the steps");
            float[] aLum = matched.tables().alphaPerRegion(k, true)[0];
            float[] aChrom = matched.tables().alphaPerRegion(k, false)[0];
            for (int i = 0; i < 64; i++) {
                assertEquals(hardness, aLum[i] * (double) newLum[k][i] * newLum[k][i], 1e-6 * hardness, "luma " + i);
                assertEquals(
                        hardness, aChrom[i] * (double) newChrom[k][i] * newChrom[k][i], 1e-6 * hardness, "chroma " + i);
                alphaLum[k][i] = (float) (hardness / ((double) newLum[k][i] * newLum[k][i]));
                alphaChrom[k][i] = (float) (hardness / ((double) newChrom[k][i] * newChrom[k][i]));
            }
        }
        for (Parameter p : matched.tableParameters()) {
            p.getArray().getGradient().subi(p.getArray().getGradient());
        }
        double[] matchedOut = passes.backward();

        JpegLayer fixed = JpegLayer.builder()
                .optRounds(2)
                .optAlphaTables(alphaLum, alphaChrom)
                .optTableInit(TableInit.explicit(newLum, newChrom))
                .build();
        LayerPasses fixedPasses = new LayerPasses(fixed, manager, shape, DataType.FLOAT64, 8);
        double[] fixedOut = fixedPasses.backward();
        // alpha held as float32 in the fixed layer: 6e-8 relative
        assertTrue(maxAbsDiff(matchedOut, fixedOut) < 1e-6, "output " + maxAbsDiff(matchedOut, fixedOut));
        for (int i = 0; i < 4; i++) {
            double[] a = LayerPasses.gradient(matched.tableParameters().get(i));
            double[] b = LayerPasses.gradient(fixed.tableParameters().get(i));
            assertTrue(relativeError(a, b) < 1e-6, "table gradient " + i + ": " + relativeError(a, b));
        }

        JpegLayer stale = JpegLayer.builder()
                .optRounds(2)
                .optAlphaTables(matchedAlpha(hardness, lum), matchedAlpha(hardness, chrom))
                .optTableInit(TableInit.explicit(newLum, newChrom))
                .build();
        double[] staleOut = new LayerPasses(stale, manager, shape, DataType.FLOAT64, 8).output();
        assertTrue(
                maxAbsDiff(matchedOut, staleOut) > 1e-3,
                "the alphas of the old steps change the output: " + maxAbsDiff(matchedOut, staleOut));
    }

    private static float[][] matchedAlpha(double hardness, float[][] steps) {
        float[][] a = new float[steps.length][64];
        for (int k = 0; k < steps.length; k++) {
            for (int i = 0; i < 64; i++) {
                a[k][i] = (float) (hardness / ((double) steps[k][i] * steps[k][i]));
            }
        }
        return a;
    }
}
