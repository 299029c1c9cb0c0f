package org.jpegdl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The quickstart's estimate counts its work as the class says, and says it with what it is measured from. */
class QuickstartEstimateTest {

    @Test
    void countsEveryStepOfBothArmsTheTestPassesAndTheSensitivityMap() {
        // 4 epochs × 63 batches of 64 + 4 test passes of 1,000 images at a third of a step, both arms; 2,000
        // sensitivity images at the baseline's step; 20 s beside
        double expected = ((4 * 63 + 4 * 1000 / 192.0) * (100 + 200) + 2000 / 64.0 * 100) / 1000 + 20;
        assertEquals(expected, QuickstartEstimate.seconds(4, 100, 200), 1e-9);
    }

    @Test
    void timesStepsOfTheQuickstartsShapeHere() {
        String line = QuickstartEstimate.measure("resnet8", 1, 2);
        assertTrue(
                line.matches("quickstart: about \\d+m\\d\\ds at this machine's pace now \\(steps of \\d+ ms "
                        + "baseline, \\d+ ms JPEG-DL; \\d+ cores.*"),
                line);
    }

    @Test
    void saysThePaceNowAndTheQuietFigure() {
        assertEquals(
                "quickstart: about 2m56s at this machine's pace now (steps of 270 ms baseline, 270 ms JPEG-DL; "
                        + "2 cores, load average 7.0); on a quiet 2-core machine about 1m38s. Other work on the machine "
                        + "slows it; each run prints its own plan once its first batches have run.",
                QuickstartEstimate.say("resnet20", 4, 270, 270, 7.0, 2));
        assertEquals(
                "quickstart: about 1m38s at this machine's pace now (steps of 135 ms baseline, 135 ms JPEG-DL; "
                        + "16 cores). Other work on the machine slows it; each run prints its own plan once its first batches "
                        + "have run.",
                QuickstartEstimate.say("vgg8", 4, 135, 135, -1, 16));
    }
}
