package org.jpegdl.cli;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jpegdl.data.DatasetException;
import org.jpegdl.data.DatasetOptions;
import org.jpegdl.data.DatasetSplits;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.data.ImageDecoder;
import org.jpegdl.data.ImageList;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.data.SkippedImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jpegdl datasets}: what each reader expects on disk, and a check of a given tree. */
@Command(
        name = "datasets",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Lists the data sets and what each expects on disk.",
            "With --dataset (and --data DIR), reads it and prints image and class counts per split."
        })
final class DatasetsCommand implements Callable<Integer> {

    @Option(names = "--dataset", description = "Check this data set.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory to read it from.")
    Path data;

    @Option(names = "--skip-bad", description = "Leave out missing images and bad labels, and list them.")
    boolean skipBad;

    @Option(
            names = "--decode",
            description = "Photo sets: decode every image and report the ones that do not decode "
                    + "(without it the files are listed, not decoded).")
    boolean decode;

    @Option(
            names = "--test-fraction",
            defaultValue = "0",
            description = "imagefolder: share of every class held out for testing when DIR is one tree.")
    double testFraction;

    @Override
    public Integer call() {
        if (dataset == null) {
            for (Map.Entry<String, String> e : DatasetZoo.names().entrySet()) {
                System.out.printf(Locale.ROOT, "%-20s %s%n", e.getKey(), e.getValue());
            }
            return 0;
        }
        DatasetSplits<LabelledImages> splits = DatasetZoo.load(
                dataset,
                data,
                DatasetOptions.builder()
                        .optSkipBad(skipBad)
                        .optTestFraction(testFraction)
                        .build());
        for (Map.Entry<String, LabelledImages> e :
                Map.of("train", splits.train(), "test", splits.test()).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
                        .toList()) {
            LabelledImages d = e.getValue();
            System.out.printf(Locale.ROOT, "%-5s %,7d images, %s%n", e.getKey(), d.size(), d.describeShape());
            int[] counts = d.classCounts();
            for (int k = 0; k < counts.length; k++) {
                System.out.printf(
                        Locale.ROOT, "      %3d %-24s %,7d%n", k, d.classNames().get(k), counts[k]);
            }
            for (SkippedImage skipped : d.skipped()) {
                System.out.println("      skipped " + skipped);
            }
            if (d instanceof ImageList files) {
                if (decode) {
                    decodeEach(files);
                } else {
                    System.out.println("      (files listed, not decoded: --decode checks that every one decodes)");
                }
            }
        }
        return 0;
    }

    /** Decodes every file of {@code files}, printing the ones that do not decode and how many do. */
    private static void decodeEach(ImageList files) {
        int usable = 0;
        for (int i = 0; i < files.size(); i++) {
            try {
                ImageDecoder.decode(files.path(i));
                usable++;
            } catch (DatasetException e) {
                System.out.println("      does not decode: " + e.getMessage());
            }
        }
        System.out.printf(Locale.ROOT, "      %,d of %,d images decode%n", usable, files.size());
    }
}
