package org.jpegdl.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import org.jpegdl.experiment.Network;
import org.jpegdl.jpeg.JpegLayer;

/**
 * The networks the attacks of one measurement follow: the attacked network itself, for JPEG-DL its three BPDA
 * surrogates and the surrogate network, and the other arm's network that makes transfer images. Made once per
 * measurement and closed with it.
 */
public final class AttackTargets implements AutoCloseable {

    private final boolean jpeg;
    private final AttackTarget plain;
    private final AttackTarget identity;
    private final AttackTarget clamped;
    private final AttackTarget soft;
    private final AttackTarget surrogate;
    private final AttackTarget transfer;
    private final String transferDescription;
    private Eot.Assessment eot;

    /**
     * @param network the network attacked
     * @param transferSource the network that makes the transfer attack's images, or null for none
     * @param transferName what to call it in the report (its run's name)
     */
    AttackTargets(Network network, Network transferSource, String transferName) {
        List<AttackTarget> made = new ArrayList<>();
        try {
            jpeg = network.isJpegDl();
            plain = add(made, AttackTarget.plain(network.block()));
            JpegLayer layer = network.jpegLayer();
            Block classifier = network.classifier();
            identity = jpeg ? add(made, AttackTarget.bpda(layer, classifier, JpegLayer.Quantization.OFF)) : null;
            clamped = jpeg ? add(made, AttackTarget.bpda(layer, classifier, JpegLayer.Quantization.CLAMPED)) : null;
            soft = jpeg ? add(made, AttackTarget.bpdaSoft(layer, classifier, Bpda.SOFT_HARDNESS)) : null;
            surrogate =
                    jpeg ? add(made, AttackTarget.surrogate(layer, classifier, JpegLayer.Quantization.CLAMPED)) : null;
            if (transferSource == null) {
                transfer = null;
                transferDescription = null;
            } else if (transferSource.isJpegDl()) {
                transfer = add(
                        made,
                        AttackTarget.bpda(
                                transferSource.jpegLayer(),
                                transferSource.classifier(),
                                JpegLayer.Quantization.CLAMPED));
                transferDescription =
                        "images made on " + transferName + " (JPEG-DL) by PGD through " + transfer.gradient();
            } else {
                transfer = add(made, AttackTarget.plain(transferSource.block()));
                transferDescription = "images made on " + transferName + " (baseline) by PGD on its plain gradient";
            }
        } catch (RuntimeException e) {
            made.forEach(AttackTarget::close);
            throw e;
        }
    }

    private static AttackTarget add(List<AttackTarget> made, AttackTarget t) {
        made.add(t);
        return t;
    }

    private List<AttackTarget> all() {
        List<AttackTarget> out = new ArrayList<>();
        for (AttackTarget t : new AttackTarget[] {plain, identity, clamped, soft, surrogate, transfer}) {
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /** Decides how many gradient samples every target averages (see {@link Eot}), on a probe batch. */
    void assessEot(NDArray probe, int requested) {
        eot = Eot.assess(plain, probe, requested);
        for (AttackTarget t : all()) {
            t.withEotSamples(eot.samples());
        }
    }

    /** @return what expectation over transformation amounts to for the attacked network, null before a batch */
    public Eot.Assessment eot() {
        return eot;
    }

    /** @return whether the attacked network has the JPEG layer in front */
    public boolean jpeg() {
        return jpeg;
    }

    /** @return the attacked network with its own gradient (the one every attack's images are judged by) */
    public AttackTarget plain() {
        return plain;
    }

    /**
     * @param g a gradient of {@link AttackSettings.Gradient}
     * @return the target a gradient attack follows (the BPDA surrogates exist for JPEG-DL networks only)
     */
    public AttackTarget gradient(AttackSettings.Gradient g) {
        return switch (g) {
            case PLAIN, NONE -> plain;
            case BPDA_IDENTITY -> identity;
            case BPDA_CLAMPED -> clamped;
            case BPDA_SOFT -> soft;
        };
    }

    /** @return the clamp-aware surrogate network ({@link SurrogateNetwork}), null for a baseline */
    public AttackTarget surrogate() {
        return surrogate;
    }

    /** @return the other arm's network that makes transfer images, null when there is none */
    public AttackTarget transfer() {
        return transfer;
    }

    /** @return how the transfer images are made, in words, null when there is no transfer source */
    public String transferDescription() {
        return transferDescription;
    }

    /** @return the gradients the unbounded check follows: the plain one, and for JPEG-DL the clamp-aware BPDA */
    List<AttackTarget> unbounded() {
        return jpeg ? List.of(plain, clamped) : List.of(plain);
    }

    @Override
    public void close() {
        for (AttackTarget t : all()) {
            t.close();
        }
    }
}
