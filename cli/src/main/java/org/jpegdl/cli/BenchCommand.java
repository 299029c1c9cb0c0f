package org.jpegdl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.jpegdl.bench.FrozenStepBenchmark;
import org.jpegdl.bench.LayerProfile;
import org.jpegdl.bench.QuantizerProfile;
import org.jpegdl.bench.StepBenchmark;
import org.jpegdl.data.Augment;
import org.jpegdl.data.Batches;
import org.jpegdl.data.DatasetOptions;
import org.jpegdl.data.DatasetZoo;
import org.jpegdl.data.ImageList;
import org.jpegdl.data.LabelledImages;
import org.jpegdl.data.PhotoTransform;
import org.jpegdl.experiment.RunTraining;
import org.jpegdl.io.FileTrees;
import org.jpegdl.recipe.Recipe;
import org.jpegdl.recipe.TableInitialization;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.RunConfig;
import org.jpegdl.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jpegdl bench}: speed of a training step with and without the JPEG layer, the data pipeline, memory. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Training step time of a model with and without the JPEG layer, and the layer's own "
                    + "forward+backward, measured in alternating rounds in one process (ratios are the figures to "
                    + "quote); the data pipeline's images/s against training's; with --memory-epochs, resident memory "
                    + "per epoch of a real training run; with --profile, where the layer's own time goes instead."
        })
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "resnet20", description = "Model name.")
    String model;

    // an initial value, not a defaultValue: picocli applies those after the arguments, over the older name's
    @Option(names = "--batch-size", description = "Batch size (as train names it).")
    int batch = 128;

    /** The older name of {@code --batch-size}, still read, not shown. */
    @Option(names = "--batch", hidden = true, paramLabel = "N")
    void olderBatchName(int n) {
        batch = n;
    }

    @Option(names = "--size", defaultValue = "32", description = "Image height and width.")
    int size;

    @Option(names = "--channels", defaultValue = "3", description = "Image channels (1 or 3).")
    int channels;

    @Option(names = "--classes", defaultValue = "100", description = "Classes of the head.")
    int classes;

    @Option(names = "--rounds", defaultValue = "5", description = "Alternating measurement rounds.")
    int rounds;

    @Option(names = "--steps", defaultValue = "5", description = "Steps per variant per round.")
    int steps;

    @Mixin
    EngineOptions engine;

    @Option(
            names = "--dataset",
            defaultValue = "fashion-mnist-mini",
            description = "Data set whose pipeline is timed (augmented, padded to 32 as the CIFAR recipe; photo "
                    + "sets decoded and randomly cropped to --size).")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory of the data set.")
    Path data;

    @Option(
            names = "--memory-epochs",
            defaultValue = "0",
            description = "Also train a JPEG-DL run this many epochs on the data set and report resident memory.")
    int memoryEpochs;

    @Option(
            names = "--profile",
            paramLabel = "layer|quantiser|frozen",
            description = "Instead of the step benchmark: 'frozen' times the step of rate-aware tables in front of a "
                    + "frozen classifier (no weight gradients, only the tables stepped) against a full JPEG-DL step, "
                    + "both with the rate term (--lambda); 'layer' times the JPEG layer's forward and backward in each "
                    + "quantisation mode (SOFT, HARD, OFF); 'quantiser' times the layer's soft quantiser alone on one "
                    + "batch slice, as wholes and per operator (PyTorch's profiler). Both on --batch-size random "
                    + "images of --channels x --size x --size, gradients to the tables only as in training, --rounds rounds "
                    + "of --steps passes per mode, medians and quartiles. Default: no profile, the step benchmark.")
    String profile;

    @Option(
            names = "--quantiser-rounds",
            defaultValue = "1",
            description = "Step benchmark: soft quantiser rounds "
                    + "of the JPEG layer, each with its own tables (the authors' ImageNet result uses 5).")
    int quantiserRounds;

    @Option(names = "--lambda", defaultValue = "0.1", description = "With --profile frozen: the rate term's lambda.")
    double lambda;

    @Option(
            names = "--alpha-variants",
            description = "With --profile layer: the SOFT layer also with alpha per frequency, trainable alpha per "
                    + "frequency and hardness matching, in the same rotation; each one's forward+backward median and "
                    + "its ratio to scalar alpha.")
    boolean alphaVariants;

    @Override
    public Integer call() throws Exception {
        engine.apply();
        if (quantiserRounds != 1 && profile != null) {
            throw new IllegalArgumentException("--quantiser-rounds goes with the step benchmark (no --profile)");
        }
        if (alphaVariants && !"layer".equals(profile)) {
            throw new IllegalArgumentException("--alpha-variants goes with --profile layer only");
        }
        if (profile != null) {
            switch (profile) {
                case "layer" ->
                    ProfileReport.print(LayerProfile.run(batch, channels, size, rounds, steps, alphaVariants));
                case "quantiser" -> ProfileReport.print(QuantizerProfile.run(batch, channels, size, rounds, steps));
                case "frozen" ->
                    printFrozen(FrozenStepBenchmark.run(
                            model, classes, channels, batch, size, rounds, steps, engine.threads(), lambda));
                default ->
                    throw new IllegalArgumentException(
                            "--profile must be layer, quantiser or frozen, got '" + profile + "'");
            }
            return 0;
        }
        System.out.printf(
                Locale.ROOT,
                "%s, batch %d, %dx%dx%d, %d threads, %d rounds x %d steps, JPEG layer of %d " + "quantiser round(s)%n",
                model,
                batch,
                channels,
                size,
                size,
                engine.threads(),
                rounds,
                steps,
                quantiserRounds);
        StepBenchmark.Result r = StepBenchmark.run(
                model, classes, channels, batch, size, rounds, steps, engine.threads(), quantiserRounds);
        System.out.println("  " + r.layer());
        System.out.printf(
                Locale.ROOT, "  baseline step   %8.1f ms  %7.1f img/s%n", r.baselineMs(), r.baselineImagesPerSecond());
        System.out.printf(
                Locale.ROOT, "  JPEG-DL step    %8.1f ms  %7.1f img/s%n", r.jpegDlMs(), r.jpegDlImagesPerSecond());
        System.out.printf(
                Locale.ROOT, "  layer fwd+bwd   %8.1f ms (gradients to the tables, as in training)%n", r.layerMs());
        StepBenchmark.Ratio ratio = r.stepRatio();
        System.out.printf(
                Locale.ROOT,
                "  JPEG-DL / baseline step time, paired per round: %.3f (quartiles %.3f–%.3f, "
                        + "95%% CI of the median %.3f–%.3f; layer adds %+.1f%%), layer share of the JPEG-DL step: %.1f%%%n",
                ratio.median(),
                ratio.lowerQuartile(),
                ratio.upperQuartile(),
                ratio.ciLow(),
                ratio.ciHigh(),
                100 * (ratio.median() - 1),
                100 * r.layerShare());

        LabelledImages train = DatasetZoo.load(dataset, data).train();
        boolean photos = train instanceof ImageList;
        int cores = Runtime.getRuntime().availableProcessors();
        if (!photos) {
            report(pipeline(train, DatasetOptions.builder().optImageSize(size).build()), "augmented, float NCHW", r);
        } else {
            for (int threads : new TreeSet<>(List.of(1, cores))) {
                report(
                        pipeline(
                                train,
                                DatasetOptions.builder()
                                        .optImageSize(size)
                                        .optDecodeThreads(threads)
                                        .build()),
                        threads + " decode thread(s), no cache",
                        r);
            }
            Path cache = Files.createTempDirectory("jpegdl-bench-cache");
            try {
                Batches cached = pipeline(
                        train,
                        DatasetOptions.builder()
                                .optImageSize(size)
                                .optDecodeThreads(cores)
                                .optCacheDirectory(cache)
                                .build());
                report(cached, cores + " decode thread(s), cache being filled", r);
                report(cached, cores + " decode thread(s), from the cache", r);
            } finally {
                FileTrees.delete(cache);
            }
        }

        if (memoryEpochs > 0) {
            Path dir = Files.createTempDirectory("jpegdl-bench-memory");
            Recipe recipe = Recipe.cifar()
                    .withEpochs(memoryEpochs)
                    .withTableInit(TableInitialization.quality(50))
                    .withBatchSize(batch);
            RunConfig config = new RunConfig(
                    "memory",
                    dataset,
                    data == null ? null : data.toString(),
                    model,
                    true,
                    recipe,
                    0,
                    0,
                    0,
                    engine.threads(),
                    Versions.current());
            RunDirectory run = new RunDirectory(dir.resolve("memory"));
            RunTraining.train(config, run, false, null, false);
            List<EpochMetrics> m = run.readMetrics();
            StringBuilder rss = new StringBuilder("  resident memory after each epoch (MiB):");
            StringBuilder heap = new StringBuilder("  C heap in use (tensors) after each epoch (MiB):");
            for (EpochMetrics e : m) {
                rss.append(String.format(Locale.ROOT, " %.0f", e.residentMemoryMb()));
                heap.append(String.format(Locale.ROOT, " %.0f", e.nativeHeapMb()));
            }
            System.out.println(rss);
            System.out.println(heap);
            if (m.size() >= 5) {
                System.out.printf(
                        Locale.ROOT,
                        "  epoch 5 / epoch 2: %.3f%n",
                        m.get(4).residentMemoryMb() / m.get(1).residentMemoryMb());
            }
            System.out.println("  (run written to " + run.root() + ")");
        }
        return 0;
    }

    private static void printFrozen(FrozenStepBenchmark.Result r) {
        System.out.printf(
                Locale.ROOT,
                "%s, batch %d, %dx%dx%d, %d threads, %d rounds x %d steps, loss cross-entropy + "
                        + "%s x estimated bits per pixel%n",
                r.model(),
                r.batch(),
                r.channels(),
                r.size(),
                r.size(),
                r.threads(),
                r.rounds(),
                r.stepsPerRound(),
                r.lambda());
        System.out.printf(
                Locale.ROOT,
                "  full JPEG-DL step           %8.1f ms (%d parameter arrays stepped)%n",
                r.fullMs(),
                r.parametersStepped()[1]);
        System.out.printf(
                Locale.ROOT,
                "  frozen-classifier step      %8.1f ms (%d parameter arrays stepped: the " + "tables)%n",
                r.frozenMs(),
                r.parametersStepped()[0]);
        StepBenchmark.Ratio ratio = r.ratio();
        System.out.printf(
                Locale.ROOT,
                "  frozen / full step time, paired per round: %.3f (quartiles %.3f–%.3f, 95%% CI "
                        + "of the median %.3f–%.3f)%n",
                ratio.median(),
                ratio.lowerQuartile(),
                ratio.upperQuartile(),
                ratio.ciLow(),
                ratio.ciHigh());
    }

    private Batches pipeline(LabelledImages train, DatasetOptions options) {
        return Batches.builder()
                .setSource(train)
                .setBatchSize(batch)
                .optAugment(Augment.cifarTraining(32))
                .optPhotoTransform(PhotoTransform.training(size))
                .optDecoding(options)
                .optShuffle(true)
                .optSeed(0)
                .optPrefetch(true)
                .build();
    }

    /** Times up to 50 batches of epoch 0 (the same images every call) against the JPEG-DL training throughput. */
    private void report(Batches pipeline, String how, StepBenchmark.Result r) {
        Batches.Throughput th = pipeline.measureThroughput(0, Math.max(1, Math.min(pipeline.batchesPerEpoch(), 50)));
        System.out.printf(
                Locale.ROOT,
                "  data pipeline (%s, %s): %.0f img/s = %.1fx the JPEG-DL training " + "throughput%n",
                dataset,
                how,
                th.imagesPerSecond(),
                th.imagesPerSecond() / r.jpegDlImagesPerSecond());
    }
}
