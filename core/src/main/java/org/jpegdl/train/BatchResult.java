package org.jpegdl.train;

import ai.djl.ndarray.NDArray;

/**
 * One training batch after its backward pass, as the listeners see it.
 *
 * @param index batch index within the epoch (0-based)
 * @param loss the batch's mean cross-entropy
 * @param logits the network's output (N, classes), alive until the listeners return
 * @param labels class indices (N)
 * @param size images in the batch
 */
public record BatchResult(int index, float loss, NDArray logits, NDArray labels, int size) {}
