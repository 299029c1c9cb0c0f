package org.jpegdl.jpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The layer reproduces the reference layer's outputs and gradients on the bundled golden vectors. */
class GoldenVectorsTest {

    static Stream<GoldenCase> cases() throws Exception {
        return readGolden().stream();
    }

    static List<GoldenCase> readGolden() throws Exception {
        return GoldenCase.readAll(goldenPath());
    }

    static Path goldenPath() throws URISyntaxException {
        return Path.of(GoldenVectorsTest.class.getResource("/golden/jpeg_layer_golden.json").toURI());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(GoldenCase c) {
        LayerVerification.Result r = LayerVerification.verify(c);
        assertTrue(r.maxOutputError() <= LayerVerification.OUTPUT_TOLERANCE, "output error " + r.maxOutputError());
        for (int i = 0; i < c.rounds(); i++) {
            assertTrue(r.lumaGradientErrors()[i] <= LayerVerification.GRADIENT_TOLERANCE,
                    "luma gradient error round " + i + ": " + r.lumaGradientErrors()[i]);
            assertTrue(r.chromaGradientErrors()[i] <= LayerVerification.GRADIENT_TOLERANCE,
                    "chroma gradient error round " + i + ": " + r.chromaGradientErrors()[i]);
        }
        assertEquals(c.rounds() == 1, r.inputGradientCompared());
        if (r.inputGradientCompared()) {
            assertTrue(r.inputGradientError() <= LayerVerification.GRADIENT_TOLERANCE,
                    "input gradient error " + r.inputGradientError());
        }
        assertTrue(r.lossError() <= 1e-3 * Math.max(1, Math.abs(c.loss())), "loss error " + r.lossError());
        assertTrue(r.passed());
        System.out.printf("%s: out %.2e, lum %.2e, input %.2e%n", c.name(), r.maxOutputError(),
                r.maxTableGradientError(), r.inputGradientError());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void detectsAPerturbedTable(GoldenCase c) {
        // The comparison must be able to fail: one step moved by 10% makes the case fail.
        float[][] lum = c.lumTables().clone();
        lum[0] = lum[0].clone();
        lum[0][0] *= 1.1f;
        lum[0][9] *= 1.1f;
        GoldenCase perturbed = new GoldenCase(c.name(), c.batch(), c.channels(), c.height(), c.width(), c.rounds(),
                c.alpha(), c.candidates(), c.bits(), c.mean(), c.std(), lum, c.chromTables(), c.input(), c.output(),
                c.outputWeights(), c.loss(), c.gradInput(), c.gradLum(), c.gradChrom());
        assertFalse(LayerVerification.verify(perturbed).passed());
    }
}
