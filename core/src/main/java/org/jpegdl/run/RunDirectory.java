package org.jpegdl.run;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run directory, the unit everything after training reads. It owns every file name of a run folder:
 * {@code config.json}, {@code metrics.jsonl} (one epoch per line), {@code tables.json}, {@code summary.json},
 * {@code sensitivity.json}, {@code sensitivity-regions-S.json}, {@code mean-magnitudes.json}, {@code attack.json}
 * (and {@code attack-previous.json}), {@code rate.json}, {@code report.html}, {@code network.json} (what the network
 * needs to load), {@code serving.properties} and {@code synset.txt} (the run as a DJL model directory),
 * {@code checkpoints/} and the figures in {@code plots/}. Nothing in it names another run that loading would read.
 */
public final class RunDirectory {

    /** The file name of a run's or a comparison's HTML page. */
    public static final String REPORT_PAGE = "report.html";
    /** The class that rebuilds a run's network for DJL, as {@link #servingProperties()} names it. */
    public static final String BLOCK_FACTORY = "org.jpegdl.djl.RunBlockFactory";
    /** The class that makes a run's translator for DJL, as {@link #servingProperties()} names it. */
    public static final String TRANSLATOR_FACTORY = "org.jpegdl.djl.RunTranslatorFactory";

    private final Path root;

    /** The run directory at {@code root} (it need not exist yet). */
    public RunDirectory(Path root) {
        this.root = root;
    }

    /** The directory itself. */
    public Path root() {
        return root;
    }

    /** The run's name: its directory's name. */
    public String name() {
        return root.getFileName().toString();
    }

    /** {@code config.json}: everything needed to rerun the run. */
    public Path config() {
        return root.resolve("config.json");
    }

    /** {@code metrics.jsonl}: one line of metrics per finished epoch. */
    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    /** {@code tables.json}: the initial and learned tables (JPEG-DL runs). */
    public Path tables() {
        return root.resolve("tables.json");
    }

    /** {@code network.json}: what the network needs to load from this folder alone ({@link NetworkFile}). */
    public Path network() {
        return root.resolve("network.json");
    }

    /** {@code summary.json}: the finished run's results. */
    public Path summary() {
        return root.resolve("summary.json");
    }

    /** {@code sensitivity.json}: the DCT sensitivity map of a trained baseline. */
    public Path sensitivity() {
        return root.resolve("sensitivity.json");
    }

    /** {@code sensitivity-regions-S.json}: the sensitivity map of a trained baseline per region of S pixels. */
    public Path regionSensitivity(int regionSize) {
        return root.resolve("sensitivity-regions-" + regionSize + ".json");
    }

    /** {@code mean-magnitudes.json}: mean |x| of the training split's DCT coefficients (abs-avg initialisation). */
    public Path meanMagnitudes() {
        return root.resolve("mean-magnitudes.json");
    }

    /** {@code attack.json}: top-1 under attack over a sweep of eps. */
    public Path attackReport() {
        return root.resolve("attack.json");
    }

    /** {@code attack-previous.json}: the attack.json an attack with other settings replaced, kept. */
    public Path previousAttackReport() {
        return root.resolve("attack-previous.json");
    }

    /** {@code adaptive.json}: what an adaptive layer's table predictor gives the test images. */
    public Path adaptiveTables() {
        return root.resolve("adaptive.json");
    }

    /** The distribution of the predicted multipliers, over the test set and per class. */
    public Path adaptivePlot() {
        return plots().resolve("adaptive.png");
    }

    /** The test images that got the coarsest and the finest tables. */
    public Path adaptiveExtremesPlot() {
        return plots().resolve("adaptive-extremes.png");
    }

    /** {@code rate.json}: bits per pixel, PSNR and top-1 of real JPEG files. */
    public Path rateCurve() {
        return root.resolve("rate.json");
    }

    /**
     * {@code rate-term.jsonl}: per epoch of a run with a rate term, its λ and the training images' mean estimated bits
     * per pixel.
     */
    public Path rateTerm() {
        return root.resolve("rate-term.jsonl");
    }

    /** {@code qtables.txt}: the run's learned tables as a {@code cjpeg -qtables} file ({@code learn-tables}). */
    public Path qtables() {
        return root.resolve("qtables.txt");
    }

    /** {@code report.html}: the run's page. */
    public Path report() {
        return root.resolve(REPORT_PAGE);
    }

