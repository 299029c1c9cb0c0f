package org.jpegdl.jpeg;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link JpegLayer}'s rounds of quantisation applied in sequence to a batch of coefficients, one {@linkplain
 * BatchSlices cache-sized slice} at a time, in the layer's current {@link JpegLayer.Quantization} (not OFF), counting
 * the index clamp's {@link Saturation} when asked.
 */
final class RoundQuantizer {

    private final SoftQuantizer quantizer;
    private final Saturation saturation;
    private final int channels;

    RoundQuantizer(SoftQuantizer quantizer, Saturation saturation, int channels) {
        this.quantizer = quantizer;
        this.saturation = saturation;
        this.channels = channels;
    }

    /** The soft quantiser of every round. */
    SoftQuantizer quantizer() {
        return quantizer;
    }

    /**
     * Every round on {@code coefficients} (N, C, blocks, 64): round r with steps {@code steps[r]} and, for SOFT, −α
     * {@code negativeAlphas[r]} ({@code alphaTrainable}: whether a gradient flows to α); both shared by every image
     * (leading axis 1) or per image (N), then cut with the images.
     */
    NDArray apply(
            NDArray coefficients,
            List<NDArray> steps,
            List<NDArray> negativeAlphas,
            boolean alphaTrainable,
            JpegLayer.Quantization mode,
            boolean countSaturation) {
        // per-image steps (adaptive tables, and alpha matched to them) are sliced with the images; the window
        // constants of shared steps are made once for every slice
        boolean perImage = steps.stream().anyMatch(q -> q.getShape().get(0) > 1);
        List<SoftQuantizer.Window> shared =
                perImage ? null : windows(coefficients, steps, negativeAlphas, alphaTrainable);
        return BatchSlices.map(coefficients, (piece, start, end) -> {
            List<NDArray> pieceSteps = perImage ? BatchSlices.images(steps, start, end) : steps;
            List<SoftQuantizer.Window> windows = perImage
                    ? windows(piece, pieceSteps, BatchSlices.images(negativeAlphas, start, end), alphaTrainable)
                    : shared;
            return rounds(piece, pieceSteps, windows, mode, countSaturation);
        });
    }

    private NDArray rounds(
            NDArray c,
            List<NDArray> steps,
            List<SoftQuantizer.Window> windows,
            JpegLayer.Quantization mode,
            boolean countSaturation) {
        for (int r = 0; r < steps.size(); r++) {
            int round = r;
            NDArray q = steps.get(r);
            if (mode == JpegLayer.Quantization.SOFT) {
                c = quantizer.soft(
                        c,
                        windows.get(r),
                        countSaturation ? clamped -> saturation.add(round, clamped, channels) : null);
            } else if (mode == JpegLayer.Quantization.CLAMPED) {
                c = quantizer.clamped(c, q);
            } else {
                if (countSaturation) {
                    saturation.add(r, quantizer.clampedWindows(c, q, false), channels);
                }
                c = quantizer.hard(c, q);
            }
        }
        return c;
    }

    private List<SoftQuantizer.Window> windows(
            NDArray like, List<NDArray> steps, List<NDArray> negativeAlphas, boolean alphaTrainable) {
        List<SoftQuantizer.Window> windows = new ArrayList<>();
        for (int r = 0; r < negativeAlphas.size(); r++) {
            windows.add(quantizer.window(like, steps.get(r), negativeAlphas.get(r), alphaTrainable));
        }
        return windows;
    }
}
