package org.jpegdl.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The training data cut into a training part and a validation part: a share of every class (stratified), drawn
 * with a seed, so the same seed gives the same split and another seed another. Settings are chosen on the
 * validation part; the test split is never read for that.
 *
 * @param train the images trained on
 * @param validation the images held out for validation
 * @param fraction the share of every class held out
 */
public record ValidationSplit(LabelledImages train, LabelledImages validation, double fraction) {

    /**
     * Holds out ⌈fraction × n_k⌉ images of every class k (at least one, and at least one left to train on).
     *
     * @throws DatasetException when a class has fewer than two images, or the fraction is outside (0, 0.5]
     */
    public static ValidationSplit of(LabelledImages data, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 0.5)) {
            throw new DatasetException("validation fraction must be in (0, 0.5], got " + fraction);
        }
        int[] counts = data.classCounts();
        int[] held = new int[counts.length];
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] < 2) {
                throw new DatasetException(
                        data.name() + ": class " + k + " (" + data.classNames().get(k) + ") has " + counts[k]
                                + " image(s), too few to hold one out for validation and train on the rest");
            }
            held[k] = Math.min(counts[k] - 1, (int) Math.ceil(fraction * counts[k]));
        }
        // a seeded order of all images; per class, the first held[k] of that order go to validation
        int[] order = data.shuffledIndices(seed);
        int[] taken = new int[counts.length];
        boolean[] validation = new boolean[data.size()];
        for (int i : order) {
            int k = data.label(i);
            if (taken[k] < held[k]) {
                validation[i] = true;
                taken[k]++;
            }
        }
        List<Integer> trainIndices = new ArrayList<>();
        List<Integer> validationIndices = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            (validation[i] ? validationIndices : trainIndices).add(i);
        }
        return new ValidationSplit(
                data.subset(toArray(trainIndices)), data.subset(toArray(validationIndices)), fraction);
    }

    private static int[] toArray(List<Integer> indices) {
        return indices.stream().mapToInt(Integer::intValue).toArray();
    }

    /** In words, for logs. */
    @Override
    public String toString() {
        return train.size() + " train / " + validation.size() + " validation images (" + fraction
                + " of every class held out)";
    }
}