    /** {@code checkpoints/}: the resumable checkpoints. */
    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /**
     * The epoch of this run's newest checkpoint; an IOException that says what is missing when the directory does
     * not exist, is not a run, or has no checkpoint yet.
     */
    public int lastCheckpointEpoch() throws IOException {
        RunDirectory enclosing = enclosingRun();
        if (enclosing != null) {
            throw new IOException(root + " is " + (Files.isDirectory(root) ? "a folder" : "a file") + " inside the run "
                    + enclosing.root() + ": name the run's folder itself");
        }
        if (!exists()) {
            throw notARun();
        }
        Optional<Integer> latest = checkpointStore().latestEpoch();
        if (latest.isEmpty() && Files.isRegularFile(summary())) {
            throw new IOException(root + " holds a finished run's results without its checkpoints (the runs kept "
                    + "under results/ keep none: they are large): train it again with the settings in its "
                    + "config.json to load it");
        }
        return latest.orElseThrow(() -> new IOException(root + " has no checkpoint yet"));
    }

    /** The run folder that holds this path (its checkpoints, a checkpoint, a file of a run), or null. */
    private RunDirectory enclosingRun() {
        Path at = root.toAbsolutePath().normalize();
        if (!Files.exists(at) || Files.isDirectory(at) && Files.isRegularFile(at.resolve("config.json"))) {
            return null;
        }
        for (Path up = at.getParent(); up != null && at.getNameCount() - up.getNameCount() <= 2; up = up.getParent()) {
            if (Files.isRegularFile(up.resolve("config.json"))) {
                return new RunDirectory(root.isAbsolute() ? up : relative(up));
            }
        }
        return null;
    }

