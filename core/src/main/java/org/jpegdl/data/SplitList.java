package org.jpegdl.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One split of a photo data set while a reader collects it: files, labels and the entries it left out. */
final class SplitList {

    private final String name;
    private final Path root;
    private final BadImages bad;
    private final List<Path> paths = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();

    /** A split of data set {@code name} read from {@code root}. */
    SplitList(String name, Path root, boolean skipBad) {
        this.name = name;
        this.root = root;
        this.bad = new BadImages(skipBad);
    }

    /** Adds a file with its 0-based label. */
    void add(Path path, int label) {
        paths.add(path);
        labels.add(label);
    }

    /** Reports a bad entry of this split: an error, or, with skip-bad on, a listed omission. */
    void report(Object file, String problem) {
        bad.report(file, problem);
    }

    /** The list of the files added, with {@code classNames}. */
    ImageList build(List<String> classNames) {
        return new ImageList(
                name,
                root.toString(),
                paths,
                labels.stream().mapToInt(Integer::intValue).toArray(),
                classNames,
                bad.skipBad(),
                bad.skipped());
    }
}
