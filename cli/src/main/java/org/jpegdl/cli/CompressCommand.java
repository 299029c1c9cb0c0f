package org.jpegdl.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jpegdl.codec.CodecTables;
import org.jpegdl.codec.FileFormat;
import org.jpegdl.codec.FolderCompression;
import org.jpegdl.codec.RateAccuracy;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.experiment.ImageMultipliers;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.io.AtomicFiles;
import org.jpegdl.jpeg.Adaptation;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.nd.Devices;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jpegdl compress}: a run's test images, or any folder of images, as real JPEG files with a run's learned
 * tables, a {@code cjpeg -qtables} file's, or the standard ones.
 */
@Command(
        name = "compress",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Writes the test images of a run's data set as baseline JPEG files (4:4:4, optimised Huffman "
                    + "tables unless --huffman standard) whose quantisation tables are the run's learned ones (the "
                    + "effective table over rounds, rounded to integers in 1..255), or the standard tables at --quality Q. "
                    + "A run whose tables adapt to each image (--adaptive) writes every image with its own predicted "
                    + "tables.",
            "OUT_DIR gets NNNNN-cLABEL.jpg per image, tables.txt (the tables for 'cjpeg -qtables', natural order) "
                    + "and compress.json (sizes, bits per pixel, PSNR, tables, command).",
            "With --in DIR: every image under DIR (JPEG, PNG, GIF, BMP, TIFF; subfolders too) is written to OUT_DIR "
                    + "with the same subfolders and names (extension .jpg), with --run RUN's learned tables, a --qtables "
                    + "FILE or --quality Q; images whose channels are all equal become grayscale files; unreadable files "
                    + "are skipped and listed (exit 2 when there were any, after the rest is written)."
        })
final class CompressCommand implements Callable<Integer> {

    @Option(
            names = "--run",
            paramLabel = "RUN_DIR",
            description = "A trained run: its learned tables (and, without " + "--in, its test images).")
    Path runPath;

    @Option(
            names = "--in",
            paramLabel = "DIR",
            description = "A folder of images to compress instead of a run's test " + "split.")
    Path inDir;

    @Option(
            names = "--qtables",
            paramLabel = "FILE",
            description = "With --in: the tables of a 'cjpeg -qtables' text "
                    + "file (64 integers in 1..255 per table: luma, then chroma; one table serves both), e.g. one "
                    + "'jpegdl export-tables' wrote.")
    Path qtables;

    @Option(
            names = "--huffman",
            defaultValue = "optimized",
            paramLabel = "optimized|standard",
            description = "Huffman tables optimised for each file (cjpeg -optimize), or the standard ones.")
    String huffman;

    @Option(
            names = "--subsample",
            description = "Colour files with 4:2:0 chroma (half resolution in both " + "directions) instead of 4:4:4.")
    boolean subsample;

    @Mixin
    DataDirectoryOption data;

    @Option(names = "--out", required = true, paramLabel = "OUT_DIR", description = "Where the files go.")
    Path outDir;

    @Option(
            names = "--quality",
            paramLabel = "Q",
            description = "Standard (Annex K, IJG-scaled) tables at quality Q in 1..100 instead of the learned ones.")
    Integer quality;

    @Option(
            names = "--round",
            paramLabel = "R",
            description = "Write the learned tables of round R (from 0) instead of the effective table over rounds.")
    Integer round;

    @Mixin
    TestImageLimit limit;

    /** The format of the files, once the options are read. */
    private FileFormat format = FileFormat.OPTIMIZED;

    @Mixin
    EngineOptions engine;

    /** The file format the options ask for. */
    private FileFormat format() {
        boolean optimized = switch (huffman) {
            case "optimized", "optimised" -> true;
            case "standard" -> false;
            default ->
                throw new IllegalArgumentException("--huffman must be optimized or standard, got '" + huffman + "'");
        };
        return new FileFormat(optimized, subsample);
    }

