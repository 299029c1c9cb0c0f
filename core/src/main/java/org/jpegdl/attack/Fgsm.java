package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The fast gradient sign method (Goodfellow et al., 2015) in pixel units: x' = clip(x + ε·sign(∇ₓ CE), 0, 255), one
 * step of the full budget from the clean image (so x' stays in the ε-ball by construction).
 */
public final class Fgsm {

    /** Upper end of the valid pixel range; the lower end is 0. */
    public static final float MAX_PIXEL = 255f;

    private Fgsm() {}

    /**
     * @param pixels clean images (N, C, H, W) in [0,255]
     * @param labels float class indices (N)
     * @param epsPixels the L∞ budget in pixel levels (ε/255 in [0,1] units)
     * @return the adversarial images, in the pixels' manager
     */
    public static NDArray attack(AttackTarget target, NDArray pixels, NDArray labels, double epsPixels) {
        checkEps(epsPixels);
        NDManager outer = pixels.getManager();
        try (NDManager scope = outer.newSubManager()) {
            NDArray g = target.lossGradient(pixels, labels);
            g.attach(scope);
            NDArray adversarial = pixels.add(g.sign().mul((float) epsPixels));
            adversarial.attach(scope);
            NDArray clipped = adversarial.clip(0f, MAX_PIXEL);
            clipped.attach(outer);
            return clipped;
        }
    }

    static void checkEps(double epsPixels) {
        if (!(epsPixels >= 0) || Double.isInfinite(epsPixels)) {
            throw new IllegalArgumentException("eps must be a finite number of pixel levels ≥ 0, got " + epsPixels);
        }
    }
}
