package org.jpegdl.model;

import ai.djl.nn.Block;

/** Builds a fresh, uninitialised classifier {@link Block} that outputs logits (no softmax). */
@FunctionalInterface
public interface ModelFactory {

    /**
     * A new classifier.
     *
     * @param numClasses number of output logits, at least 1
     * @param inChannels channels of the input images: 1 (grayscale) or 3 (RGB)
     * @return an uninitialised block taking (N, inChannels, H, W) and returning (N, numClasses)
     */
    Block create(int numClasses, int inChannels);
}
