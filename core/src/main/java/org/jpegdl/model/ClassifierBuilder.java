package org.jpegdl.model;

import ai.djl.nn.Block;

/**
 * What the builders of the ImageNet and fine-grained families share: the number of logits (required) and the input
 * channels (1 or 3, default 3), and the wrapping of the built network in an {@link ImageClassifier} that checks its
 * input. The concrete builder adds its architecture's settings.
 *
 * @param <B> the concrete builder, which the setters return so that calls chain
 */
public abstract class ClassifierBuilder<B extends ClassifierBuilder<B>> {

    private int numClasses;
    private int inChannels = 3;

    ClassifierBuilder() {}

    /** This builder as its concrete type. */
    protected abstract B self();

    /** Number of output logits. */
    public B setNumClasses(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        this.numClasses = numClasses;
        return self();
    }

    /** Input channels, 1 or 3 (default 3). */
    public B optInChannels(int inChannels) {
        this.inChannels = inChannels;
        return self();
    }

    int numClasses() {
        return numClasses;
    }

    /**
     * Throws before anything is built if {@link #setNumClasses} was not called or the input channels are neither 1
     * nor 3.
     *
     * @param family the model family, for the message
     */
    void checkSettings(String family) {
        if (numClasses == 0) {
            throw new IllegalStateException(family + " needs setNumClasses");
        }
        ImageClassifier.checkGrayOrRgb(family, inChannels);
    }

    /** {@code network}, which maps (N, inChannels, H, W) to (N, numClasses), wrapped to check its input. */
    ImageClassifier classifier(String architecture, Block network) {
        return ImageClassifier.of(architecture, numClasses, inChannels, network);
    }
}
