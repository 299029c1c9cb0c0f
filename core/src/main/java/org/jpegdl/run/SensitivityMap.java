package org.jpegdl.run;

import org.jpegdl.jpeg.TableInit;

/**
 * Per-frequency sensitivity of a trained model's loss to the input's DCT coefficients: the mean over images of the
 * squared gradient of the cross-entropy with respect to each coefficient, summed over the image's blocks. 64 values
 * per channel in natural row-major order; Cb and Cr are null for grayscale models. Written as a run's
 * {@code sensitivity.json}.
 *
 * @param run the run the map was computed from
 * @param images number of training images averaged over
 * @param y luma sensitivities
 * @param cb Cb sensitivities, or null
 * @param cr Cr sensitivities, or null
 */
public record SensitivityMap(String run, int images, double[] y, double[] cb, double[] cr) {

    /** 64 luma sensitivities, and 64 per chroma channel or none (a file read checks it). */
    public SensitivityMap {
        if (Json.required(y, "y").length != 64 || cb != null && cb.length != 64 || cr != null && cr.length != 64) {
            throw new IllegalArgumentException("a sensitivity map holds 64 values per channel (y, and cb, cr or none)");
        }
    }

    /** Tables inversely proportional to the sensitivities, the largest luma step {@code qMax}. */
    public TableInit toTableInit(double qMax) {
        return TableInit.sensitivity(y, cb, cr, qMax);
    }
}
