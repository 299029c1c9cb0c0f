package org.jpegdl.attack;

import java.util.ArrayList;
import java.util.List;

/**
 * What a suite's attacks found so far: images seen and clean-correct, per attack and ε the images that survive it,
 * per ε those that survive every attack, those that survive the unbounded attack, and each attack's time.
 */
final class SuiteTally {

    int images;
    int cleanCorrect;
    final int[][] correct;
    final int[] worst;
    final double[] seconds;
    int unboundedCorrect;

    SuiteTally(int attacks, int eps) {
        correct = new int[attacks][eps];
        worst = new int[eps];
        seconds = new double[attacks];
    }

    /** Top-1 per ε of {@code correct} images surviving, over every image seen. */
    List<AttackReport.Point> points(List<Double> eps, int[] survivors) {
        List<AttackReport.Point> out = new ArrayList<>();
        for (int e = 0; e < eps.size(); e++) {
            out.add(new AttackReport.Point(eps.get(e), images == 0 ? 0 : (double) survivors[e] / images, survivors[e]));
        }
        return out;
    }
}