    @Override
    public Integer call() throws Exception {
        engine.apply();
        OutputFolders.check(outDir, "--out");
        FileFormat format = format();
        if (quality != null && round != null) {
            throw new IllegalArgumentException("--round picks a learned table; it cannot go with --quality");
        }
        if (inDir != null) {
            return compressFolder(format);
        }
        if (qtables != null) {
            throw new IllegalArgumentException("--qtables FILE goes with --in DIR (a run's test images are written "
                    + "with the run's tables or --quality Q)");
        }
        if (runPath == null) {
            throw new IllegalArgumentException(
                    "compress needs --run RUN_DIR (its test images) or --in DIR (a folder " + "of images)");
        }
        this.format = format;
        RunDirectory run = new RunDirectory(runPath);
        RunConfig config = data.applyTo(run.readConfig());
        if (quality == null && config.jpeg() && config.recipe().adaptation() != Adaptation.NONE) {
            if (round != null) {
                throw new IllegalArgumentException(run.root() + " adapts its tables to each image: every file gets "
                        + "its own effective tables, so --round does not apply");
            }
            return compressAdaptive(run, config);
        }
        // tables first: a baseline run asked for learned tables fails before any data is read
        CodecTables learned = quality == null ? CodecTables.learned(run, round) : null;
        ImageDataset test = RateAccuracy.limited(
                RunAssembly.evaluationImages(RunAssembly.data(config).test(), config, null), limit.images);
        CodecTables tables = learned != null ? learned : CodecTables.standard(quality, test.channels() == 3);
        if (test.channels() == 1 && tables.color()) {
            tables = new CodecTables(tables.luma(), null);
        }
        String what = learned == null
                ? "standard tables at quality " + quality
                : "learned tables of " + run.root()
                        + (round != null
                                ? ", round " + round + ", rounded"
                                : config.recipe().rounds() > 1
                                        ? ", rounded (" + config.recipe().rounds()
                                                + " rounds: element-wise largest step)"
                                        : ", rounded");

        Path tablesFile = outDir.resolve("tables.txt");
        AtomicFiles.writeString(tablesFile, tables.toCjpegText("jpegdl: " + what));
        int[] labels = test.labels();
        CodecTables written = tables;
        RateAccuracy.Encoded e = RateAccuracy.encode(
                test,
                i -> written,
                format,
                (index, jpeg) -> AtomicFiles.write(
                        outDir.resolve(String.format(Locale.ROOT, "%05d-c%d.jpg", index, labels[index])), jpeg));

        Map<String, Object> summary = summary(run, test, what, e);
        summary.put("luma", tables.luma());
        summary.put("chroma", tables.chroma());
        Json.write(outDir.resolve("compress.json"), summary);

        print(test, what, e);
        System.out.printf(Locale.ROOT, "  tables for cjpeg -qtables: %s%n", tablesFile);
        return 0;
    }

    /** Every test image with its own predicted tables; their tables listed one image per line. */
    private int compressAdaptive(RunDirectory run, RunConfig config) throws Exception {
        try (NDManager manager = Devices.newBaseManager()) {
            // the run's network and data in one load, from the data directory given here
            RunAssembly.Prepared p = RunAssembly.load(run, config, manager);
            ImageDataset test =
                    RateAccuracy.limited(RunAssembly.evaluationImages(p.data().test(), config, null), limit.images);
            JpegLayer layer = p.network().jpegLayer();
            List<CodecTables> own =
                    CodecTables.forImages(layer, ImageMultipliers.of(layer, test, config.recipe(), manager));
            int[] labels = test.labels();
            RateAccuracy.Encoded e = RateAccuracy.encode(
                    test,
                    own::get,
                    format,
                    (index, jpeg) -> AtomicFiles.write(
                            outDir.resolve(String.format(Locale.ROOT, "%05d-c%d.jpg", index, labels[index])), jpeg));
            StringBuilder csv = new StringBuilder("# jpegdl: the tables each file of " + outDir + " was written "
                    + "with (" + run.root() + ", adaptive " + layer.adaptation().text() + "): file index, 64 luma "
                    + "steps" + (test.channels() == 3 ? ", 64 chroma steps" : "") + ", natural order\n");
            for (int i = 0; i < own.size(); i++) {
                csv.append(i);
                for (int[] table : own.get(i).slots()) {
                    for (int v : table) {
                        csv.append(',').append(v);
                    }
                }
                csv.append('\n');
            }
            Path tablesFile = outDir.resolve("tables-per-image.csv");
            AtomicFiles.writeString(tablesFile, csv.toString());
            String what =
                    "each image's own tables (adaptive " + layer.adaptation().text() + ": the learned tables of "
                            + run.root() + " times the image's predicted multipliers, rounded)";
            Map<String, Object> summary = summary(run, test, what, e);
            summary.put("perImageTables", tablesFile.getFileName().toString());
            Json.write(outDir.resolve("compress.json"), summary);
            print(test, what, e);
            System.out.printf(Locale.ROOT, "  each file's tables: %s%n", tablesFile);
        }
        return 0;
    }

