package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;

/**
 * One batch the suite attacks: the images of a test batch the network classifies correctly clean, and where the batch
 * lies in the epoch (its index seeds the attacks; its number shows progress).
 *
 * @param pixels the clean-correct images (N, C, H, W) in [0,255]
 * @param labels their float class indices (N)
 * @param index the batch's index in the epoch, from 0
 * @param batches batches in the epoch
 */
record AttackBatch(NDArray pixels, NDArray labels, int index, int batches) {

    /** Clean-correct images in the batch. */
    int size() {
        return (int) labels.size();
    }
}
