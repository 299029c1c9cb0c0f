package org.jpegdl.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jpegdl.data.DatasetSplits;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.data.ImageDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jpegdl datasets}: what each reader expects on disk, and a check of a given tree. */
@Command(name = "datasets", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Lists the data sets and what each expects on disk.",
                "With --dataset (and --data DIR), reads it and prints image and class counts per split."})
final class DatasetsCommand implements Callable<Integer> {

    @Option(names = "--dataset", description = "Check this data set.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory to read it from.")
    Path data;

    @Override
    public Integer call() {
        if (dataset == null) {
            for (Map.Entry<String, String> e : DatasetZoo.names().entrySet()) {
                System.out.printf(Locale.ROOT, "%-20s %s%n", e.getKey(), e.getValue());
            }
            return 0;
        }
        DatasetSplits splits = DatasetZoo.load(dataset, data);
        for (Map.Entry<String, ImageDataset> e : Map.of("train", splits.train(), "test", splits.test())
                .entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())).toList()) {
            ImageDataset d = e.getValue();
            System.out.printf(Locale.ROOT, "%-5s %,7d images, %d classes, %s%n", e.getKey(), d.size(), d.numClasses(),
                    d.describeShape());
            int[] counts = d.classCounts();
            for (int k = 0; k < counts.length; k++) {
                System.out.printf(Locale.ROOT, "      %3d %-24s %,7d%n", k, d.classNames().get(k), counts[k]);
            }
        }
        return 0;
    }
}
