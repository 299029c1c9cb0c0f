package org.jpegdl.codec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The headline of rate-aware tables: bits per pixel saved at equal top-1 against the standard quality ladder, both
 * measured on real files with the same classifier. Accuracy is top-1 on the decoded files fed to the classifier
 * without the JPEG layer (a deployed model reading JPEG files; {@link RateAccuracy.Point#top1Bypassed}).
 *
 * <p>The ladder's rate at an accuracy a is the smallest rate at which it reaches a: its points in order of rate,
 * the first step from below a to at least a, linearly interpolated there. It is undefined below the ladder's
 * lowest point's accuracy (nothing is known about smaller standard files) and above its best accuracy (no standard
 * file reaches it). With both samplings (4:4:4 and 4:2:0) the reference is the smaller of the two rates. Each learned
 * point is compared at its own accuracy; the average is taken over the accuracies where the learned curve (its
 * points in order of accuracy, rate linearly interpolated between them) and a ladder overlap, on 101 evenly spaced
 * accuracies; with one learned point the range is that point.
 *
 * @param accuracy which top-1 the comparison uses
 * @param points one per learned point, in the order given
 * @param overlapLow lowest accuracy of the averaged range (null when the curves do not overlap)
 * @param overlapHigh highest accuracy of the averaged range
 * @param averageSavedBitsPerPixel mean over the range of ladder rate − learned rate (bits per pixel)
 * @param averageSavedFraction mean over the range of 1 − learned rate / ladder rate
 */
public record BitsSaved(
        String accuracy,
        List<PointSaving> points,
        Double overlapLow,
        Double overlapHigh,
        Double averageSavedBitsPerPixel,
        Double averageSavedFraction) {

    /** The accuracy every comparison uses. */
    public static final String ACCURACY = "top1Bypassed: decoded files straight into the classifier";

    private static final int GRID = 101;

    /**
     * One learned point against the ladder.
     *
     * @param label the point's name (the run, say)
     * @param top1 its top-1 on decoded files
     * @param bitsPerPixel its files' rate
     * @param ladder444 the 4:4:4 ladder's rate at that top-1 (null outside its range)
     * @param ladder420 the 4:2:0 ladder's rate at that top-1 (null outside its range or for gray files)
     * @param savedBitsPerPixel the smaller ladder rate − the point's rate (null when neither ladder is defined there)
     * @param savedFraction 1 − the point's rate / the smaller ladder rate
     * @param note why nothing is compared, when nothing is (else null)
     */
    public record PointSaving(
            String label,
            double top1,
            double bitsPerPixel,
            Double ladder444,
            Double ladder420,
            Double savedBitsPerPixel,
            Double savedFraction,
            String note) {}

    /**
     * The savings of {@code learned} against {@code ladder444} and {@code ladder420} (null or empty for gray files).
     *
     * @param labels a name per learned point
     */
    public static BitsSaved of(
            List<RateAccuracy.Point> learned,
            List<String> labels,
            List<RateAccuracy.Point> ladder444,
            List<RateAccuracy.Point> ladder420) {
        List<PointSaving> points = new ArrayList<>();
        for (int i = 0; i < learned.size(); i++) {
            RateAccuracy.Point p = learned.get(i);
            double a = p.top1Bypassed();
            Double r444 = ladderRate(ladder444, a);
            Double r420 = ladderRate(ladder420, a);
            Double reference = smaller(r444, r420);
            String note = null;
            if (reference == null) {
                note = a > best(ladder444, ladder420)
                        ? "above every standard file's top-1: no quality reaches it"
                        : "below the lowest quality's top-1: outside the ladder";
            }
            points.add(new PointSaving(
                    labels.get(i),
                    a,
                    p.bitsPerPixel(),
                    r444,
                    r420,
                    reference == null ? null : reference - p.bitsPerPixel(),
                    reference == null ? null : 1 - p.bitsPerPixel() / reference,
                    note));
        }
        List<RateAccuracy.Point> curve = new ArrayList<>(learned);
        curve.sort(Comparator.comparingDouble(RateAccuracy.Point::top1Bypassed));
        if (curve.isEmpty()) {
            return new BitsSaved(ACCURACY, points, null, null, null, null);
        }
        double lo = Math.max(curve.get(0).top1Bypassed(), lowest(ladder444, ladder420));
        double hi = Math.min(curve.get(curve.size() - 1).top1Bypassed(), best(ladder444, ladder420));
        if (lo > hi) {
            return new BitsSaved(ACCURACY, points, null, null, null, null);
        }
        double bits = 0;
        double fraction = 0;
        int counted = 0;
        for (int k = 0; k < GRID; k++) {
            double a = lo == hi ? lo : lo + (hi - lo) * k / (GRID - 1);
            Double reference = smaller(ladderRate(ladder444, a), ladderRate(ladder420, a));
            if (reference == null) {
                continue;
            }
            double rate = learnedRate(curve, a);
            bits += reference - rate;
            fraction += 1 - rate / reference;
            counted++;
        }
        return counted == 0
                ? new BitsSaved(ACCURACY, points, lo, hi, null, null)
                : new BitsSaved(ACCURACY, points, lo, hi, bits / counted, fraction / counted);
    }

    /**
     * The smallest rate at which {@code ladder} reaches top-1 {@code a} (linear between its points in order of
     * rate), or null below its lowest point's accuracy, above its best, or without a ladder.
     */
    public static Double ladderRate(List<RateAccuracy.Point> ladder, double a) {
        if (ladder == null || ladder.isEmpty()) {
            return null;
        }
        List<RateAccuracy.Point> byRate = new ArrayList<>(ladder);
        byRate.sort(Comparator.comparingDouble(RateAccuracy.Point::bitsPerPixel));
        RateAccuracy.Point first = byRate.get(0);
        if (a < first.top1Bypassed()) {
            return null;
        }
        if (a == first.top1Bypassed()) {
            return first.bitsPerPixel();
        }
        for (int i = 1; i < byRate.size(); i++) {
            RateAccuracy.Point below = byRate.get(i - 1);
            RateAccuracy.Point p = byRate.get(i);
            if (p.top1Bypassed() >= a && below.top1Bypassed() < a) {
                double t = (a - below.top1Bypassed()) / (p.top1Bypassed() - below.top1Bypassed());
                return below.bitsPerPixel() + t * (p.bitsPerPixel() - below.bitsPerPixel());
            }
        }
        return null;
    }

    /** The learned curve's rate at accuracy a: linear between its points in order of accuracy. */
    private static double learnedRate(List<RateAccuracy.Point> byAccuracy, double a) {
        if (byAccuracy.size() == 1 || a <= byAccuracy.get(0).top1Bypassed()) {
            return byAccuracy.get(0).bitsPerPixel();
        }
        for (int i = 1; i < byAccuracy.size(); i++) {
            RateAccuracy.Point lo = byAccuracy.get(i - 1);
            RateAccuracy.Point hi = byAccuracy.get(i);
            if (a <= hi.top1Bypassed()) {
                double span = hi.top1Bypassed() - lo.top1Bypassed();
                double t = span == 0 ? 0 : (a - lo.top1Bypassed()) / span;
                return lo.bitsPerPixel() + t * (hi.bitsPerPixel() - lo.bitsPerPixel());
            }
        }
        return byAccuracy.get(byAccuracy.size() - 1).bitsPerPixel();
    }

    /** The smaller of two rates, either of which may be undefined (null). */
    private static Double smaller(Double a, Double b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Math.min(a, b);
    }

    private static double best(List<RateAccuracy.Point> a, List<RateAccuracy.Point> b) {
        double best = Double.NEGATIVE_INFINITY;
        for (List<RateAccuracy.Point> ladder :
                List.of(a == null ? List.<RateAccuracy.Point>of() : a, b == null ? List.<RateAccuracy.Point>of() : b)) {
            for (RateAccuracy.Point p : ladder) {
                best = Math.max(best, p.top1Bypassed());
            }
        }
        return best;
    }

    /** The lowest accuracy at which a ladder is defined: the top-1 of its smallest file (the lower of the two). */
    private static double lowest(List<RateAccuracy.Point> a, List<RateAccuracy.Point> b) {
        double lowest = Double.POSITIVE_INFINITY;
        for (List<RateAccuracy.Point> ladder :
                List.of(a == null ? List.<RateAccuracy.Point>of() : a, b == null ? List.<RateAccuracy.Point>of() : b)) {
            if (!ladder.isEmpty()) {
                RateAccuracy.Point smallest = ladder.stream()
                        .min(Comparator.comparingDouble(RateAccuracy.Point::bitsPerPixel))
                        .get();
                lowest = Math.min(lowest, smallest.top1Bypassed());
            }
        }
        return lowest;
    }

    /** One line per learned point and the average, for the user. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (PointSaving p : points) {
            lines.add(
                    p.savedBitsPerPixel() == null
                            ? String.format(
                                    Locale.ROOT,
                                    "%s: top-1 %.2f%% at %.3f bpp: %s",
                                    p.label(),
                                    100 * p.top1(),
                                    p.bitsPerPixel(),
                                    p.note())
                            : String.format(
                                    Locale.ROOT,
                                    "%s: top-1 %.2f%% at %.3f bpp; standard JPEG needs %.3f bpp "
                                            + "(4:4:4 %s, 4:2:0 %s): %.3f bpp saved (%.1f%%)",
                                    p.label(),
                                    100 * p.top1(),
                                    p.bitsPerPixel(),
                                    p.savedBitsPerPixel() + p.bitsPerPixel(),
                                    rate(p.ladder444()),
                                    rate(p.ladder420()),
                                    p.savedBitsPerPixel(),
                                    100 * p.savedFraction()));
        }
        if (averageSavedBitsPerPixel != null) {
            lines.add(String.format(
                    Locale.ROOT,
                    "average over top-1 %.2f%%..%.2f%%: %.3f bpp saved (%.1f%%)",
                    100 * overlapLow,
                    100 * overlapHigh,
                    averageSavedBitsPerPixel,
                    100 * averageSavedFraction));
        } else {
            lines.add("no accuracy range where the learned curve and the ladder overlap: no average");
        }
        return lines;
    }

    private static String rate(Double r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.3f", r);
    }
}
