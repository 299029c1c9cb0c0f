package org.jpegdl.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One line of a run's {@code metrics.jsonl}: what one epoch did.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean cross-entropy over the epoch's training batches
 * @param trainTop1 training accuracy (augmented images, model in training mode), in [0,1]
 * @param testLoss mean cross-entropy on the test split
 * @param testTop1 test top-1 accuracy, in [0,1]
 * @param testTop5 test top-5 accuracy, in [0,1]
 * @param modelLr model learning rate used in the epoch
 * @param tableLr table learning rate used in the epoch (0 for a baseline)
 * @param tables per round: min, mean and max of the luma and chroma steps after the epoch (empty for a baseline)
 * @param seconds wall time of the epoch's training and evaluation
 * @param trainImagesPerSecond training throughput
 * @param residentMemoryMb the process's resident memory after the epoch and a collection that returns freed memory (MiB; -1
 *     where unknown)
 * @param nativeHeapMb C heap in use at the same moment, mostly PyTorch's tensors (MiB; -1 where not measurable, null
 *     in runs written before it was recorded)
 * @param saturation per round, the fraction of the epoch's training coefficients per frequency whose quantiser
 *     window the index clamp moved (absent for baselines, layers without tables and runs written before it was
 *     recorded)
 * @param validation loss, top-1 and top-5 on the validation split after the epoch (absent without one)
 * @param travel per round, how far the step tables have moved from where the run started them (absent for
 *     baselines, layers without tables and runs written before it was recorded)
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double trainTop1,
        double testLoss,
        double testTop1,
        double testTop5,
        double modelLr,
        double tableLr,
        List<TableStats> tables,
        double seconds,
        double trainImagesPerSecond,
        double residentMemoryMb,
        Double nativeHeapMb,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Saturation> saturation,
        @JsonInclude(JsonInclude.Include.NON_NULL) Validation validation,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Travel> travel) {

    /** An epoch's metrics as recorded before table travel was ({@code travel} absent). */
    public EpochMetrics(
            int epoch,
            double trainLoss,
            double trainTop1,
            double testLoss,
            double testTop1,
            double testTop5,
            double modelLr,
            double tableLr,
            List<TableStats> tables,
            double seconds,
            double trainImagesPerSecond,
            double residentMemoryMb,
            Double nativeHeapMb,
            List<Saturation> saturation,
            Validation validation) {
        this(
                epoch,
                trainLoss,
                trainTop1,
                testLoss,
                testTop1,
                testTop5,
                modelLr,
                tableLr,
                tables,
                seconds,
                trainImagesPerSecond,
                residentMemoryMb,
                nativeHeapMb,
                saturation,
                validation,
                null);
    }

    /**
     * One round's table travel after an epoch: its luma table's and (colour) its chroma table's.
     *
     * @param round 0-based round
     * @param luma the luma table's travel
     * @param chroma the chroma table's travel (absent for grayscale)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Travel(int round, TableTravel luma, TableTravel chroma) {}

    /**
     * How far one step table has moved from its start, over every entry (of every region for spatial tables).
     *
     * @param meanAbsolute mean of |q − q₀|, in grey levels of the DCT coefficients
     * @param largestAbsolute largest |q − q₀|
     * @param meanRelative mean of |q − q₀| / q₀
     * @param largestRelative largest |q − q₀| / q₀
     */
    public record TableTravel(
            double meanAbsolute, double largestAbsolute, double meanRelative, double largestRelative) {

        /** The travel from {@code start} to {@code now}, both [region][64] (or any equal shapes). */
        public static TableTravel between(float[][] start, float[][] now) {
            if (start.length != now.length) {
                throw new IllegalArgumentException("tables of " + start.length + " and " + now.length + " regions");
            }
            double sumAbs = 0;
            double maxAbs = 0;
            double sumRel = 0;
            double maxRel = 0;
            long n = 0;
            for (int g = 0; g < start.length; g++) {
                for (int i = 0; i < start[g].length; i++) {
                    double moved = Math.abs((double) now[g][i] - start[g][i]);
                    double relative = moved / start[g][i];
                    sumAbs += moved;
                    sumRel += relative;
                    maxAbs = Math.max(maxAbs, moved);
                    maxRel = Math.max(maxRel, relative);
                    n++;
                }
            }
            return new TableTravel(sumAbs / n, maxAbs, sumRel / n, maxRel);
        }
    }

    /** An epoch is counted from 1: a record without one is not an epoch's (a file read checks it). */
    public EpochMetrics {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be at least 1, got " + epoch);
        }
    }

    /**
     * An epoch's result on the validation split, on which settings are chosen.
     *
     * @param loss mean cross-entropy
     * @param top1 top-1 accuracy, in [0,1]
     * @param top5 top-5 accuracy, in [0,1]
     */
    public record Validation(double loss, double top1, double top5) {}

    /**
     * One round's saturation in an epoch: per frequency (natural row-major 8×8 order), the fraction of training
     * coefficients whose window the index clamp moved, i.e. whose |x|/q lay beyond the index range.
     *
     * @param round 0-based round
     * @param luma 64 fractions of the Y coefficients
     * @param chroma 64 fractions of the Cb and Cr coefficients together (absent for grayscale)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Saturation(int round, double[] luma, double[] chroma) {}

    /** Min, mean and max of one round's step tables (chroma fields NaN for grayscale). */
    public record TableStats(
            int round,
            double lumaMin,
            double lumaMean,
            double lumaMax,
            Double chromaMin,
            Double chromaMean,
            Double chromaMax) {

        /** Statistics of the given tables (chroma may be null). */
        public static TableStats of(int round, float[] luma, float[] chroma) {
            double[] l = stats(luma);
            double[] c = chroma == null ? null : stats(chroma);
            return new TableStats(
                    round, l[0], l[1], l[2], c == null ? null : c[0], c == null ? null : c[1], c == null ? null : c[2]);
        }

        private static double[] stats(float[] t) {
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            double sum = 0;
            for (float v : t) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            return new double[] {min, sum / t.length, max};
        }
    }
}
