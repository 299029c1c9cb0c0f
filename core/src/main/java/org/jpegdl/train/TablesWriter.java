package org.jpegdl.train;

import java.io.IOException;
import java.util.List;
import org.jpegdl.jpeg.JpegLayer;
import org.jpegdl.run.EpochMetrics;
import org.jpegdl.run.Json;
import org.jpegdl.run.RunDirectory;
import org.jpegdl.run.TablesFile;

/**
 * Writes a JPEG-DL run's {@code tables.json}: the initial tables at the start, the learned ones after each epoch;
 * nothing for a baseline or a layer without tables (the zero-DC ablation).
 *
 * @param run the run whose tables.json is written
 */
public record TablesWriter(RunDirectory run) implements TrainingListener {

    @Override
    public void onTrainingBegin(TrainingState state) throws IOException {
        write(state);
    }

    @Override
    public void onEpochEnd(TrainingState state) throws IOException {
        write(state);
    }

    private void write(TrainingState state) throws IOException {
        JpegLayer layer = state.jpegLayer();
        if (layer == null || layer.rounds() == 0) {
            return;
        }
        List<EpochMetrics> history = state.history();
        int epoch = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
        Json.write(run.tables(), TablesFile.of(layer, epoch));
    }
}
