package org.jpegdl.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.jpeg.RateEstimator;
import org.junit.jupiter.api.Test;

/**
 * The rate estimate against real files: the images of two fixtures (200 test images of the bundled Fashion-MNIST
 * subset, gray 28×28; 60 photo-like colour images of 32×32) written by jpegdl's writer with optimised Huffman tables
 * (4:4:4) for nine tables (standard quality 10…95 and three random ones). Compared with the bits of the files'
 * entropy-coded data (the part the tables act on; headers and the Huffman tables' own bytes left out), per image
 * (Spearman rank correlation over the images of one table, ratio estimate / real) and per data set (totals over the
 * tables). The measured figures are printed; docs/RESULTS.md quotes them. The bands are what was measured, with a
 * little room: Spearman 1 over the tables of a set, at least 0.75 over the images of one table (the colour fixture's
 * images are alike, so its ranks are the noisier), set totals within 0.7…1.35 of the files', 90% of the images
 * within 0.7…1.5.
 */
class RateEstimatorAgreementTest {

    /** Standard qualities and random tables, coarse to fine. */
    private static List<CodecTables> tables(boolean color) {
        List<CodecTables> out = new ArrayList<>();
        for (int q : new int[] {10, 30, 50, 70, 90, 95}) {
            out.add(CodecTables.standard(q, color));
        }
        out.add(CodecTables.rounded(
                CodecTools.randomTable(21, 1, 60), color ? CodecTools.randomTable(22, 1, 90) : null));
        out.add(CodecTables.rounded(
                CodecTools.randomTable(23, 5, 200), color ? CodecTools.randomTable(24, 5, 255) : null));
        out.add(CodecTables.rounded(
                CodecTools.randomTable(25, 1, 12), color ? CodecTools.randomTable(26, 1, 20) : null));
        return out;
    }

    private static ImageDataset fashion() {
        ImageDataset test =
                DatasetZoo.load(DatasetZoo.DEFAULT, null).as(ImageDataset.class).test();
        return test.subset(test.balancedIndices(20, 0));
    }

    private static ImageDataset colour() {
        int n = 60;
        byte[] pixels = new byte[n * 3 * 32 * 32];
        for (int i = 0; i < n; i++) {
            System.arraycopy(CodecTools.image(3, 32, 32, 100 + i), 0, pixels, i * 3 * 32 * 32, 3 * 32 * 32);
        }
        return new ImageDataset("photo-like", "CodecTools.image", pixels, new int[n], 1, 3, 32, 32, List.of("x"));
    }

    @Test
    void estimateRanksImagesAndTablesAsRealFilesDo() {
        check("fashion-mnist-mini (gray 28×28)", fashion());
        check("photo-like colour 32×32", colour());
    }

    private static void check(String name, ImageDataset images) {
        RateEstimator estimator = new RateEstimator();
        List<CodecTables> all = tables(images.channels() == 3);
        double[] estimatedTotals = new double[all.size()];
        double[] realTotals = new double[all.size()];
        double worstRank = 1;
        List<Double> ratios = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int t = 0; t < all.size(); t++) {
                double[] estimated = EstimatedSize.bitsPerImage(images, all.get(t), estimator, manager);
                double[] real = new double[images.size()];
                for (int i = 0; i < images.size(); i++) {
                    byte[] jpeg = JpegFiles.encode(
                            images.image(i),
                            images.channels(),
                            images.height(),
                            images.width(),
                            all.get(t),
                            FileFormat.OPTIMIZED);
                    real[i] = 8.0 * JpegFiles.entropyCodedBytes(jpeg);
                    ratios.add(estimated[i] / real[i]);
                    estimatedTotals[t] += estimated[i];
                    realTotals[t] += real[i];
                }
                double rho = RankCorrelation.spearman(estimated, real);
                worstRank = Math.min(worstRank, rho);
                System.out.printf(
                        Locale.ROOT,
                        "%s, tables %d: per image Spearman %.3f, total ratio %.3f%n",
                        name,
                        t,
                        rho,
                        estimatedTotals[t] / realTotals[t]);
            }
        }
        double setRank = RankCorrelation.spearman(estimatedTotals, realTotals);
        double[] setRatios = new double[all.size()];
        for (int t = 0; t < all.size(); t++) {
            setRatios[t] = estimatedTotals[t] / realTotals[t];
        }
        double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p05 = r[(int) (0.05 * (r.length - 1))];
        double p95 = r[(int) (0.95 * (r.length - 1))];
        Arrays.sort(setRatios);
        System.out.printf(
                Locale.ROOT,
                "%s: per image Spearman >= %.3f over every table; per image ratio 5%%..95%% "
                        + "%.3f..%.3f; per data set Spearman %.3f, ratio %.3f..%.3f%n",
                name,
                worstRank,
                p05,
                p95,
                setRank,
                setRatios[0],
                setRatios[setRatios.length - 1]);
        assertTrue(setRank == 1.0, name + ": the estimate orders the tables as the files do: Spearman " + setRank);
        assertTrue(worstRank >= 0.75, name + ": per image Spearman " + worstRank);
        assertTrue(
                setRatios[0] >= 0.7 && setRatios[setRatios.length - 1] <= 1.35,
                name + ": data set ratio " + setRatios[0] + ".." + setRatios[setRatios.length - 1]);
        assertTrue(p05 >= 0.7 && p95 <= 1.5, name + ": per image ratio 5%..95% " + p05 + ".." + p95);
    }
}
