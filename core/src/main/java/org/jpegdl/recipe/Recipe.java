package org.jpegdl.recipe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jpegdl.data.DataKind;
import org.jpegdl.jpeg.Adaptation;
import org.jpegdl.model.ModelSpec;

/**
 * A training recipe as plain data: a named preset of the paper's settings, changed by typed withers, and fixed for
 * one model and kind of data by {@link #resolve}. A run's {@code config.json} holds the resolved recipe whole, so
 * that file and {@link #resolve} answer "what did this run train with?". Model parameters train with SGD; the JPEG
 * layer's parameters (tables, and alpha when trainable) with Adam (CIFAR, fine-grained), plain SGD with momentum
 * (the authors' ImageNet scripts) or SGD with LSQ gradient scaling; every learning rate decays ×{@code gamma} at the
 * same fractions of the epochs. A null value is the preset's for the model, fixed by {@link #resolve}.
 *
 * @param preset name of the preset this recipe started from
 * @param epochs training epochs; null until resolved: the preset's for the model
 * @param batchSize images per batch; null until resolved: the preset's for the model
 * @param modelLr SGD learning rate of the model's parameters; null until resolved: the preset's rate for the model
 * @param momentum SGD momentum of the model's parameters
 * @param weightDecay L2 weight decay of the model's parameters; null until resolved: the preset's for the model
 * @param tableOptimizer {@value #ADAM}, {@value #SGD} or {@value #LSQ_SGD}
 * @param tableLr learning rate of the step tables; null until resolved: the preset's for the model
 * @param tableMomentum momentum of the tables' SGD ({@value #SGD} and {@value #LSQ_SGD})
 * @param alphaLr learning rate of trainable alphas (by the table optimiser, on the tables' schedule); null until
 *     resolved: the tables' learning rate
 * @param milestones fractions of the epochs at which every learning rate decays; null until resolved: the preset's
 *     for the model
 * @param gamma decay factor at each milestone
 * @param alpha soft quantiser hardness α, fixed (or the starting value of trainable alphas)
 * @param trainableAlpha whether alpha is learned too, one per frequency of every table
 * @param alphaScaling whether alpha starts as α divided by each frequency's initial step
 * @param hardness H of hardness matching (α = H/q² from the current steps before every pass), 0 for off; null until
 *     resolved: the preset's for the model
 * @param rounds soft quantiser rounds
 * @param candidates reconstruction levels per window
 * @param bits index clamp range in bits, 2..16
 * @param regionSize side in pixels of the regions of spatial tables (a multiple of 8), 0 for one table pair
 * @param zeroDc the zero-DC ablation: no tables and no quantiser, every block's DC set to 0
 * @param tableInit where the tables start
 * @param qMax largest luma step of a sensitivity initialisation
 * @param augment whether training images are augmented
 * @param padTo pad smaller in-memory images (centred, zeros) to this size; 0 keeps the size
 * @param augmentation the training augmentation, in words; null until resolved (it depends on the kind of data)
 * @param normalization the input normalisation, in words; null until resolved (it depends on the kind of data)
 * @param adaptive how the tables adapt to each image: {@code none} (the paper's one set of tables),
 *     {@code per-image} or {@code per-frequency} ({@link Adaptation}); null reads as none (configs written before)
 * @param tableLrRule how a run's tables' rate follows from {@code tableLr}: {@value #BUDGET_RULE} (scaled by
 *     {@code budgetSteps} / the run's steps, so the tables can travel as far as in the preset's full recipe) or
 *     {@value #FIXED_RULE} ({@code tableLr} as it is, the paper's); null reads as fixed (configs written before)
 * @param budgetSteps the steps of the preset's full recipe for the model on the preset's own data (its epochs × its
 *     batches per epoch), which the budget rule gives the tables' travel of; null until resolved
 */
