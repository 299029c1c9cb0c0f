package org.jpegdl.recipe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jpegdl.data.DataKind;
import org.jpegdl.model.ModelSpec;

/**
 * A training recipe as plain data: a named preset of the paper's settings, changed by typed withers, and fixed for
 * one model and kind of data by {@link #resolve}. A run's {@code config.json} holds the resolved recipe whole, so
 * that file and {@link #resolve} answer "what did this run train with?". Model parameters train with SGD; the JPEG
 * layer's parameters (tables, and alpha when trainable) with Adam (CIFAR, fine-grained) or SGD with LSQ gradient
 * scaling (ImageNet); both learning rates decay ×{@code gamma} at the same fractions of the epochs.
 *
 * @param preset name of the preset this recipe started from
 * @param epochs training epochs
 * @param batchSize images per batch
 * @param modelLr SGD learning rate of the model's parameters; null until resolved: the preset's rate for the model
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay of the model's parameters
 * @param tableOptimizer {@value #ADAM} or {@value #LSQ_SGD}
 * @param tableLr learning rate of the JPEG layer's parameters
 * @param tableMomentum momentum of the tables' SGD ({@value #LSQ_SGD} only)
 * @param milestones fractions of the epochs at which both learning rates decay
 * @param gamma decay factor at each milestone
 * @param alpha soft quantiser hardness
 * @param trainableAlpha whether alpha is learned too
 * @param rounds soft quantiser rounds
 * @param candidates reconstruction levels per window
 * @param bits index clamp range in bits
 * @param tableInit where the tables start
 * @param qMax largest luma step of a sensitivity initialisation
 * @param augment whether training images are augmented
 * @param padTo pad smaller in-memory images (centred, zeros) to this size; 0 keeps the size
 * @param augmentation the training augmentation, in words; null until resolved (it depends on the kind of data)
 * @param normalization the input normalisation, in words; null until resolved (it depends on the kind of data)
 */
