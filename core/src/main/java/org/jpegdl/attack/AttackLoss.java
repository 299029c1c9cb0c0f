package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The per-image loss a gradient attack ascends. Cross-entropy is what PGD and FGSM use; the difference of logits ratio
 * (Croce and Hein, 2020) is invariant to shifting and scaling the logits, so a network cannot hide behind a large or
 * small logit scale: DLR(z, y) = −(z_y − max_{i≠y} z_i) / (z_π1 − z_π3 + 10⁻¹²), z_π1 ≥ z_π2 ≥ … the sorted logits
 * (it needs at least 3 classes).
 */
public enum AttackLoss {
    /** −log softmax(z)_y. */
    CROSS_ENTROPY("CE"),
    /** The difference of logits ratio. */
    DLR("DLR");

    private final String shortName;

    AttackLoss(String shortName) {
        this.shortName = shortName;
    }

    /** "CE" or "DLR", as attack names carry it. */
    public String shortName() {
        return shortName;
    }

    /**
     * The loss of every image, shape (N), with the gradient flowing to the logits.
     *
     * @param logits (N, classes)
     * @param labels float class indices (N)
     */
    public NDArray perImage(NDArray logits, NDArray labels) {
        int classes = (int) logits.getShape().get(1);
        NDArray oneHot = labels.toType(DataType.INT64, false).oneHot(classes, logits.getDataType());
        if (this == CROSS_ENTROPY) {
            return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
        }
        if (classes < 3) {
            throw new IllegalArgumentException("the DLR loss needs at least 3 classes, got " + classes);
        }
        NDArray trueLogit = logits.mul(oneHot).sum(new int[] {1});
        // the largest other logit: the true class pushed far below every other (a constant, no gradient through it)
        NDArray otherLogit = logits.sub(oneHot.mul(1e9f)).max(new int[] {1});
        NDArray sorted = logits.sort(1); // ascending
        NDArray first = sorted.get(":, " + (classes - 1));
        NDArray third = sorted.get(":, " + (classes - 3));
        // + 1e-12 as the reference; added to an array (add keeps no Java number for the backward pass)
        NDArray scale = first.sub(third).add(1e-12f);
        return trueLogit.sub(otherLogit).div(scale).neg();
    }
}