public record Recipe(
        String preset,
        Integer epochs,
        Integer batchSize,
        Double modelLr,
        double momentum,
        Double weightDecay,
        String tableOptimizer,
        Double tableLr,
        double tableMomentum,
        Double alphaLr,
        List<Double> milestones,
        double gamma,
        double alpha,
        boolean trainableAlpha,
        boolean alphaScaling,
        Double hardness,
        int rounds,
        int candidates,
        int bits,
        int regionSize,
        boolean zeroDc,
        TableInitialization tableInit,
        double qMax,
        boolean augment,
        int padTo,
        String augmentation,
        String normalization,
        String adaptive,
        String tableLrRule,
        Long budgetSteps) {

    /**
     * The components only the JPEG layer and its optimisers read: a run without the layer trains the same whatever
     * they hold (a comparison reuses another's baselines on this; {@code BaselinesFromTest} checks it).
     */
    public static final Set<String> LAYER_SETTINGS = Set.of(
            "tableOptimizer",
            "tableLr",
            "tableMomentum",
            "alphaLr",
            "alpha",
            "trainableAlpha",
            "alphaScaling",
            "hardness",
            "rounds",
            "candidates",
            "bits",
            "regionSize",
            "zeroDc",
            "tableInit",
            "qMax",
            "adaptive",
            "tableLrRule",
            "budgetSteps");

    /** The CIFAR preset. */
    public static final String CIFAR = "cifar";
    /** The fine-grained preset. */
    public static final String FINEGRAINED = "finegrained";
    /** The ImageNet preset: the authors' ImageNet scripts. */
    public static final String IMAGENET = "imagenet";
    /** The ImageNet preset with LSQ-scaled SGD for the tables and the sensitivity initialisation. */
    public static final String IMAGENET_LSQ = "imagenet-lsq";
    /** Adam for the tables. */
    public static final String ADAM = "adam";
    /** Plain SGD with momentum for the tables. */
    public static final String SGD = "sgd";
    /** SGD with momentum and LSQ gradient scaling for the tables. */
    public static final String LSQ_SGD = "lsq-sgd";
    /** The tables' rate scaled so that a run's tables can travel as far as in the preset's full recipe. */
    public static final String BUDGET_RULE = "budget";
    /** The tables' rate as given, whatever the run's length (the paper's). */
    public static final String FIXED_RULE = "fixed";
    /** The names {@link #tableLrRule} knows. */
    public static final List<String> TABLE_LR_RULES = List.of(BUDGET_RULE, FIXED_RULE);
    /**
     * Training images of the data each preset's recipe was written for, from which its full number of steps follows:
     * CIFAR-100 (50,000), CUB-200-2011 (5,994: the first of the paper's fine-grained sets), ImageNet-1k (1,281,167).
     */
    private static final int CIFAR_TRAIN_IMAGES = 50_000;

    private static final int CUB_TRAIN_IMAGES = 5_994;
    private static final int IMAGENET_TRAIN_IMAGES = 1_281_167;
    /** The names {@link #preset} knows. */
    public static final List<String> KNOWN_PRESETS = List.of(CIFAR, FINEGRAINED, IMAGENET, IMAGENET_LSQ);
    /** Smallest index range. */
    public static final int MIN_BITS = 2;
    /** Largest index range. */
    public static final int MAX_BITS = 16;

    /** Model families the paper's CIFAR scripts train at 0.01 instead of 0.05. */
    private static final Set<String> CIFAR_LOW_RATE_FAMILIES = Set.of("MobileNetV2", "ShuffleNetV1", "ShuffleNetV2");
    /** Families of 224-pixel models the paper trains on the fine-grained sets (the others: on ImageNet). */
    private static final Set<String> FINEGRAINED_FAMILIES = Set.of("PreActResNet", "DenseNet");

    /** Checks every value; the message names the field. */
    public Recipe {
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(tableOptimizer, "tableOptimizer");
        Objects.requireNonNull(tableInit, "tableInit");
        milestones = milestones == null ? null : List.copyOf(milestones);
        adaptive = adaptationOf(adaptive).text();
        tableLrRule = tableLrRule == null ? FIXED_RULE : tableLrRule;
        require(
                TABLE_LR_RULES.contains(tableLrRule),
                "unknown table learning-rate rule '" + tableLrRule + "'; known: " + String.join(", ", TABLE_LR_RULES));
        require(budgetSteps == null || budgetSteps >= 1, "budget steps must be at least 1, got " + budgetSteps);
        require(epochs == null || epochs >= 1, "epochs must be at least 1, got " + epochs);
        require(batchSize == null || batchSize >= 1, "batch size must be at least 1, got " + batchSize);
        require(
                (modelLr == null || modelLr > 0) && (tableLr == null || tableLr >= 0),
                "learning rates must be " + "positive");
        require(
                alphaLr == null || (alphaLr >= 0 && Double.isFinite(alphaLr)),
                "alpha learning rate must be " + "non-negative, got " + alphaLr);
        require(momentum >= 0 && momentum < 1, "momentum must be in [0,1), got " + momentum);
        require(weightDecay == null || weightDecay >= 0, "weight decay must be non-negative, got " + weightDecay);
        require(
                tableOptimizer.equals(ADAM) || tableOptimizer.equals(SGD) || tableOptimizer.equals(LSQ_SGD),
                "table optimizer must be " + ADAM + ", " + SGD + " or " + LSQ_SGD + ", got " + tableOptimizer);
        require(gamma > 0 && gamma <= 1, "gamma must be in (0,1], got " + gamma);
        require(alpha > 0, "alpha must be positive, got " + alpha);
        require(rounds >= 1, "rounds must be at least 1, got " + rounds);
        require(
                bits >= MIN_BITS && bits <= MAX_BITS,
                "bits must be in " + MIN_BITS + ".." + MAX_BITS + ", got " + bits);
        require(
                regionSize >= 0 && regionSize % 8 == 0,
                "the region size of spatial tables must be a multiple of 8 "
                        + "pixels (0: one table pair for the whole image), got " + regionSize);
        require(
                hardness == null || (hardness >= 0 && Double.isFinite(hardness)),
                "hardness must be positive (0: " + "off), got " + hardness);
        require(qMax > 0, "qMax must be positive, got " + qMax);
        require(padTo >= 0, "padTo must be non-negative, got " + padTo);
        if (milestones != null) {
            for (double m : milestones) {
                require(m > 0 && m < 1, "milestones are fractions of the epochs in (0,1), got " + m);
            }
        }
        boolean matched = hardness != null && hardness > 0;
        require(
                !matched || !(trainableAlpha || alphaScaling),
                "hardness matching (H=" + hardness + ") sets alpha "
                        + "from the steps before every pass: it cannot be combined with "
                        + (trainableAlpha ? "a trainable alpha" : "alpha scaling") + " (turn it off: --hardness off)");
        require(
                !zeroDc || adaptive.equals(Adaptation.NONE.text()),
                "zero DC has no tables, so they cannot adapt to " + "each image (adaptive " + adaptive + ")");
        if (zeroDc) {
            checkZeroDc(preset, tableInit, alpha, trainableAlpha, alphaScaling, matched, rounds, regionSize, bits);
        }
    }

    private static Adaptation adaptationOf(String text) {
        try {
            return Adaptation.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recipe: " + e.getMessage());
        }
    }

    /** How the tables adapt to each image. */
    public Adaptation adaptation() {
        return Adaptation.parse(adaptive);
    }

    /** The same recipe with tables adapted to each image as {@code adaptation} says. */
    public Recipe withAdaptation(Adaptation adaptation) {
        return edit(f -> f.adaptive = adaptation.text());
    }

    /** The zero-DC ablation has no quantiser: any quantiser setting other than the preset's is a mistake. */
    private static void checkZeroDc(
            String preset,
            TableInitialization tableInit,
            double alpha,
            boolean trainableAlpha,
            boolean alphaScaling,
            boolean matched,
            int rounds,
            int regionSize,
            int bits) {
        List<String> set = new ArrayList<>();
        Recipe p = KNOWN_PRESETS.contains(preset) ? preset(preset) : null;
        if (p != null && !tableInit.equals(p.tableInit)) {
            set.add("table init " + tableInit);
        }
        if (p != null && alpha != p.alpha) {
            set.add("alpha " + alpha);
        }
        if (matched) {
            set.add("hardness");
        }
        if (rounds > 1) {
            set.add(rounds + " rounds");
        }
        if (trainableAlpha) {
            set.add("trainable alpha");
        }
        if (alphaScaling) {
            set.add("alpha scaling");
        }
        if (regionSize > 0) {
            set.add("region size " + regionSize);
        }
        if (p != null && bits != p.bits) {
            set.add(bits + " bits");
        }
        require(
                set.isEmpty(),
                "zero DC has no tables and no quantiser, so it takes no quantiser settings; got "
                        + String.join(", ", set));
    }

    /** The paper's CIFAR recipe: 240 epochs, batch 64, SGD 0.05 (0.01 for MobileNetV2/ShuffleNets), Adam 0.003. */
    public static Recipe cifar() {
        return new Recipe(
                CIFAR,
                240,
                64,
                null,
                0.9,
                5e-4,
                ADAM,
                0.003,
                0.9,
                null,
                List.of(0.625, 0.75, 0.875),
                0.1,
                5,
                false,
                false,
                0.0,
                1,
                5,
                8,
                0,
                false,
                TableInitialization.Sensitivity.OF_PAIRED_BASELINE,
                10,
                true,
                32,
                null,
                null,
                null,
                BUDGET_RULE,
                null);
    }

    /** The fine-grained recipe: 200 epochs, batch 32, SGD 0.1 with weight decay 1e-4, decay at 50% and 75%. */
    public static Recipe fineGrained() {
        return new Recipe(
                FINEGRAINED,
                200,
                32,
                null,
                0.9,
                1e-4,
                ADAM,
                0.003,
                0.9,
                null,
                List.of(0.5, 0.75),
                0.1,
                5,
                false,
                false,
                0.0,
                1,
                5,
                8,
                0,
                false,
                TableInitialization.Sensitivity.OF_PAIRED_BASELINE,
                10,
                true,
                0,
                null,
                null,
                null,
                BUDGET_RULE,
                null);
    }

    /**
     * The authors' ImageNet scripts ({@code ImageNet/sh_train/run2.sh}, ResNet-18, and {@code run3.sh}, SqueezeNet
     * 1.1, with {@code ImageNet/train.py}): tables by plain SGD with momentum 0.9 on the model's StepLR schedule,
     * started from the mean magnitude of the training coefficients ({@code --initial_Q_w_abs_avg}), alpha by hardness
     * matching ({@code --hardness_matching}), indices of 11 bits. Epochs, batch, learning rates, weight decay,
     * schedule and H are per model, fixed by {@link #resolve}. The scripts name {@code numBits_11} in their output
     * directories but pass no {@code --num_bit} (train.py's default is 8), and their {@code q_min} defaults to None,
     * so the DC replacement of the mean-magnitude initialisation does not run there; jpegdl follows the paper: 11
     * bits, the DC step replaced by the first AC step.
     */
    public static Recipe imageNet() {
        return new Recipe(
                IMAGENET,
                null,
                null,
                null,
                0.9,
                null,
                SGD,
                null,
                0.9,
                null,
                null,
                0.1,
                5,
                false,
                false,
                null,
                1,
                5,
                11,
                0,
                false,
                TableInitialization.MeanMagnitude.INSTANCE,
                10,
                true,
                0,
                null,
                null,
                null,
                BUDGET_RULE,
                null);
    }

    /**
     * The ImageNet recipe of the torchvision reference (90 epochs, batch 256, SGD 0.1, weight decay 1e-4, ×0.1 every
     * 30 epochs) with the tables by SGD, momentum and LSQ gradient scaling at 0.01, from the sensitivity map, fixed
     * alpha 5, 8 bits.
     */
    public static Recipe imageNetLsq() {
        return new Recipe(
                IMAGENET_LSQ,
                90,
                256,
                null,
                0.9,
                1e-4,
                LSQ_SGD,
                0.01,
                0.9,
                null,
                List.of(1 / 3.0, 2 / 3.0),
                0.1,
                5,
                false,
                false,
                0.0,
                1,
                5,
                8,
                0,
                false,
                TableInitialization.Sensitivity.OF_PAIRED_BASELINE,
                10,
                true,
                0,
                null,
                null,
                null,
                BUDGET_RULE,
                null);
    }

    /** The preset named {@code name}. */
    public static Recipe preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case CIFAR -> cifar();
            case FINEGRAINED, "fine-grained" -> fineGrained();
            case IMAGENET -> imageNet();
            case IMAGENET_LSQ -> imageNetLsq();
            default ->
                throw new IllegalArgumentException(
                        "unknown recipe preset '" + name + "'; known: " + String.join(", ", KNOWN_PRESETS));
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
        // 1. the preset's values for the model, for every value not set: the paper's CIFAR scripts train
        //    MobileNetV2 and the ShuffleNets at 0.01 (the rest at 0.05); the authors' ImageNet scripts have their
        //    own epochs, batch, learning rates, weight decay, schedule and hardness per model (ImageNetScript)
        Recipe base = presetFor(model);
        // 2. augmentation of the training images, as the kind of data does it: in memory, pad 4 + random crop +
        //    flip (CIFAR); photo files, random-resized crop + flip (ImageNet); none without augment
        String augmentationUsed = augmentation != null ? augmentation : data.augmentation(augment);
        // 3. padding: in-memory images smaller than padTo are centred on a zero padTo×padTo canvas (28×28
        //    Fashion-MNIST runs at 32×32 under the CIFAR recipe); photo files are cropped to the image size instead
        // 4. normalisation, the last step of the JPEG layer and the first of the baseline: in memory, the training
        //    split's own per-channel statistics; photo files, ImageNet's
        String normalizationUsed = normalization != null ? normalization : data.normalization();
        // 5. optimisers: the model's parameters by SGD (momentum, weight decay) at lr; the JPEG layer's tables by
        //    tableOptimizer at tableLr and trainable alphas by the same optimiser at alphaLr (the tables' rate unless
        //    set), clamped after every step; every rate decays at the milestones
        // 6. alpha: hardness matching when hardness > 0 (the zero-DC ablation has no quantiser: off), else fixed or
        //    trainable, scaled by the initial steps when alphaScaling
        return edit(f -> {
            f.epochs = epochs != null ? epochs : base.epochs;
            f.batchSize = batchSize != null ? batchSize : base.batchSize;
            f.modelLr = modelLr != null ? modelLr : base.modelLr;
            f.weightDecay = weightDecay != null ? weightDecay : base.weightDecay;
            f.tableLr = tableLr != null ? tableLr : base.tableLr;
            f.alphaLr = alphaLr != null ? alphaLr : f.tableLr;
            f.milestones = milestones != null ? milestones : base.milestones;
            f.hardness = hardness != null ? hardness : zeroDc ? 0.0 : base.hardness;
            f.augmentation = augmentationUsed;
            f.normalization = normalizationUsed;
            // 7. the tables' rate rule: budget scales tableLr by the preset's full steps / this run's steps (known
            //    once the run's data is: tableLrAt(epoch, batchesPerEpoch)); fixed keeps tableLr
            f.budgetSteps = budgetSteps != null ? budgetSteps : base.budgetSteps;
        });
    }

    /** The preset's values for {@code model}: every value of {@link #resolve}'s result where this recipe has none. */
    private Recipe presetFor(ModelSpec model) {
        if (!KNOWN_PRESETS.contains(preset)) {
            require(
                    isResolved()
                            || (epochs != null
                                    && batchSize != null
                                    && modelLr != null
                                    && weightDecay != null
                                    && tableLr != null
                                    && milestones != null
                                    && hardness != null
                                    && hasBudget()),
                    "preset '" + preset
                            + "' is not one of " + String.join(", ", KNOWN_PRESETS)
                            + ", so every value must be given (the "
                            + BUDGET_RULE + " rule needs budget steps, or use the " + FIXED_RULE + " rule)");
            return this;
        }
        return switch (preset) {
            case CIFAR ->
                cifar().withModelLr(CIFAR_LOW_RATE_FAMILIES.contains(model.family()) ? 0.01 : 0.05)
                        .withFullSteps(CIFAR_TRAIN_IMAGES);
            case IMAGENET -> ImageNetScript.of(model).applyTo(imageNet()).withFullSteps(IMAGENET_TRAIN_IMAGES);
            case FINEGRAINED -> fineGrained().withModelLr(0.1).withFullSteps(CUB_TRAIN_IMAGES);
            default -> imageNetLsq().withModelLr(0.1).withFullSteps(IMAGENET_TRAIN_IMAGES);
        };
    }

    /** This preset's values with its budget: its epochs × its batches per epoch on {@code trainImages} images. */
    private Recipe withFullSteps(int trainImages) {
        return edit(f -> f.budgetSteps = (long) f.epochs * ((trainImages + f.batchSize - 1) / f.batchSize));
    }

    /**
     * The model settings of the authors' ImageNet scripts, per model. The batch is the whole step's: the scripts'
     * {@code --batch-size} is per GPU and both run on 2 GPUs (DistributedDataParallel averages their gradients).
     * StepLR every 30 epochs (train.py's {@code --lr-step-size} default, ×0.1) as fractions of the epochs. Models
     * without a script of their own take ResNet-18's: its model settings are train.py's defaults (the torchvision
     * reference recipe), the ones every other model gets there unless a script overrides them, and H = 0.8 with
     * tables at 0.4 is what the authors ran with that schedule.
     */
    private record ImageNetScript(
            int epochs,
            int batchSize,
            double modelLr,
            double weightDecay,
            double tableLr,
            double hardness,
            List<Double> milestones) {

        /** run2.sh: ResNet-18, 2 × 128 images, train.py's defaults for the rest. */
        static final ImageNetScript RESNET18 =
                new ImageNetScript(90, 256, 0.1, 1e-4, 0.4, 0.8, List.of(1 / 3.0, 2 / 3.0));
        /** run3.sh: SqueezeNet 1.1, 100 epochs, 2 × 64 images, lr 0.01, weight decay 2e-4. */
        static final ImageNetScript SQUEEZENET =
                new ImageNetScript(100, 128, 0.01, 2e-4, 0.1, 3.0, List.of(0.3, 0.6, 0.9));

        static ImageNetScript of(ModelSpec model) {
            return model.family().equals("SqueezeNet") ? SQUEEZENET : RESNET18;
        }

        Recipe applyTo(Recipe recipe) {
            return recipe.edit(f -> {
                f.epochs = epochs;
                f.batchSize = batchSize;
                f.modelLr = modelLr;
                f.weightDecay = weightDecay;
                f.tableLr = tableLr;
                f.hardness = hardness;
                f.milestones = milestones;
            });
        }
    }

    /** Whether {@link #resolve} has fixed every value. */
    @JsonIgnore
    public boolean isResolved() {
        return epochs != null
                && batchSize != null
                && modelLr != null
                && weightDecay != null
                && tableLr != null
                && alphaLr != null
                && milestones != null
                && hardness != null
                && augmentation != null
                && normalization != null
                && hasBudget();
    }

    /** Whether the tables' rate rule has what it needs: budget steps for the budget rule. */
    private boolean hasBudget() {
        return !tableLrRule.equals(BUDGET_RULE) || budgetSteps != null;
    }

    /** The model learning rate this recipe trains {@code model} with: the one set, else the preset's for it. */
    public double modelLrFor(ModelSpec model) {
        return modelLr != null ? modelLr : presetFor(model).modelLr;
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

    /** The same recipe with the tables' rate following {@code rule}: {@value #BUDGET_RULE} or {@value #FIXED_RULE}. */
    public Recipe withTableLrRule(String rule) {
        return edit(f -> f.tableLrRule = rule);
    }

    /** The same recipe with the tables trained by {@code tableOptimizer}: adam, sgd or lsq-sgd. */
    public Recipe withTableOptimizer(String tableOptimizer) {
        return edit(f -> f.tableOptimizer = tableOptimizer);
    }

    /** The same recipe with trainable alphas at learning rate {@code alphaLr} (instead of the tables'). */
    public Recipe withAlphaLr(double alphaLr) {
        return edit(f -> f.alphaLr = alphaLr);
    }

    /** The same recipe with soft quantiser hardness {@code alpha}. */
    public Recipe withAlpha(double alpha) {
        return edit(f -> f.alpha = alpha);
    }

    /** The same recipe with alpha learned ({@code true}) or fixed. */
    public Recipe withTrainableAlpha(boolean trainableAlpha) {
        return edit(f -> f.trainableAlpha = trainableAlpha);
    }

    /** The same recipe with alpha starting as α divided by each frequency's initial step ({@code true}) or not. */
    public Recipe withAlphaScaling(boolean alphaScaling) {
        return edit(f -> f.alphaScaling = alphaScaling);
    }

    /** The same recipe with hardness matching: α = {@code hardness}/q² before every pass (H must be positive). */
    public Recipe withHardness(double hardness) {
        require(hardness > 0 && Double.isFinite(hardness), "hardness must be positive, got " + hardness);
        return edit(f -> f.hardness = hardness);
    }

    /** The same recipe without hardness matching (also where the preset matches). */
    public Recipe withoutHardness() {
        return edit(f -> f.hardness = 0.0);
    }

    /** The same recipe with {@code rounds} soft quantiser rounds. */
    public Recipe withRounds(int rounds) {
        return edit(f -> f.rounds = rounds);
    }

    /** The same recipe with indices of {@code bits} bits (2..16). */
    public Recipe withBits(int bits) {
        return edit(f -> f.bits = bits);
    }

    /** The same recipe with spatial tables: one table pair per region of {@code size} × {@code size} pixels. */
    public Recipe withRegionSize(int size) {
        return edit(f -> f.regionSize = size);
    }

    /** The same recipe as the zero-DC ablation ({@code true}): no tables, every block's DC set to 0. */
    public Recipe withZeroDc(boolean zeroDc) {
        return edit(f -> f.zeroDc = zeroDc);
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
        Integer epochs;
        Integer batchSize;
        Double modelLr;
        double momentum;
        Double weightDecay;
        String tableOptimizer;
        Double tableLr;
        double tableMomentum;
        Double alphaLr;
        List<Double> milestones;
        double gamma;
        double alpha;
        boolean trainableAlpha;
        boolean alphaScaling;
        Double hardness;
        int rounds;
        int candidates;
        int bits;
        int regionSize;
        boolean zeroDc;
        TableInitialization tableInit;
        double qMax;
        boolean augment;
        int padTo;
        String augmentation;
        String normalization;
        String adaptive;
        String tableLrRule;
        Long budgetSteps;

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
            alphaLr = r.alphaLr;
            milestones = r.milestones;
            gamma = r.gamma;
            alpha = r.alpha;
            trainableAlpha = r.trainableAlpha;
            alphaScaling = r.alphaScaling;
            hardness = r.hardness;
            rounds = r.rounds;
            candidates = r.candidates;
            bits = r.bits;
            regionSize = r.regionSize;
            zeroDc = r.zeroDc;
            tableInit = r.tableInit;
            qMax = r.qMax;
            augment = r.augment;
            padTo = r.padTo;
            augmentation = r.augmentation;
            normalization = r.normalization;
            adaptive = r.adaptive;
            tableLrRule = r.tableLrRule;
            budgetSteps = r.budgetSteps;
        }

        Recipe toRecipe() {
            return new Recipe(
                    preset,
                    epochs,
                    batchSize,
                    modelLr,
                    momentum,
                    weightDecay,
                    tableOptimizer,
                    tableLr,
                    tableMomentum,
                    alphaLr,
                    milestones,
                    gamma,
                    alpha,
                    trainableAlpha,
                    alphaScaling,
                    hardness,
                    rounds,
                    candidates,
                    bits,
                    regionSize,
                    zeroDc,
                    tableInit,
                    qMax,
                    augment,
                    padTo,
                    augmentation,
                    normalization,
                    adaptive,
                    tableLrRule,
                    budgetSteps);
        }
    }

    /** Model learning rate in epoch {@code epoch} (0-based); the recipe must be resolved. */
    public double modelLrAt(int epoch) {
        return scheduled(modelLr, epoch);
    }

    /**
     * The recipe's table learning rate in epoch {@code epoch} (0-based), before the rule scales it for a run (see
     * {@link #tableLrAt(int, int)}); the recipe must be resolved.
     */
    public double tableLrAt(int epoch) {
        return scheduled(tableLr, epoch);
    }

    /**
     * The tables' learning rate in epoch {@code epoch} (0-based) of a run of {@code batchesPerEpoch} batches per
     * epoch: the recipe's rate on its schedule times {@link #tableLrFactor}; the recipe must be resolved.
     */
    public double tableLrAt(int epoch, int batchesPerEpoch) {
        return tableLrAt(epoch) * tableLrFactor(batchesPerEpoch);
    }

    /**
     * What the rule multiplies the tables' rate by in a run of {@code batchesPerEpoch} batches per epoch: the
     * budget's steps / the run's steps (epochs × batches per epoch) under the budget rule, so Adam, which moves a
     * step by about its rate per update, lets the tables travel as far as the full recipe would; 1 under the fixed
     * rule.
     */
    public double tableLrFactor(int batchesPerEpoch) {
        if (tableLrRule.equals(FIXED_RULE)) {
            return 1;
        }
        if (epochs == null || budgetSteps == null) {
            throw new IllegalStateException("recipe not resolved for a model: Recipe.resolve(model, data kind)");
        }
        if (batchesPerEpoch < 1) {
            throw new IllegalArgumentException("an epoch needs at least one batch, got " + batchesPerEpoch);
        }
        return budgetSteps / ((double) epochs * batchesPerEpoch);
    }

    /** Learning rate of trainable alphas in epoch {@code epoch} (0-based); the recipe must be resolved. */
    public double alphaLrAt(int epoch) {
        return scheduled(alphaLr, epoch);
    }

    private double scheduled(Double base, int epoch) {
        if (base == null || epochs == null || milestones == null) {
            throw new IllegalStateException("recipe not resolved for a model: Recipe.resolve(model, data kind)");
        }
        return Schedules.multiStep(base, gamma, Schedules.milestoneEpochs(milestones, epochs), epoch);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("recipe: " + message);
        }
    }
}
