package org.jpegdl.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run directory, the unit everything after training reads: {@code config.json}, {@code metrics.jsonl} (one epoch
 * per line), {@code tables.json}, {@code summary.json}, {@code checkpoints/} and {@code plots/}.
 */
public final class RunDirectory {

    private final Path root;

    public RunDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return root.resolve("config.json");
    }

    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    public Path tables() {
        return root.resolve("tables.json");
    }

    public Path summary() {
        return root.resolve("summary.json");
    }

    public Path sensitivity() {
        return root.resolve("sensitivity.json");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path plots() {
        return root.resolve("plots");
    }

    /** Whether a config file exists here. */
    public boolean exists() {
        return Files.isRegularFile(config());
    }

    public RunConfig readConfig() throws IOException {
        if (!exists()) {
            throw new IOException(root + " is not a jpegdl run directory (no config.json)");
        }
        return Json.read(config(), RunConfig.class);
    }

    public void writeConfig(RunConfig config) throws IOException {
        Json.write(config(), config);
    }

    /** The epochs recorded so far, in order. */
    public List<EpochMetrics> readMetrics() throws IOException {
        List<EpochMetrics> out = new ArrayList<>();
        if (!Files.exists(metrics())) {
            return out;
        }
        int line = 0;
        for (String text : Files.readAllLines(metrics(), StandardCharsets.UTF_8)) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            try {
                out.add(Json.MAPPER.readValue(text, EpochMetrics.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(metrics() + " line " + line + ": not an epoch record (" + e.getOriginalMessage()
                        + ")");
            }
        }
        return out;
    }

    /** Rewrites the metrics file with exactly these epochs (atomically). */
    public void writeMetrics(List<EpochMetrics> epochs) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (EpochMetrics m : epochs) {
            sb.append(Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(m)).append('\n');
        }
        Json.writeString(metrics(), sb.toString());
    }

    public RunSummary readSummary() throws IOException {
        return Json.read(summary(), RunSummary.class);
    }
}
