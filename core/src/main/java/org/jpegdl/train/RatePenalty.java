package org.jpegdl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jpegdl.io.AtomicFiles;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.jpeg.RateEstimator;
import org.jpegdl.nd.Scalars;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunDirectory;

/**
 * The rate term of rate-aware tables: λ · the estimated bits per pixel of the batch's images written with the JPEG
 * layer's tables ({@link JpegLayer#codingSteps}, {@link RateEstimator}), added to the cross-entropy. As a listener
 * it keeps the epoch's mean estimate and, after each epoch, rewrites the run's {@code rate-term.jsonl} (λ and the
 * estimate per epoch) and prints it. The gradient reaches the tables (and the predictor of adaptive tables); the
 * images themselves carry none.
 */
public final class RatePenalty implements LossTerm, TrainingListener {

    /** One line of {@code rate-term.jsonl}. */
    public record Epoch(int epoch, double lambda, double estimatedBitsPerPixel) {}

    private final JpegLayer layer;
    private final double lambda;
    private final RateEstimator estimator;
    private final RunDirectory run;
    private final PrintStream log;
    private final List<Epoch> history = new ArrayList<>();
    private double sum;
    private long batches;

    /**
     * @param layer the JPEG layer whose tables the files would be written with
     * @param lambda weight of the estimated bits per pixel, ≥ 0
     * @param estimator the estimate
     * @param run where {@code rate-term.jsonl} goes (null: no file)
     * @param log where the epoch's estimate is printed (null: silent)
     */
    public RatePenalty(JpegLayer layer, double lambda, RateEstimator estimator, RunDirectory run, PrintStream log) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("the rate term's lambda must be a non-negative number, got " + lambda);
        }
        this.layer = layer;
        this.lambda = lambda;
        this.estimator = estimator;
        this.run = run;
        this.log = log;
    }

    @Override
    public NDArray compute(ParameterStore parameterStore, NDArray pixels) {
        NDArray coefficients = layer.toCoefficients(pixels.stopGradient());
        NDArray steps = layer.codingSteps(parameterStore, coefficients, true);
        long pixelsPerImage = pixels.getShape().get(2) * pixels.getShape().get(3);
        NDArray bpp = estimator.bitsPerPixel(coefficients, steps, pixelsPerImage);
        sum += bpp.toType(DataType.FLOAT64, false).getDouble();
        batches++;
        return bpp.mul(Scalars.like(bpp, lambda));
    }

    @Override
    public void onTrainingBegin(TrainingState state) {
        history.clear();
        // a resumed run keeps the lines of the epochs its checkpoint holds
        if (run != null && state.startEpoch() > 0 && Files.isRegularFile(run.rateTerm())) {
            try {
                for (String line : Files.readAllLines(run.rateTerm(), StandardCharsets.UTF_8)) {
                    Epoch e = Json.MAPPER.readValue(line, Epoch.class);
                    if (e.epoch() <= state.startEpoch()) {
                        history.add(e);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(run.rateTerm() + ": not a rate-term file", e);
            }
        }
    }

    @Override
    public void onEpochBegin(TrainingState state, int batchesInEpoch) {
        sum = 0;
        batches = 0;
    }

    @Override
    public void onEpochEnd(TrainingState state) throws IOException {
        Epoch e = new Epoch(state.epoch() + 1, lambda, sum / Math.max(1, batches));
        history.add(e);
        if (run != null) {
            StringBuilder text = new StringBuilder();
            for (Epoch h : history) {
                text.append(Json.MAPPER
                                .writer()
                                .without(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(h))
                        .append('\n');
            }
            AtomicFiles.writeString(run.rateTerm(), text.toString());
        }
        if (log != null) {
            log.printf(
                    Locale.ROOT,
                    "  rate term: estimated %.4f bits per pixel (lambda %s)%n",
                    e.estimatedBitsPerPixel(),
                    lambda);
            log.flush();
        }
    }

    /** The λ this term weighs the estimate with. */
    public double lambda() {
        return lambda;
    }

    /** The mean estimated bits per pixel of every epoch so far. */
    public List<Epoch> history() {
        return List.copyOf(history);
    }
}
