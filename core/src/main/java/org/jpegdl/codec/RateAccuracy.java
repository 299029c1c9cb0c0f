package org.jpegdl.codec;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.jpegdl.data.ImageDataset;
import org.jpegdl.experiment.ImageMultipliers;
import org.jpegdl.experiment.Network;
import org.jpegdl.experiment.RunAssembly;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.RateEstimator;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.train.Evaluation;

/**
 * Rate against accuracy with a real codec: a run's test images are written as JPEG files (with the run's learned
 * tables and with the standard tables at the qualities of {@link #QUALITIES}, every file baseline with Huffman tables
 * optimised for it ({@link FileFormat#OPTIMIZED}); the learned tables 4:4:4 as the layer quantises, the ladder both
 * 4:4:4 and, for colour, 4:2:0), decoded again, and the decoded pixels
 * are classified by the trained model. Every point reports bits per pixel, PSNR and top-1 twice: through the JPEG
 * layer in hard mode (the network as trained, quantising a second time, as at inference) and with the layer bypassed
 * (decoded pixels straight into the normalisation and the classifier, as a deployed model fed real JPEG files would
 * see them). Baseline runs have no layer: only the bypassed figure exists and there is no learned point; zero-DC runs
 * have a layer but no tables, so no learned point either.
 *
 * <p>Definitions, also written into {@code rate.json}: bits per pixel = 8 × file bytes / (images × height × width),
 * whole files (headers included) and, separately, the entropy-coded data only; PSNR = 10·log10(255² / MSE), the MSE
 * taken over every pixel and channel of the split against the original uint8 images.
 *
 * <p>The hard-mode figure is not the same as the file's quantisation: the recipe may pad images (so the layer's
 * 8×8 grid is shifted against the file's), and the layer clamps quantisation indices to 8 bits, which a real codec
 * does not; the bypassed figure is the one that involves only the file.
 */
public final class RateAccuracy {

    /** The standard quality ladder: 5, 10, 15, …, 90, 95. */
    public static final List<Integer> QUALITIES =
            List.of(5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95);

    private RateAccuracy() {}

    /** The images of a split after a trip through real JPEG files, with the sizes and error of those files. */
    public record Encoded(ImageDataset decoded, long fileBytes, long entropyCodedBytes, long pixels, double mse) {

        /** Whole-file bits per pixel (per image position, all channels together). */
        public double bitsPerPixel() {
            return 8.0 * fileBytes / pixels;
        }

        /** Bits per pixel of the entropy-coded data alone (no headers). */
        public double entropyCodedBitsPerPixel() {
            return 8.0 * entropyCodedBytes / pixels;
        }

        /** PSNR in dB over the whole split; null when the files are lossless. */
        public Double psnr() {
            return mse == 0 ? null : 10 * Math.log10(255.0 * 255.0 / mse);
        }
    }

    /**
     * One point of the curve.
     *
     * @param label "learned", "adaptive" or "quality Q"
     * @param quality the IJG quality of standard tables, null for learned tables
     * @param bitsPerPixel whole files
     * @param entropyCodedBitsPerPixel entropy-coded data only
     * @param psnr dB, null for lossless files
     * @param top1Hard top-1 through the JPEG layer in hard mode, null for a baseline run
     * @param top1Bypassed top-1 of normalisation + classifier on the decoded pixels
     * @param luma the luma table written, natural order; null for adaptive tables (each file has its own)
     * @param chroma the chroma table written, natural order; null for grayscale and for adaptive tables
     * @param sampling "4:4:4" or "4:2:0" (null in files written before the ladder had both)
     * @param estimatedBitsPerPixel the {@link org.jpegdl.jpeg.RateEstimator}'s estimate of the entropy-coded data
     *     for the same tables (4:4:4 points with one table set; null otherwise)
     */
    public record Point(
            String label,
            Integer quality,
            double bitsPerPixel,
            double entropyCodedBitsPerPixel,
            Double psnr,
            Double top1Hard,
            double top1Bypassed,
            int[] luma,
            int[] chroma,
            String sampling,
            Double estimatedBitsPerPixel) {}

