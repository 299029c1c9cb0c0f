package org.jpegdl.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rate estimate: its gradient against float64 finite differences, through a layer's tables too; its shape. */
class RateEstimatorTest {

    private static NDArray pixels(NDManager m, int n, int c, int h, int w, long seed) {
        return m.create(LayerPasses.randomPixels(n * c * h * w, seed), new Shape(n, c, h, w))
                .toType(DataType.FLOAT64, false);
    }

    @Test
    void gradientInTheStepsMatchesFiniteDifferencesInFloat64() {
        RateEstimator estimator = new RateEstimator();
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer = JpegLayer.builder().optChannels(3).build();
            NDArray coefficients = layer.toCoefficients(pixels(m, 2, 3, 16, 24, 1));
            Random r = new Random(2);
            double[] q = new double[3 * 64];
            for (int i = 0; i < q.length; i++) {
                q[i] = 2 + 40 * r.nextDouble();
            }
            NDArray steps = m.create(q, new Shape(1, 3, 1, 64));
            steps.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(estimator.bitsPerImage(coefficients, steps).sum());
            }
            double[] gradient = steps.getGradient().toDoubleArray();
            double largest = 0;
            for (double g : gradient) {
                largest = Math.max(largest, Math.abs(g));
            }
            assertTrue(largest > 0.1, "the estimate moves with the steps: largest gradient " + largest);
            for (int i : new int[] {0, 1, 9, 27, 63, 64, 70, 128, 150, 191}) {
                double eps = 1e-5 * q[i];
                double up = bits(estimator, m, coefficients, q, i, eps);
                double down = bits(estimator, m, coefficients, q, i, -eps);
                double fd = (up - down) / (2 * eps);
                assertEquals(fd, gradient[i], 1e-6 * Math.max(1, Math.abs(fd)), "step " + i);
            }
        }
    }

    private static double bits(RateEstimator e, NDManager m, NDArray coefficients, double[] q, int i, double delta) {
        double[] moved = q.clone();
        moved[i] += delta;
        return e.bitsPerImage(coefficients, m.create(moved, new Shape(1, 3, 1, 64)))
                .sum()
                .getDouble();
    }

    @Test
    void gradientReachesTheTablesOfEveryRoundThroughTheLayersCodingSteps() {
        RateEstimator estimator = new RateEstimator();
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer = JpegLayer.builder()
                    .optChannels(1)
                    .optRounds(2)
                    .optTableInit(TableInit.quality(60))
                    .build();
            Shape shape = new Shape(3, 1, 16, 16);
            layer.initialize(m, DataType.FLOAT64, shape);
            // round 1 coarser than round 0 in the first half of the table, finer in the second
            double[] second = new double[64];
            double[] first = layer.lumaTable(0).getArray().toDoubleArray();
            for (int i = 0; i < 64; i++) {
                second[i] = i < 32 ? first[i] * 1.5 : first[i] * 0.5;
            }
            layer.lumaTable(1).getArray().set(second);
            NDArray coefficients = layer.toCoefficients(pixels(m, 3, 1, 16, 16, 3));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                ParameterStore store = new ParameterStore(m, false);
                gc.backward(estimator
                        .bitsPerImage(coefficients, layer.codingSteps(store, coefficients, true))
                        .sum());
            }
            double[] g0 = layer.lumaTable(0).getArray().getGradient().toDoubleArray();
            double[] g1 = layer.lumaTable(1).getArray().getGradient().toDoubleArray();
            for (int i = 0; i < 64; i++) {
                Parameter owner = i < 32 ? layer.lumaTable(1) : layer.lumaTable(0);
                double[] g = i < 32 ? g1 : g0;
                assertEquals(0, (i < 32 ? g0 : g1)[i], 0, "the finer round's step " + i + " is not in the file");
                if (i % 7 == 0) {
                    double fd = finiteDifference(estimator, layer, m, coefficients, owner, i, 1e-6);
                    assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), "entry " + i);
                }
            }
        }
    }

    private static double finiteDifference(
            RateEstimator e, JpegLayer layer, NDManager m, NDArray coefficients, Parameter p, int index, double eps) {
        double[] values = p.getArray().toDoubleArray();
        double original = values[index];
        double[] out = new double[2];
        for (int k = 0; k < 2; k++) {
            values[index] = original + (k == 0 ? eps : -eps);
            p.getArray().set(values);
            ParameterStore store = new ParameterStore(m, false);
            out[k] = e.bitsPerImage(coefficients, layer.codingSteps(store, coefficients, false))
                    .sum()
                    .getDouble();
        }
        values[index] = original;
        p.getArray().set(values);
        return (out[0] - out[1]) / (2 * eps);
    }

    @Test
    void coarserStepsCostFewerBitsAndBitsPerPixelIsTheMeanOverPixels() {
        RateEstimator estimator = new RateEstimator();
        try (NDManager m = NDManager.newBaseManager()) {
            JpegLayer layer = JpegLayer.builder().optChannels(3).build();
            NDArray coefficients =
                    layer.toCoefficients(pixels(m, 4, 3, 16, 16, 5).toType(DataType.FLOAT32, false));
            double previous = Double.POSITIVE_INFINITY;
            for (float q : new float[] {1, 4, 16, 64, 255}) {
                NDArray steps = m.full(new Shape(1, 3, 1, 64), q);
                double[] bits = estimator
                        .bitsPerImage(coefficients, steps)
                        .toType(DataType.FLOAT64, false)
                        .toDoubleArray();
                assertEquals(4, bits.length);
                double total = 0;
                for (double b : bits) {
                    assertTrue(b > 0, "every image costs bits");
                    total += b;
                }
                assertTrue(total < previous, "step " + q + ": " + total + " bits, not fewer than " + previous);
                previous = total;
                double bpp = estimator.bitsPerPixel(coefficients, steps, 256).getFloat();
                assertEquals(total / 4 / 256, bpp, 1e-4 * bpp);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new RateEstimator(0));
        assertThrows(IllegalArgumentException.class, () -> new RateEstimator(Double.NaN));
    }
}
