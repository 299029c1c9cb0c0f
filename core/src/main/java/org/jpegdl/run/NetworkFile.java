package org.jpegdl.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.util.List;
import org.jpegdl.data.InputTransform;
import org.jpegdl.jpeg.TableInit;

/**
 * A run's {@code network.json}: everything its network needs when it is loaded that is neither in
 * {@code config.json} nor in a checkpoint, so a finished run loads from its own folder alone (moved, copied to
 * another machine, its baseline deleted, without its data set): the classes, the batches' image shape, the
 * normalisation, how an outside image becomes an input, and the JPEG layer's initial tables exactly as they were
 * made (a sensitivity map of another run, mean magnitudes of the data, ...), which a fixed or scaled alpha still
 * depends on after training. Written once when the run starts.
 *
 * @param classNames one name per class, index = label
 * @param inputShape channels, height and width of the batches the network was trained on
 * @param mean per-channel mean of the normalisation, on [0,1] pixels
 * @param std per-channel standard deviation of the normalisation
 * @param input how an image from outside the data set becomes what the evaluation batches hold
 * @param tables the JPEG layer's initial tables (absent for a baseline and for a layer without tables)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkFile(
        List<String> classNames,
        int[] inputShape,
        float[] mean,
        float[] std,
        InputTransform input,
        InitialTables tables) {

    /**
     * The initial tables of a JPEG layer, as {@link TableInit} holds them (before the layer's clamp).
     *
     * @param init how they were made, as the layer describes it
     * @param luma [round][region] → 64 steps, natural row-major order
     * @param chroma the same for chroma
     */
    public record InitialTables(String init, float[][][] luma, float[][][] chroma) {

        /** The tables of {@code init}. */
        public static InitialTables of(TableInit init) {
            float[][][] luma = new float[init.rounds()][init.regions()][];
            float[][][] chroma = new float[init.rounds()][init.regions()][];
            for (int r = 0; r < init.rounds(); r++) {
                for (int g = 0; g < init.regions(); g++) {
                    luma[r][g] = init.luma(r, g);
                    chroma[r][g] = init.chroma(r, g);
                }
            }
            return new InitialTables(init.toString(), luma, chroma);
        }

        /** The same tables as a {@link TableInit}, with the same description. */
        public TableInit toTableInit() {
            return TableInit.explicitRegions(init, luma, chroma);
        }
    }

    /** Number of classes. */
    public int classes() {
        return classNames.size();
    }

    /** Reads and checks {@code run}'s network.json. */
    public static NetworkFile read(RunDirectory run) throws IOException {
        NetworkFile file = Json.read(run.network(), NetworkFile.class);
        if (file.classNames() == null
                || file.classNames().isEmpty()
                || file.inputShape() == null
                || file.inputShape().length != 3
                || file.mean() == null
                || file.std() == null
                || file.mean().length != file.inputShape()[0]
                || file.std().length != file.inputShape()[0]
                || file.input() == null) {
            throw new IOException(run.network() + ": needs classNames, inputShape (C, H, W), mean and std (one per "
                    + "channel) and input");
        }
        return file;
    }
}