    /** Top-1 of the model on the original (never encoded) images. */
    public record Uncompressed(Double top1Soft, Double top1Hard, double top1Bypassed) {}

    /**
     * What {@code rate.json} holds.
     *
     * @param command the jpegdl command that regenerates the file
     * @param definitions how the numbers are computed
     * @param adaptive the point of each image's own tables, for a layer that adapts its tables; null otherwise
     * @param standard420 the ladder with 4:2:0 chroma (colour files only; null for grayscale and older files)
     * @param saved bits saved by the learned point at equal top-1 against the ladders ({@link BitsSaved}); null
     *     without a learned point
     */
    public record Curve(
            String run,
            String dataset,
            int images,
            int channels,
            int height,
            int width,
            String codec,
            String command,
            List<String> definitions,
            Uncompressed uncompressed,
            Point learned,
            List<Point> standard,
            Point adaptive,
            List<Point> standard420,
            BitsSaved saved) {}

    /** Receives each file as it is written: the image's index in the set and the file's bytes. */
    @FunctionalInterface
    public interface FileSink {
        void accept(int index, byte[] jpeg) throws IOException;
    }

    /**
     * Writes every image of {@code images} as a JPEG file with {@code tables} (in memory, standard Huffman tables,
     * 4:4:4), decodes it with ImageIO and returns the decoded set with the files' sizes and the squared error against
     * the originals.
     */
    public static Encoded encode(ImageDataset images, CodecTables tables) {
        return encode(images, tables, FileFormat.STANDARD);
    }