    /** Every image under --in written with the run's, the file's or the standard tables. */
    private int compressFolder(FileFormat format) throws Exception {
        int given = (runPath != null ? 1 : 0) + (qtables != null ? 1 : 0) + (quality != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException(
                    "--in DIR needs exactly one source of tables: --run RUN_DIR, " + "--qtables FILE or --quality Q");
        }
        if (round != null && runPath == null) {
            throw new IllegalArgumentException("--round picks a learned table of --run RUN_DIR");
        }
        if (limit.images > 0) {
            throw new IllegalArgumentException(
                    "--limit counts a run's test images; with --in every image of the " + "folder is written");
        }
        String what;
        CodecTables tables;
        if (qtables != null) {
            tables = CodecTables.readCjpegText(qtables);
            what = "the tables of " + qtables;
        } else if (quality != null) {
            tables = CodecTables.standard(checkedQuality(), true);
            what = "standard tables at quality " + quality;
        } else {
            RunDirectory run = new RunDirectory(runPath);
            RunConfig config = run.readConfig();
            if (config.jpeg() && config.recipe().adaptation() != Adaptation.NONE) {
                throw new IllegalArgumentException(run.root() + " adapts its tables to each image of its own data "
                        + "set; a folder needs fixed tables: --qtables FILE or a run with global tables");
            }
            tables = CodecTables.learned(run, round);
            what = "learned tables of " + run.root() + (round == null ? "" : ", round " + round);
        }
        FolderCompression.Result r = FolderCompression.compress(inDir, outDir, tables, format, System.out);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", command());
        summary.put("input", inDir.toString());
        summary.put("tables", what);
        summary.put("format", format.describe());
        summary.put("files", r.files());
        summary.put("grayFiles", r.grayFiles());
        summary.put("bytes", r.bytes());
        summary.put("pixels", r.pixels());
        summary.put("bitsPerPixel", r.bitsPerPixel());
        summary.put("inputBytes", r.inputBytes());
        summary.put("skipped", r.skipped());
        summary.put("luma", tables.luma());
        summary.put("chroma", tables.chroma());
        Json.write(outDir.resolve("compress.json"), summary);
        AtomicFiles.writeString(outDir.resolve("tables.txt"), tables.toCjpegText("jpegdl: " + what));
        System.out.printf(
                Locale.ROOT,
                "%s -> %s%n  %s%n  %s, %s%n",
                inDir,
                outDir,
                what,
                FolderCompression.describe(r),
                format.describe());
        if (!r.skipped().isEmpty()) {
            System.out.printf(Locale.ROOT, "  the skipped files are listed in %s%n", outDir.resolve("compress.json"));
            return Main.EXIT_USAGE;
        }
        return 0;
    }

    private int checkedQuality() {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("--quality must be in 1..100, got " + quality);
        }
        return quality;
    }

    private Map<String, Object> summary(RunDirectory run, ImageDataset test, String what, RateAccuracy.Encoded e) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", command());
        summary.put("run", run.root().toString());
        summary.put("tables", what);
        summary.put("format", format.describe());
        summary.put("dataset", test.name());
        summary.put("files", test.size());
        summary.put("channels", test.channels());
        summary.put("height", test.height());
        summary.put("width", test.width());
        summary.put("bytes", e.fileBytes());
        summary.put("entropyCodedBytes", e.entropyCodedBytes());
        summary.put("bitsPerPixel", e.bitsPerPixel());
        summary.put("entropyCodedBitsPerPixel", e.entropyCodedBitsPerPixel());
        summary.put("psnr", e.psnr());
        return summary;
    }

    private void print(ImageDataset test, String what, RateAccuracy.Encoded e) {
        System.out.printf(
                Locale.ROOT,
                "%d JPEG files (%s, %d×%d×%d) -> %s%n",
                test.size(),
                test.name(),
                test.channels(),
                test.height(),
                test.width(),
                outDir);
        System.out.printf(Locale.ROOT, "  %s%n", what);
        System.out.printf(
                Locale.ROOT,
                "  %,d bytes: %.3f bits per pixel (entropy-coded data %.3f), PSNR %s%n",
                e.fileBytes(),
                e.bitsPerPixel(),
                e.entropyCodedBitsPerPixel(),
                e.psnr() == null ? "lossless" : String.format(Locale.ROOT, "%.2f dB", e.psnr()));
    }

    private String command() {
        StringBuilder sb = new StringBuilder("./jpegdl compress");
        if (runPath != null) {
            sb.append(" --run ").append(runPath);
        }
        if (inDir != null) {
            sb.append(" --in ").append(inDir);
        }
        if (qtables != null) {
            sb.append(" --qtables ").append(qtables);
        }
        if (data.path != null) {
            sb.append(" --data ").append(data.path);
        }
        sb.append(" --out ").append(outDir);
        if (quality != null) {
            sb.append(" --quality ").append(quality);
        }
        if (round != null) {
            sb.append(" --round ").append(round);
        }
        if (limit.images > 0) {
            sb.append(" --test-limit ").append(limit.images);
        }
        if (!format.optimizedHuffman()) {
            sb.append(" --huffman standard");
        }
        if (format.subsampled()) {
            sb.append(" --subsample");
        }
        return sb.toString();
    }
}