public record Recipe(
        String preset,
        int epochs,
        int batchSize,
        Double modelLr,
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
        TableInitialization tableInit,
        double qMax,
        boolean augment,
        int padTo,
        String augmentation,
        String normalization) {

    /** The CIFAR preset. */
    public static final String CIFAR = "cifar";
    /** The fine-grained preset. */
    public static final String FINEGRAINED = "finegrained";
    /** The ImageNet preset. */
    public static final String IMAGENET = "imagenet";
    /** Adam for the tables. */
    public static final String ADAM = "adam";
    /** SGD with momentum and LSQ gradient scaling for the tables. */
    public static final String LSQ_SGD = "lsq-sgd";

    /** Model families the paper's CIFAR scripts train at 0.01 instead of 0.05. */
    private static final Set<String> CIFAR_LOW_RATE_FAMILIES = Set.of("MobileNetV2", "ShuffleNetV1", "ShuffleNetV2");
    /** Families of 224-pixel models the paper trains on the fine-grained sets (the others: on ImageNet). */
    private static final Set<String> FINEGRAINED_FAMILIES = Set.of("PreActResNet", "DenseNet");

    /** Checks every value; the message names the field. */
    public Recipe {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(tableOptimizer, "tableOptimizer");
        Objects.requireNonNull(tableInit, "tableInit");
        milestones = List.copyOf(milestones);
        require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        require(batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        require((modelLr == null || modelLr > 0) && tableLr >= 0, "learning rates must be positive");
        require(momentum >= 0 && momentum < 1, "momentum must be in [0,1), got " + momentum);
        require(weightDecay >= 0, "weight decay must be non-negative, got " + weightDecay);
        require(tableOptimizer.equals(ADAM) || tableOptimizer.equals(LSQ_SGD),
                "table optimizer must be " + ADAM + " or " + LSQ_SGD + ", got " + tableOptimizer);
        require(gamma > 0 && gamma <= 1, "gamma must be in (0,1], got " + gamma);
        require(alpha > 0, "alpha must be positive, got " + alpha);
        require(rounds >= 1, "rounds must be at least 1, got " + rounds);
        require(qMax > 0, "qMax must be positive, got " + qMax);
        require(padTo >= 0, "padTo must be non-negative, got " + padTo);
        for (double m : milestones) {
            require(m > 0 && m < 1, "milestones are fractions of the epochs in (0,1), got " + m);
        }
    }

    /** The paper's CIFAR recipe: 240 epochs, batch 64, SGD 0.05 (0.01 for MobileNetV2/ShuffleNets), Adam 0.003. */
    public static Recipe cifar() {
        return new Recipe(CIFAR, 240, 64, null, 0.9, 5e-4, ADAM, 0.003, 0.9, List.of(0.625, 0.75, 0.875), 0.1,
                5, false, 1, 5, 8, TableInitialization.Sensitivity.OF_PAIRED_BASELINE, 10, true, 32, null, null);
    }

    /** The fine-grained recipe: 200 epochs, batch 32, SGD 0.1 with weight decay 1e-4, decay at 50% and 75%. */
    public static Recipe fineGrained() {
        return new Recipe(FINEGRAINED, 200, 32, null, 0.9, 1e-4, ADAM, 0.003, 0.9, List.of(0.5, 0.75), 0.1,
                5, false, 1, 5, 8, TableInitialization.Sensitivity.OF_PAIRED_BASELINE, 10, true, 0, null, null);
    }

    /**
     * The ImageNet recipe (torchvision reference: 90 epochs, SGD 0.1, weight decay 1e-4, ×0.1 every 30 epochs); the
     * tables with SGD, momentum and LSQ gradient scaling.
     */
    public static Recipe imageNet() {
        return new Recipe(IMAGENET, 90, 256, null, 0.9, 1e-4, LSQ_SGD, 0.01, 0.9, List.of(1 / 3.0, 2 / 3.0), 0.1,
                5, false, 1, 5, 8, TableInitialization.Sensitivity.OF_PAIRED_BASELINE, 10, true, 0, null, null);
    }

    /** The preset named {@code name}. */
    public static Recipe preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case CIFAR -> cifar();
            case FINEGRAINED, "fine-grained" -> fineGrained();
            case IMAGENET -> imageNet();
            default -> throw new IllegalArgumentException(
                    "unknown recipe preset '" + name + "'; known: cifar, finegrained, imagenet");
        };
    }

    /** The preset the paper trains {@code model} with: CIFAR for 32-pixel models, else fine-grained or ImageNet. */
    public static String paperPreset(ModelSpec model) {
        if (model.inputSize() == 32) {
            return CIFAR;
        }
        return FINEGRAINED_FAMILIES.contains(model.family()) ? FINEGRAINED : IMAGENET;
    }

    /**
     * This recipe fixed for {@code model} on {@code data}: everything a run trains with, read top to bottom.
     * Values already fixed (by a wither, or an earlier resolve) stay as they are.
     */
    public Recipe resolve(ModelSpec model, DataKind data) {
        // 1. the model's learning rate: the preset's, except that the paper's CIFAR scripts train MobileNetV2 and
        //    the ShuffleNets at 0.01
        double lr = modelLrFor(model);
        // 2. augmentation of the training images, as the kind of data does it: in memory, pad 4 + random crop +
        //    flip (CIFAR); photo files, random-resized crop + flip (ImageNet); none without augment
        String augmentationUsed = augmentation != null ? augmentation : data.augmentation(augment);
        // 3. padding: in-memory images smaller than padTo are centred on a zero padTo×padTo canvas (28×28
        //    Fashion-MNIST runs at 32×32 under the CIFAR recipe); photo files are cropped to the image size instead
        // 4. normalisation, the last step of the JPEG layer and the first of the baseline: in memory, the training
        //    split's own per-channel statistics; photo files, ImageNet's
        String normalizationUsed = normalization != null ? normalization : data.normalization();
        // 5. optimisers: the model's parameters by SGD (momentum, weight decay) at lr; the JPEG layer's parameters
        //    (its tables, and alpha when trainable) by tableOptimizer at tableLr, clamped after every step; both
        //    decay at the milestones
        return edit(f -> {
            f.modelLr = lr;
            f.augmentation = augmentationUsed;
            f.normalization = normalizationUsed;
        });
    }

    /** Whether {@link #resolve} has fixed every value. */
    @JsonIgnore
    public boolean isResolved() {
        return modelLr != null && augmentation != null && normalization != null;
    }

    /** The model learning rate this recipe trains {@code model} with: the one set, else the preset's for it. */
    public double modelLrFor(ModelSpec model) {
        if (modelLr != null) {
            return modelLr;
        }
        return switch (preset) {
            case CIFAR -> CIFAR_LOW_RATE_FAMILIES.contains(model.family()) ? 0.01 : 0.05;
            default -> 0.1;
        };
    }

    /** The same recipe with {@code epochs} training epochs. */
    public Recipe withEpochs(int epochs) {
        return edit(f -> f.epochs = epochs);
    }

    /** The same recipe with {@code batchSize} images per batch. */
    public Recipe withBatchSize(int batchSize) {
        return edit(f -> f.batchSize = batchSize);
    }

    /** The same recipe with the model's SGD learning rate {@code modelLr} (instead of the preset's for the model). */
    public Recipe withModelLr(double modelLr) {
        return edit(f -> f.modelLr = modelLr);
    }

    /** The same recipe with the tables' learning rate {@code tableLr}. */
    public Recipe withTableLr(double tableLr) {
        return edit(f -> f.tableLr = tableLr);
    }

    /** The same recipe with soft quantiser hardness {@code alpha}. */
    public Recipe withAlpha(double alpha) {
        return edit(f -> f.alpha = alpha);
    }

    /** The same recipe with alpha learned ({@code true}) or fixed. */
    public Recipe withTrainableAlpha(boolean trainableAlpha) {
        return edit(f -> f.trainableAlpha = trainableAlpha);
    }

    /** The same recipe with {@code rounds} soft quantiser rounds. */
    public Recipe withRounds(int rounds) {
        return edit(f -> f.rounds = rounds);
    }

    /** The same recipe with the tables starting from {@code tableInit}. */
    public Recipe withTableInit(TableInitialization tableInit) {
        return edit(f -> f.tableInit = tableInit);
    }

    /** The same recipe with {@code qMax} as the largest luma step of a sensitivity initialisation. */
    public Recipe withQMax(double qMax) {
        return edit(f -> f.qMax = qMax);
    }

    /** The same recipe with in-memory images centre-padded to {@code padTo} pixels (0: kept as they are). */
    public Recipe withPadTo(int padTo) {
        return edit(f -> f.padTo = padTo);
    }

    /** The same recipe with training augmentation on or off (its description is resolved again). */
    public Recipe withAugment(boolean augment) {
        return edit(f -> {
            f.augment = augment;
            f.augmentation = null;
        });
    }

    /** A copy with {@code change} applied to its values, checked again. */
    private Recipe edit(Consumer<Values> change) {
        Values v = new Values(this);
        change.accept(v);
        return v.toRecipe();
    }

    /** The recipe's values, to change some of them for a copy. */
    private static final class Values {
        String preset;
        int epochs;
        int batchSize;
        Double modelLr;
        double momentum;
        double weightDecay;
        String tableOptimizer;
        double tableLr;
        double tableMomentum;
        List<Double> milestones;
        double gamma;
        double alpha;
        boolean trainableAlpha;
        int rounds;
        int candidates;
        int bits;
        TableInitialization tableInit;
        double qMax;
        boolean augment;
        int padTo;
        String augmentation;
        String normalization;

        Values(Recipe r) {
            preset = r.preset;
            epochs = r.epochs;
            batchSize = r.batchSize;
            modelLr = r.modelLr;
            momentum = r.momentum;
            weightDecay = r.weightDecay;
            tableOptimizer = r.tableOptimizer;
            tableLr = r.tableLr;
            tableMomentum = r.tableMomentum;
            milestones = r.milestones;
            gamma = r.gamma;
            alpha = r.alpha;
            trainableAlpha = r.trainableAlpha;
            rounds = r.rounds;
            candidates = r.candidates;
            bits = r.bits;
            tableInit = r.tableInit;
            qMax = r.qMax;
            augment = r.augment;
            padTo = r.padTo;
            augmentation = r.augmentation;
            normalization = r.normalization;
        }

        Recipe toRecipe() {
            return new Recipe(preset, epochs, batchSize, modelLr, momentum, weightDecay, tableOptimizer, tableLr,
                    tableMomentum, milestones, gamma, alpha, trainableAlpha, rounds, candidates, bits, tableInit,
                    qMax, augment, padTo, augmentation, normalization);
        }
    }

    /** Model learning rate in epoch {@code epoch} (0-based); the recipe must be resolved. */
    public double modelLrAt(int epoch) {
        if (modelLr == null) {
            throw new IllegalStateException("recipe not resolved for a model: Recipe.resolve(model, data kind)");
        }
        return Schedules.multiStep(modelLr, gamma, Schedules.milestoneEpochs(milestones, epochs), epoch);
    }

    /** Table learning rate in epoch {@code epoch} (0-based). */
    public double tableLrAt(int epoch) {
        return Schedules.multiStep(tableLr, gamma, Schedules.milestoneEpochs(milestones, epochs), epoch);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("recipe: " + message);
        }
    }
}