    /** As {@link #encode(ImageDataset, CodecTables)}, the files written in {@code format}. */
    public static Encoded encode(ImageDataset images, CodecTables tables, FileFormat format) {
        try {
            return encode(images, i -> tables, format, (index, jpeg) -> {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #encode(ImageDataset, CodecTables)}, handing every file to {@code sink} (to save it, say). */
    public static Encoded encode(ImageDataset images, CodecTables tables, FileSink sink) throws IOException {
        return encode(images, i -> tables, FileFormat.STANDARD, sink);
    }

    /**
     * Image i written with {@code tables.apply(i)} in {@code format}, every file handed to {@code sink}; decoded and
     * compared as {@link #encode(ImageDataset, CodecTables)}.
     */
    public static Encoded encode(ImageDataset images, IntFunction<CodecTables> tables, FileFormat format, FileSink sink)
            throws IOException {
        int c = images.channels();
        int h = images.height();
        int w = images.width();
        int n = images.imageBytes();
        byte[] original = images.pixels();
        byte[] decoded = new byte[original.length];
        long fileBytes = 0;
        long scanBytes = 0;
        double squaredError = 0;
        for (int i = 0; i < images.size(); i++) {
            byte[] image = images.image(i);
            byte[] jpeg = JpegFiles.encode(image, c, h, w, tables.apply(i), format);
            sink.accept(i, jpeg);
            fileBytes += jpeg.length;
            scanBytes += JpegFiles.entropyCodedBytes(jpeg);
            byte[] pixels = JpegFiles.decode(jpeg).pixels();
            System.arraycopy(pixels, 0, decoded, i * n, n);
            for (int k = 0; k < n; k++) {
                double d = (pixels[k] & 0xFF) - (image[k] & 0xFF);
                squaredError += d * d;
            }
        }
        ImageDataset set = new ImageDataset(
                images.name(),
                images.source() + ", through JPEG files",
                decoded,
                images.labels().clone(),
                images.numClasses(),
                c,
                h,
                w,
                images.classNames());
        return new Encoded(
                set, fileBytes, scanBytes, (long) images.size() * h * w, squaredError / ((double) images.size() * n));
    }

    /**
     * A class-balanced subset of {@code images} with {@code limit} images (seed 0, the same for every run, as
     * {@code --test-limit} draws), or all of them when {@code limit} is 0 or not smaller than the set.
     */
    public static ImageDataset limited(ImageDataset images, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("the test image limit must not be negative, got " + limit);
        }
        if (limit == 0 || limit >= images.size()) {
            return images;
        }
        if (limit < images.numClasses()) {
            throw new IllegalArgumentException(
                    "the test image limit draws the same number of images from every class: it must be "
                            + "at least the number of classes (" + images.numClasses() + "), got " + limit);
        }
        return images.subset(images.balancedIndices(limit / images.numClasses(), 0));
    }

    /**
     * Measures the curve of a loaded run over {@code test} (its test split, possibly limited), printing one line per
     * point to {@code log} (may be null). {@code multipliers} are those the run's adaptive layer gives {@code test} ({@link ImageMultipliers#of}), for
     * the adaptive point, whose files each hold their image's own tables; null for a layer that does not adapt.
     */
    public static Curve measure(
            RunAssembly.Prepared run,
            ImageDataset test,
            ImageMultipliers multipliers,
            String command,
            NDManager manager,
            PrintStream log) {
        Network network = run.network();
        JpegLayer layer = network.jpegLayer();
        Block bypassed = layer == null
                ? network.block()
                : Network.baseline(network.classifier(), network.mean(), network.std())
                        .block();
        Evaluator evaluator = new Evaluator(run, network, layer, bypassed, manager);

        Double soft = null;
        Double hard = null;
        if (layer != null) {
            soft = evaluator.top1(test, layer, JpegLayer.Quantization.SOFT);
            hard = evaluator.top1(test, layer, JpegLayer.Quantization.HARD);
        }
        Uncompressed uncompressed = new Uncompressed(soft, hard, evaluator.top1(test, null, null));
        print(
                log,
                String.format(
                        Locale.ROOT,
                        "original images: top-1 %s%s, bypassed %.2f%%",
                        soft == null ? "" : String.format(Locale.ROOT, "soft layer %.2f%%, ", 100 * soft),
                        hard == null ? "" : String.format(Locale.ROOT, "hard layer %.2f%%", 100 * hard),
                        100 * uncompressed.top1Bypassed()));

        Point learned = null;
        if (layer != null && layer.zeroDc()) {
            print(log, "zero-DC run: its JPEG layer has no learned tables, so there is no learned point");
        } else if (layer != null) {
            learned = evaluator.point("learned", null, test, CodecTables.of(layer), FileFormat.OPTIMIZED);
            print(log, describe(learned));
        }
        Point adaptive = null;
        if (multipliers != null) {
            List<CodecTables> own = CodecTables.forImages(layer, multipliers);
            adaptive = evaluator.point("adaptive", test, own::get);
            print(log, describe(adaptive) + " (each image its own tables)");
        }
        boolean color = test.channels() == 3;
        List<Point> standard = new ArrayList<>();
        List<Point> standard420 = color ? new ArrayList<>() : null;
        for (int q : QUALITIES) {
            Point p = evaluator.point("quality " + q, q, test, CodecTables.standard(q, color), FileFormat.OPTIMIZED);
            standard.add(p);
            print(log, describe(p));
            if (color) {
                Point s = evaluator.point(
                        "quality " + q + " 4:2:0", q, test, CodecTables.standard(q, true), FileFormat.OPTIMIZED_420);
                standard420.add(s);
                print(log, describe(s));
            }
        }
        BitsSaved saved = learned == null
                ? null
                : BitsSaved.of(List.of(learned), List.of(run.config().name()), standard, standard420);
        if (saved != null) {
            saved.describe().forEach(line -> print(log, "bits saved at equal top-1: " + line));
        }
        return new Curve(
                run.config().name(),
                test.name(),
                test.size(),
                test.channels(),
                test.height(),
                test.width(),
                "JDK ImageIO JPEG writer (libjpeg): baseline, Huffman tables optimised for each file; "
                        + "learned tables 4:4:4, the standard ladder 4:4:4" + (color ? " and 4:2:0" : "")
                        + "; decoded with ImageIO",
                command,
                definitions(),
                uncompressed,
                learned,
                standard,
                adaptive,
                standard420,
                saved);
    }

    /** Writes {@code rate.json} into the run directory; returns the file. */
    public static Path write(RunDirectory run, Curve curve) throws IOException {
        Path json = run.rateCurve();
        Json.write(json, curve);
        return json;
    }

    /** One line for the user. */
    public static String describe(Point p) {
        return String.format(
                Locale.ROOT,
                "%-16s %6.3f bpp (entropy-coded %6.3f%s), PSNR %s, top-1 %s bypassed %.2f%%",
                p.label(),
                p.bitsPerPixel(),
                p.entropyCodedBitsPerPixel(),
                p.estimatedBitsPerPixel() == null
                        ? ""
                        : String.format(Locale.ROOT, ", estimated %6.3f", p.estimatedBitsPerPixel()),
                p.psnr() == null ? "lossless" : String.format(Locale.ROOT, "%5.2f dB", p.psnr()),
                p.top1Hard() == null ? "" : String.format(Locale.ROOT, "hard layer %6.2f%%,", 100 * p.top1Hard()),
                100 * p.top1Bypassed());
    }

    private static List<String> definitions() {
        return List.of(
                "bitsPerPixel = 8 * (bytes of all files) / (images * height * width), headers included",
                "entropyCodedBitsPerPixel = the same over the entropy-coded data only (no headers)",
                "psnr = 10 * log10(255^2 / MSE), MSE over every pixel and channel of the split, decoded vs original",
                "top1Hard = decoded pixels through the JPEG layer in hard mode and the classifier",
                "top1Bypassed = decoded pixels through the normalisation and the classifier, no JPEG layer",
                "learned = the layer's effective tables (element-wise largest step over rounds), rounded to integers",
                "adaptive = each image written with its own tables: the learned steps times the image's predicted "
                        + "multipliers, clamped, effective over rounds, rounded (a layer that adapts its tables only)",
                "estimatedBitsPerPixel = the differentiable rate estimate the training loss uses, for the same "
                        + "tables and images (4:4:4, entropy-coded data)",
                "saved = bits per pixel saved at equal top1Bypassed against the smaller of the two ladders' rates, "
                        + "the ladders interpolated linearly in order of rate");
    }

    private static void print(PrintStream log, String line) {
        if (log != null) {
            log.println(line);
            log.flush();
        }
    }

    /** Evaluates the network and the bypass on data sets, restoring the layer's mode afterwards. */
    private record Evaluator(
            RunAssembly.Prepared run, Network network, JpegLayer layer, Block bypassed, NDManager manager) {

        double top1(ImageDataset images, JpegLayer through, JpegLayer.Quantization mode) {
            if (through == null) {
                return evaluate(bypassed, images);
            }
            JpegLayer.Quantization before = through.getQuantization();
            through.setQuantization(mode);
            try {
                return evaluate(network.block(), images);
            } finally {
                through.setQuantization(before);
            }
        }

        private double evaluate(Block block, ImageDataset images) {
            try (NDManager sub = manager.newSubManager()) {
                return Evaluation.evaluate(
                                block,
                                RunAssembly.evaluationBatches(
                                        images, run.config().recipe()),
                                sub)
                        .top1();
            }
        }

        Point point(String label, Integer quality, ImageDataset test, CodecTables tables, FileFormat format) {
            Encoded e = encode(test, tables, format);
            Double estimate =
                    format.subsampled() ? null : EstimatedSize.bitsPerPixel(test, tables, new RateEstimator(), manager);
            return point(label, quality, e, tables.luma(), tables.chroma(), format.samplingText(), estimate);
        }

        /** The point of files that each carry their own tables. */
        Point point(String label, ImageDataset test, IntFunction<CodecTables> tables) {
            try {
                return point(
                        label,
                        null,
                        encode(test, tables, FileFormat.OPTIMIZED, (index, jpeg) -> {}),
                        null,
                        null,
                        FileFormat.OPTIMIZED.samplingText(),
                        null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Point point(
                String label, Integer quality, Encoded e, int[] luma, int[] chroma, String sampling, Double estimate) {
            Double hard = layer == null ? null : top1(e.decoded(), layer, JpegLayer.Quantization.HARD);
            double bypass = top1(e.decoded(), null, null);
            return new Point(
                    label,
                    quality,
                    e.bitsPerPixel(),
                    e.entropyCodedBitsPerPixel(),
                    e.psnr(),
                    hard,
                    bypass,
                    luma,
                    chroma,
                    sampling,
                    estimate);
        }
    }
}
