package org.jpegdl.recipe;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A training recipe as plain data: a named preset of the paper's settings plus any overrides, saved whole in a run's
 * {@code config.json}. Model parameters train with SGD; the JPEG layer's tables with Adam (CIFAR, fine-grained) or
 * SGD with LSQ gradient scaling (ImageNet); both decay ×{@code gamma} at the same fractions of the epochs.
 *
 * @param preset name of the preset this recipe started from
 * @param epochs training epochs
 * @param batchSize images per batch
 * @param modelLr SGD learning rate of the model's parameters
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay of the model's parameters
 * @param tableOptimizer "adam" or "lsq-sgd"
 * @param tableLr learning rate of the quantisation tables
 * @param tableMomentum momentum of the tables' SGD (lsq-sgd only)
 * @param milestones fractions of the epochs at which both learning rates decay
 * @param gamma decay factor at each milestone
 * @param alpha soft quantiser hardness
 * @param trainableAlpha whether alpha is learned too
 * @param rounds soft quantiser rounds
 * @param candidates reconstruction levels per window
 * @param bits index clamp range in bits
 * @param tableInit "sensitivity" (from a baseline run), "quality:Q" or "constant:STEP"
 * @param qMax largest luma step of a sensitivity initialisation
 * @param augment whether training images are augmented (pad-4 random crop and horizontal flip)
 * @param padTo pad smaller images (centred, zeros) to this size; 0 keeps the size
 */
public record Recipe(
        String preset,
        int epochs,
        int batchSize,
        double modelLr,
        double momentum,
        double weightDecay,
        String tableOptimizer,
        double tableLr,
        double tableMomentum,
        List<Double> milestones,
        double gamma,
        double alpha,
        boolean trainableAlpha,
        int rounds,
        int candidates,
        int bits,
        String tableInit,
        double qMax,
        boolean augment,
        int padTo) {

    /** The paper's CIFAR recipe: 240 epochs, batch 64, SGD 0.05 (0.01 for MobileNetV2/ShuffleNets), Adam 0.003. */
    public static Recipe cifar() {
        return new Recipe("cifar", 240, 64, 0.05, 0.9, 5e-4, "adam", 0.003, 0.9, List.of(0.625, 0.75, 0.875), 0.1,
                5, false, 1, 5, 8, "sensitivity", 10, true, 32);
    }

    /** The fine-grained recipe: 200 epochs, batch 32, SGD 0.1 with weight decay 1e-4, decay at 50% and 75%. */
    public static Recipe fineGrained() {
        return new Recipe("finegrained", 200, 32, 0.1, 0.9, 1e-4, "adam", 0.003, 0.9, List.of(0.5, 0.75), 0.1,
                5, false, 1, 5, 8, "sensitivity", 10, true, 0);
    }

    /**
     * The ImageNet recipe (torchvision reference: 90 epochs, SGD 0.1, weight decay 1e-4, ×0.1 every 30 epochs); the
     * tables with SGD, momentum and LSQ gradient scaling.
     */
    public static Recipe imageNet() {
        return new Recipe("imagenet", 90, 256, 0.1, 0.9, 1e-4, "lsq-sgd", 0.01, 0.9, List.of(1 / 3.0, 2 / 3.0), 0.1,
                5, false, 1, 5, 8, "sensitivity", 10, true, 0);
    }

    /** The preset named {@code name}. */
    public static Recipe preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "cifar" -> cifar();
            case "finegrained", "fine-grained" -> fineGrained();
            case "imagenet" -> imageNet();
            default -> throw new IllegalArgumentException(
                    "unknown recipe preset '" + name + "'; known: cifar, finegrained, imagenet");
        };
    }

    /** A copy with the given fields replaced; keys are the record's component names. */
    public Recipe with(Map<String, Object> overrides) {
        Map<String, Object> v = new TreeMap<>(overrides);
        Recipe r = new Recipe(
                (String) v.getOrDefault("preset", preset),
                ((Number) v.getOrDefault("epochs", epochs)).intValue(),
                ((Number) v.getOrDefault("batchSize", batchSize)).intValue(),
                ((Number) v.getOrDefault("modelLr", modelLr)).doubleValue(),
                ((Number) v.getOrDefault("momentum", momentum)).doubleValue(),
                ((Number) v.getOrDefault("weightDecay", weightDecay)).doubleValue(),
                (String) v.getOrDefault("tableOptimizer", tableOptimizer),
                ((Number) v.getOrDefault("tableLr", tableLr)).doubleValue(),
                ((Number) v.getOrDefault("tableMomentum", tableMomentum)).doubleValue(),
                castList(v.getOrDefault("milestones", milestones)),
                ((Number) v.getOrDefault("gamma", gamma)).doubleValue(),
                ((Number) v.getOrDefault("alpha", alpha)).doubleValue(),
                (Boolean) v.getOrDefault("trainableAlpha", trainableAlpha),
                ((Number) v.getOrDefault("rounds", rounds)).intValue(),
                ((Number) v.getOrDefault("candidates", candidates)).intValue(),
                ((Number) v.getOrDefault("bits", bits)).intValue(),
                (String) v.getOrDefault("tableInit", tableInit),
                ((Number) v.getOrDefault("qMax", qMax)).doubleValue(),
                (Boolean) v.getOrDefault("augment", augment),
                ((Number) v.getOrDefault("padTo", padTo)).intValue());
        r.validate();
        return r;
    }

    @SuppressWarnings("unchecked")
    private static List<Double> castList(Object o) {
        return (List<Double>) o;
    }

    /** Checks that every value is usable; the message names the field. */
    public void validate() {
        require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        require(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        require(modelLr > 0 && tableLr >= 0, "learning rates must be positive");
        require(momentum >= 0 && momentum < 1, "momentum must be in [0,1), got " + momentum);
        require(weightDecay >= 0, "weight decay must be non-negative, got " + weightDecay);
        require(tableOptimizer.equals("adam") || tableOptimizer.equals("lsq-sgd"),
                "table optimizer must be adam or lsq-sgd, got " + tableOptimizer);
        require(gamma > 0 && gamma <= 1, "gamma must be in (0,1], got " + gamma);
        require(alpha > 0, "alpha must be positive, got " + alpha);
        require(rounds >= 1, "rounds must be at least 1, got " + rounds);
        require(qMax > 0, "qMax must be positive, got " + qMax);
        for (double m : milestones) {
            require(m > 0 && m < 1, "milestones are fractions of the epochs in (0,1), got " + m);
        }
        require(tableInit.equals("sensitivity") || tableInit.startsWith("sensitivity:")
                        || tableInit.startsWith("quality:") || tableInit.startsWith("constant:"),
                "table init must be sensitivity[:RUN_DIR], quality:Q or constant:STEP, got " + tableInit);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("recipe: " + message);
        }
    }

    /** Model learning rate in epoch {@code epoch} (0-based). */
    public double modelLrAt(int epoch) {
        return Schedules.multiStep(modelLr, gamma, Schedules.milestoneEpochs(milestones, epochs), epoch);
    }

    /** Table learning rate in epoch {@code epoch} (0-based). */
    public double tableLrAt(int epoch) {
        return Schedules.multiStep(tableLr, gamma, Schedules.milestoneEpochs(milestones, epochs), epoch);
    }
}
