package org.jpegdl.jpeg;

import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * Builder of {@link JpegLayer}, from {@link JpegLayer#builder()}: every setting is optional and defaults to the
 * paper's; {@link #build()} checks that they agree with each other.
 */
public final class JpegLayerBuilder {
    int channels = 3;
    int rounds = 1;
    double alpha = 5;
    float[][] alphaLuma;
    float[][] alphaChroma;
    boolean alphaScaling;
    boolean trainableAlpha;
    double hardness;
    int regionSize;
    boolean zeroDc;
    int candidates = 5;
    int bits = 8;
    float[] mean;
    float[] std;
    TableInit init = TableInit.quality(50);
    Adaptation adaptation = Adaptation.NONE;

    JpegLayerBuilder() {}

    /**
     * Whether and how the tables adapt to each image through a {@link TablePredictor} (default none).
     *
     * @param adaptation how the tables adapt, or null for none
     * @return this builder
     */
    public JpegLayerBuilder optAdaptation(Adaptation adaptation) {
        this.adaptation = adaptation == null ? Adaptation.NONE : adaptation;
        return this;
    }

    /**
     * 3 for RGB (luma and chroma tables), 1 for grayscale (luma only).
     *
     * @param channels 1 or 3
     * @return this builder
     */
    public JpegLayerBuilder optChannels(int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("JPEG layer channels must be 1 or 3, got " + channels);
        }
        this.channels = channels;
        return this;
    }

    /**
     * Soft quantiser applications in sequence, each with its own tables (≥ 1).
     *
     * @param rounds the number of rounds
     * @return this builder
     */
    public JpegLayerBuilder optRounds(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        this.rounds = rounds;
        return this;
    }

    /**
     * Hardness of the soft quantiser (default 5).
     *
     * @param alpha α, positive and finite
     * @return this builder
     */
    public JpegLayerBuilder optAlpha(double alpha) {
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
        }
        this.alpha = alpha;
        return this;
    }

    /**
     * Whether the alphas (64 per table per round) are trainable parameters (default fixed).
     *
     * @param trainable whether α is trained
     * @return this builder
     */
    public JpegLayerBuilder optTrainableAlpha(boolean trainable) {
        this.trainableAlpha = trainable;
        return this;
    }

    /**
     * Alpha per frequency: {@code luma[round]} and {@code chroma[round]}, 64 positive values each in natural order (a
     * single pair serves every round); the fixed values, or the starting values of trainable ones.
     *
     * @param luma 64 luma values per round (or one table for every round)
     * @param chroma 64 chroma values per round, as many tables as {@code luma}
     * @return this builder
     */
    public JpegLayerBuilder optAlphaTables(float[][] luma, float[][] chroma) {
        if (luma == null || chroma == null || luma.length == 0 || luma.length != chroma.length) {
            throw new IllegalArgumentException("alpha tables need the same number (≥ 1) of luma and chroma tables");
        }
        for (int r = 0; r < luma.length; r++) {
            TableInit.checkTable(luma[r], "luma alpha of round " + r);
            TableInit.checkTable(chroma[r], "chroma alpha of round " + r);
        }
        this.alphaLuma = deepCopy(luma);
        this.alphaChroma = deepCopy(chroma);
        return this;
    }

    /**
     * Alpha divided by the initial step of its frequency (the reference's {@code alpha_scaling}).
     *
     * @param scaling whether α is divided by the initial steps
     * @return this builder
     */
    public JpegLayerBuilder optAlphaScaling(boolean scaling) {
        this.alphaScaling = scaling;
        return this;
    }

    /**
     * Hardness matching (the reference's {@code hardness_matching}): before every pass alpha = {@code hardness}/q² per
     * frequency from the current steps, a constant of that pass; 0 turns it off.
     *
     * @param hardness H, or 0 for no hardness matching
     * @return this builder
     */
    public JpegLayerBuilder optHardness(double hardness) {
        if (!(hardness >= 0) || !Double.isFinite(hardness)) {
            throw new IllegalArgumentException(
                    "hardness must be positive and finite (0: no hardness matching), " + "got " + hardness);
        }
        this.hardness = hardness;
        return this;
    }

    /**
     * Spatial tables (the reference's {@code Multi_Q_table}): one table pair, and alpha, per region of {@code size} ×
     * {@code size} pixels (a multiple of 8); 0 (default) for one pair for the whole image.
     *
     * @param size the region side in pixels, a multiple of 8, or 0
     * @return this builder
     */
    public JpegLayerBuilder optRegionSize(int size) {
        if (size < 0 || size % 8 != 0) {
            throw new IllegalArgumentException("spatial table region size must be a multiple of 8, got " + size);
        }
        this.regionSize = size;
        return this;
    }

    /**
     * The zero-DC ablation (the reference's {@code zero_dc}): every block's DC coefficient set to 0, no quantiser and
     * no tables.
     *
     * @param zeroDc whether this is the zero-DC ablation
     * @return this builder
     */
    public JpegLayerBuilder optZeroDc(boolean zeroDc) {
        this.zeroDc = zeroDc;
        return this;
    }

    /**
     * Reconstruction levels in the window (default 5).
     *
     * @param candidates reconstruction levels in the window
     * @return this builder
     */
    public JpegLayerBuilder optCandidates(int candidates) {
        this.candidates = candidates;
        return this;
    }

    /**
     * Index clamp range in bits (default 8).
     *
     * @param bits the index range in bits
     * @return this builder
     */
    public JpegLayerBuilder optBits(int bits) {
        this.bits = bits;
        return this;
    }

    /**
     * Output normalisation: (x/255 − mean)/std per channel (default mean 0, std 1).
     *
     * @param mean per-channel mean, one value per channel
     * @param std per-channel standard deviation, positive, one value per channel
     * @return this builder
     */
    public JpegLayerBuilder optNormalization(float[] mean, float[] std) {
        this.mean = mean.clone();
        this.std = std.clone();
        return this;
    }

    /**
     * Where the step tables start (default standard quality 50).
     *
     * @param init the starting tables
     * @return this builder
     */
    public JpegLayerBuilder optTableInit(TableInit init) {
        this.init = init;
        return this;
    }

    /**
     * Builds the layer, checking that the settings agree with each other.
     *
     * @return the layer
     */
    public JpegLayer build() {
        new SoftQuantizer(candidates, bits); // validates candidates and bits
        if (mean == null) {
            mean = new float[channels];
            std = new float[channels];
            Arrays.fill(std, 1f);
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("normalisation needs " + channels + " mean and std values, got "
                    + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalisation std must be positive, got " + s);
            }
        }
        if (init.rounds() > 1 && init.rounds() != rounds) {
            throw new IllegalArgumentException(
                    "initial tables cover " + init.rounds() + " rounds but the layer has " + rounds);
        }
        for (int r = 0; r < rounds; r++) {
            for (int g = 0; g < init.regions(); g++) {
                TableInit.checkTable(init.luma(r, g), "luma table of round " + r);
                TableInit.checkTable(init.chroma(r, g), "chroma table of round " + r);
            }
        }
        if (init.regions() > 1 && regionSize == 0) {
            throw new IllegalArgumentException("initial tables per region need spatial tables (a region size)");
        }
        if (alphaLuma != null && alphaLuma.length > 1 && alphaLuma.length != rounds) {
            throw new IllegalArgumentException(
                    "alpha tables cover " + alphaLuma.length + " rounds but the layer has " + rounds);
        }
        if (hardness > 0 && (trainableAlpha || alphaScaling || alphaLuma != null)) {
            throw new IllegalArgumentException("hardness matching sets alpha from the steps before every pass: it "
                    + "cannot be combined with trainable, scaled or explicit alpha");
        }
        return new JpegLayer(this);
    }

    private static float[][] deepCopy(float[][] tables) {
        float[][] out = new float[tables.length][];
        for (int i = 0; i < tables.length; i++) {
            out[i] = tables[i].clone();
        }
        return out;
    }

    /** The alpha policy of these settings for a layer of {@code rounds} rounds whose region count is asked later. */
    AlphaPolicy alphaPolicy(int rounds, IntSupplier regionCount) {
        if (hardness > 0) {
            return new MatchedAlpha(hardness);
        }
        AlphaPolicy.Start start = new AlphaPolicy.Start(alpha, alphaLuma, alphaChroma, alphaScaling, init);
        return trainableAlpha ? new TrainableAlpha(start, rounds, channels, regionCount) : new FixedAlpha(start);
    }
}