    /** {@code path} as the user would name it: relative to the working directory when it lies under it. */
    private static Path relative(Path path) {
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) ? here.relativize(path) : path;
    }

    /** The checkpoints of this run, to save, find and load. */
    public Checkpoints checkpointStore() {
        return new Checkpoints(checkpoints());
    }

    /** {@code plots/}: the run's figures. */
    public Path plots() {
        return root.resolve("plots");
    }

    /** The training curves. */
    public Path curvesPlot() {
        return plots().resolve("curves.png");
    }

    /** The initial and learned tables as heat maps. */
    public Path tablesPlot() {
        return plots().resolve("tables.png");
    }

    /** The sensitivity map as heat maps. */
    public Path sensitivityPlot() {
        return plots().resolve("sensitivity.png");
    }

    /** Top-1 under attack against eps. */
    public Path attackPlot() {
        return plots().resolve("attack.png");
    }

    /** Top-1 under attack of this run and {@code otherRun} in one figure. */
    public Path attackPlotAgainst(String otherRun) {
        return plots().resolve("attack-vs-" + RunNames.check(otherRun, "run name") + ".png");
    }

    /** Top-1 and PSNR against bits per pixel. */
    public Path ratePlot() {
        return plots().resolve("rate.png");
    }

    /** Images before and after the JPEG layer. */
    public Path examplesPlot() {
        return plots().resolve("examples.png");
    }

    /** Every attack figure of this run: {@code attack.png} and {@code attack-vs-*.png}, in name order. */
    public List<Path> attackPlots() throws IOException {
        return plotsNamed("attack");
    }

    /** Every GradCAM++ figure of this run: {@code gradcam.png} and {@code gradcam-vs-*.png}, in name order. */
    public List<Path> gradCamPlots() throws IOException {
        return plotsNamed("gradcam");
    }

    /** The example figure, when it has been drawn. */
    public List<Path> examplePlots() throws IOException {
        return plotsNamed("examples");
    }

    private List<Path> plotsNamed(String prefix) throws IOException {
        if (!Files.isDirectory(plots())) {
            return List.of();
        }
        try (var files = Files.list(plots())) {
            return files.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith(prefix) && n.endsWith(".png");
                    })
                    .sorted()
                    .toList();
        }
    }

    /** GradCAM++ maps of this run. */
    public Path gradCamPlot() {
        return plots().resolve("gradcam.png");
    }

    /** GradCAM++ maps of this run and {@code otherRun} side by side. */
    public Path gradCamPlotAgainst(String otherRun) {
        return plots().resolve("gradcam-vs-" + RunNames.check(otherRun, "run name") + ".png");
    }

    /** Whether a config file exists here. */
    public boolean exists() {
        return Files.isRegularFile(config());
    }

    /** Why this is not a run to read: no folder, a file, a folder one may not read, or no config.json in it. */
    private IOException notARun() {
        if (Files.isRegularFile(root)) {
            return new IOException(
                    root + " is a file, not a run directory (a run is the folder that holds its " + "config.json)");
        }
        if (!Files.isDirectory(root)) {
            return new IOException(root + ": no such run directory");
        }
        if (!Files.isReadable(root) || !Files.isExecutable(root)) {
            return new AccessDeniedException(root.toString());
        }
        if (Files.exists(config()) && !Files.isReadable(config())) {
            return new AccessDeniedException(config().toString());
        }
        return new IOException(root + " is not a jpegdl run directory (no config.json)");
    }

    /** The run's configuration; an IOException of one line when this is not a run or its config.json is bad. */
    public RunConfig readConfig() throws IOException {
        if (!exists()) {
            throw notARun();
        }
        return Json.read(config(), RunConfig.class);
    }

    public void writeConfig(RunConfig config) throws IOException {
        Json.write(config(), config);
    }

    /**
     * {@code serving.properties}: the run as a DJL model directory. DJL's model loader reads it when a
     * {@code Criteria} names this directory ({@code optModelPath}), and so does DJL Serving: the engine, the
     * {@code BlockFactory} that rebuilds the network from {@code config.json} and loads the last checkpoint, and the
     * {@code TranslatorFactory} of the run's own preprocessing (both in {@code org.jpegdl.djl}, named here as text so
     * the run store needs nothing above it; {@code ZooLoaderTest} checks the names).
     */
    public Path servingProperties() {
        return root.resolve("serving.properties");
    }

    /** {@code synset.txt}: the class names, one a line, index = label, as DJL's image translators read them. */
    public Path synset() {
        return root.resolve("synset.txt");
    }

    /**
     * Writes {@link #servingProperties()} and {@link #synset()} ({@code classNames}, index = label). DJL reads
     * {@code translatorFactory} only for DJL Serving's Input/Output; a Criteria of Image → Classifications that
     * names nothing but the path gets DJL's own image classification translator, told here to hand the image over
     * untouched ({@code toTensor=false}) and to apply the softmax: the block then makes it what the run's batches hold.
     */
    public void writeServingProperties(List<String> classNames) throws IOException {
        for (String name : classNames) {
            if (name.contains("\n") || name.contains("\r")) {
                throw new IllegalArgumentException("a class name holds a line break: '" + name + "'");
            }
        }
        Json.writeString(synset(), String.join("\n", classNames) + "\n");
        Json.writeString(
                servingProperties(),
                String.join(
                        "\n",
                        "# DJL model directory: Criteria.builder().setTypes(Image.class, Classifications.class)",
                        "#     .optModelPath(RUN_DIR).build().loadModel() with jpegdl on the class path; DJL Serving too",
                        "engine=PyTorch",
                        "blockFactory=" + BLOCK_FACTORY,
                        "translatorFactory=" + TRANSLATOR_FACTORY,
                        "# a Criteria naming only this path gets DJL's image classification translator: the image untouched,",
                        "# the block makes it what the run's batches hold; probabilities by softmax, names from synset.txt",
                        "toTensor=false",
                        "applySoftmax=true",
                        "# the block factory loads the last checkpoint itself",
                        "option.hasParameter=false",
                        ""));
    }

    /** The epochs recorded so far, in order. */
    public List<EpochMetrics> readMetrics() throws IOException {
        List<EpochMetrics> out = new ArrayList<>();
        if (!Files.exists(metrics())) {
            return out;
        }
        if (Files.isDirectory(metrics()) || Files.isSymbolicLink(metrics())) {
            throw new IOException(metrics() + " is a " + (Files.isSymbolicLink(metrics()) ? "symbolic link" : "folder")
                    + ", not the run's own file of epoch records");
        }
        int line = 0;
        for (String text : Files.readAllLines(metrics(), StandardCharsets.UTF_8)) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            out.add(Json.parse(text, EpochMetrics.class, metrics() + " line " + line));
        }
        return out;
    }

    /** Rewrites the metrics file with exactly these epochs (atomically). */
    public void writeMetrics(List<EpochMetrics> epochs) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (EpochMetrics m : epochs) {
            sb.append(Json.MAPPER
                            .writer()
                            .without(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(m))
                    .append('\n');
        }
        Json.writeString(metrics(), sb.toString());
    }

    public RunSummary readSummary() throws IOException {
        return Json.read(summary(), RunSummary.class);
    }
}
