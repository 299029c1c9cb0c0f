package org.jpegdl.cli;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.jpegdl.data.DatasetException;
import org.jpegdl.data.ImageDecoder;
import org.jpegdl.data.InputTransform;
import org.jpegdl.data.RgbImage;
import org.jpegdl.djl.RunInputBlock;
import org.jpegdl.djl.RunModels;
import org.jpegdl.djl.RunSignature;
import org.jpegdl.io.AtomicFiles;
import org.jpegdl.jpeg.JpegDlModel;
import org.jpegdl.nd.Devices;
import org.jpegdl.run.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jpegdl predict}: the top classes of image files by a trained run, loaded as a DJL model through
 * {@link RunModels} (DJL's Criteria with the run's block and translator factories).
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Classifies image files (JPEG, PNG, GIF, BMP, TIFF) with a run's last checkpoint, loaded as "
                    + "a DJL model (the Criteria of the README): each file is made what the run's test batches hold "
                    + "(in-memory data sets: resized to their size and channels when it differs, then padded; photo "
                    + "data sets: resized and centre-cropped as the run evaluates), then the top classes with their "
                    + "softmax probabilities.",
            "A file that cannot be read gets one line on standard error naming it; the others are still classified, "
                    + "and the exit status is 2."
        })
final class PredictCommand implements Callable<Integer> {

    @Mixin
    RunDirectoryOption runDir;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Image files to classify.")
    List<Path> files;

    @Option(names = "--top", defaultValue = "5", paramLabel = "K", description = "Classes shown per file.")
    int top;

    @Option(names = "--json", description = "One JSON document on standard output instead of lines.")
    boolean json;

    @Option(
            names = "--layer-output",
            paramLabel = "DIR",
            description = "Also write, per file, a PNG of what the classifier sees: the JPEG layer's output with its "
                    + "normalisation undone (a baseline run: its input).")
    Path layerOutput;

    @Mixin
    EngineOptions engine;

    @Spec
    CommandSpec spec;

    /** One file's result, as --json writes it. */
    record Prediction(String file, List<Ranked> top, String layerOutput) {}

    /** One class of a file's top classes. */
    record Ranked(int index, @JsonProperty("class") String className, double probability) {}

    /** A file that could not be classified. */
    record Failure(String file, String error) {}

    /** What --json writes. */
    record Report(String run, String device, List<Prediction> predictions, List<Failure> errors) {}

    @Override
    public Integer call() throws Exception {
        engine.apply();
        if (layerOutput != null) {
            OutputFolders.check(layerOutput, "--layer-output");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<Prediction> predictions = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        Set<String> written = new HashSet<>();
        try (ZooModel<Image, Classifications> model = RunModels.load(runDir.path, Devices.current());
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            RunSignature signature = RunSignature.fromJson(model.getProperty(RunSignature.PROPERTY));
            for (Path file : files) {
                RgbImage pixels;
                Classifications result;
                try {
                    // the data package's decoder, as training reads files: one line naming a file it cannot read
                    pixels = ImageDecoder.decode(file);
                    result = predictor.predict(ImageFactory.getInstance().fromImage(pixels.toBufferedImage()));
                } catch (DatasetException e) {
                    failures.add(new Failure(file.toString(), e.getMessage()));
                    err.println("error: " + e.getMessage());
                    continue;
                } catch (TranslateException e) {
                    String why = e.getCause() != null && e.getCause().getMessage() != null
                            ? e.getCause().getMessage()
                            : e.getMessage();
                    failures.add(new Failure(file.toString(), why));
                    err.println("error: " + file + ": cannot classify it (" + why + ")");
                    continue;
                }
                List<Ranked> ranked = new ArrayList<>();
                for (Classifications.Classification c :
                        result.topK(Math.min(top, signature.classNames().size()))) {
                    ranked.add(new Ranked(
                            signature.classNames().indexOf(c.getClassName()), c.getClassName(), c.getProbability()));
                }
                String view = null;
                if (layerOutput != null) {
                    view = writeView(model, signature.transform(), pixels, file, written)
                            .toString();
                }
                predictions.add(new Prediction(file.toString(), ranked, view));
                if (!json) {
                    System.out.println(line(file, ranked, view));
                }
            }
        }
        if (json) {
            System.out.println(Json.MAPPER.writeValueAsString(
                    new Report(runDir.path.toString(), Devices.name(Devices.current()), predictions, failures)));
        }
        return failures.isEmpty() ? 0 : Main.EXIT_USAGE;
    }

    private static String line(Path file, List<Ranked> ranked, String view) {
        StringBuilder sb = new StringBuilder(file.toString()).append(':');
        for (Ranked r : ranked) {
            sb.append(String.format(Locale.ROOT, "  %s %.2f%%", r.className(), 100 * r.probability()));
        }
        if (view != null) {
            sb.append("  (after the layer: ").append(view).append(')');
        }
        return sb.toString();
    }

    /** Writes what the classifier sees for {@code pixels} as a PNG in --layer-output; returns its path. */
    private Path writeView(
            ZooModel<Image, Classifications> model,
            InputTransform transform,
            RgbImage pixels,
            Path file,
            Set<String> written)
            throws IOException {
        int[] shape = transform.outputShape();
        float[] values;
        try (NDManager manager = model.getNDManager().newSubManager()) {
            float[] input = transform.apply(pixels);
            NDArray x = manager.create(input, new Shape(1, shape[0], shape[1], shape[2]));
            Block network = model.getBlock() instanceof RunInputBlock run ? run.network() : model.getBlock();
            values = network instanceof JpegDlModel jpegDl ? jpegDl.jpegLayer().view(x) : input;
        }
        Files.createDirectories(layerOutput);
        String stem = file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        String name = stem + ".png";
        for (int n = 2; !written.add(name); n++) {
            name = stem + "-" + n + ".png";
        }
        Path png = layerOutput.resolve(name);
        BufferedImage image = toImage(values, shape[0], shape[1], shape[2]);
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
        return png;
    }

    /** C×H×W values, clipped and rounded to bytes, as a grey or RGB image. */
    private static BufferedImage toImage(float[] values, int channels, int height, int width) {
        BufferedImage image = new BufferedImage(
                width, height, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = y * width + x;
                if (channels == 1) {
                    image.getRaster().setSample(x, y, 0, toByte(values[at]));
                } else {
                    image.setRGB(
                            x,
                            y,
                            toByte(values[at]) << 16
                                    | toByte(values[plane + at]) << 8
                                    | toByte(values[2 * plane + at]));
                }
            }
        }
        return image;
    }

    private static int toByte(float value) {
        return Math.max(0, Math.min(255, Math.round(value)));
    }
}
