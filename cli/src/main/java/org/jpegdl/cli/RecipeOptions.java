package org.jpegdl.cli;

import org.jpegdl.recipe.Recipe;
import picocli.CommandLine.Option;

/**
 * The training options of a recipe: the preset (with where its numbers come from) and the overrides of its
 * schedule and optimisers. An option not given keeps the preset's value for the model ({@link Recipe#resolve}).
 */
final class RecipeOptions {

    @Option(
            names = "--recipe",
            defaultValue = Recipe.CIFAR,
            description = {
                "Recipe preset: cifar, finegrained, imagenet, imagenet-lsq. Where their numbers come from:",
                "cifar: the paper's CIFAR-100 recipe, the authors' train_teacher_cifar_JPEG.py defaults: 240 epochs, batch "
                        + "64, SGD 0.05 (0.01 for MobileNetV2 and the ShuffleNets), weight decay 5e-4, x0.1 at 150/180/210 of "
                        + "240 epochs; tables by Adam at 0.003 from the paired baseline's sensitivity map (q-max 10), fixed "
                        + "alpha 5, 8 bits; pad to 32 px.",
                "finegrained: the authors' train_teacher_JPEG.py defaults: 200 epochs, batch 32, SGD 0.1, weight decay "
                        + "1e-4, x0.1 at 50%% and 75%%; tables as cifar.",
                "imagenet: the authors' ImageNet scripts (ImageNet/sh_train/run2.sh for ResNet-18, run3.sh for SqueezeNet "
                        + "1.1, with ImageNet/train.py): tables by plain SGD, momentum 0.9, decaying with the model (StepLR "
                        + "every 30 epochs, x0.1), from abs-avg, alpha by hardness matching, 11 bits. resnet18/resnet34: 90 "
                        + "epochs, batch 256 (128 per GPU on 2 GPUs), SGD 0.1, weight decay 1e-4, tables at 0.4, H 0.8. "
                        + "squeezenet1_1: 100 epochs, batch 128 (64 on 2 GPUs), SGD 0.01, weight decay 2e-4, tables at 0.1, H "
                        + "3.0. Other models take ResNet-18's values: its model settings are train.py's defaults (the "
                        + "torchvision reference recipe), the ones train.py gives any model a script does not override, and "
                        + "H 0.8 with tables at 0.4 is what the authors ran on that schedule. The scripts name numBits_11 in "
                        + "their output directories but pass no --num_bit (train.py's default is 8), and q_min defaults to "
                        + "None, so their DC replacement of the abs-avg init does not run; jpegdl follows the paper: 11 bits, "
                        + "the DC step replaced by the first AC step.",
                "imagenet-lsq: the torchvision reference recipe (90 epochs, batch 256, SGD 0.1, weight decay 1e-4, x0.1 "
                        + "at 30 and 60) with the tables by SGD with momentum 0.9 and LSQ gradient scaling at 0.01, from the "
                        + "sensitivity map, fixed alpha 5, 8 bits."
            })
    String recipe;

    /** Epochs of a run that names neither --epochs nor --paper-epochs: a first run a CPU finishes. */
    static final int FIRST_RUN_EPOCHS = 10;

    @Option(
            names = "--epochs",
            description = "Training epochs (default: " + FIRST_RUN_EPOCHS + ", a first run a "
                    + "CPU finishes; --paper-epochs for the preset's: cifar 240, finegrained 200, imagenet 90 / squeezenet1_1 "
                    + "100, imagenet-lsq 90).")
    Integer epochs;

    @Option(
            names = "--paper-epochs",
            description = "Train the preset's number of epochs, as the paper does "
                    + "(instead of the first-run default of " + FIRST_RUN_EPOCHS + ").")
    boolean paperEpochs;

    @Option(
            names = "--batch-size",
            description = "Images per batch (preset: cifar 64, finegrained 32, imagenet 256 / squeezenet1_1 128, "
                    + "imagenet-lsq 256).")
    Integer batchSize;

    @Option(
            names = "--lr",
            description = "Model SGD learning rate (preset: cifar 0.05, 0.01 for "
                    + "MobileNetV2/ShuffleNets; finegrained 0.1; imagenet 0.1 / squeezenet1_1 0.01; imagenet-lsq 0.1).")
    Double lr;

    @Option(
            names = "--table-lr",
            description = "Learning rate of the quantisation tables (preset: cifar and "
                    + "finegrained 0.003, imagenet 0.4 / squeezenet1_1 0.1, imagenet-lsq 0.01).")
    Double tableLr;

    @Option(
            names = "--table-lr-rule",
            paramLabel = "budget|fixed",
            description = "How the tables' rate follows "
                    + "from --table-lr. budget (default): scaled by (the preset's full recipe steps: its epochs x batches on "
                    + "its own data, e.g. cifar 240 x 782) / (this run's epochs x batches), because Adam moves a step by about "
                    + "its rate per update, so a short run at the paper's rate leaves the tables near their start; budget "
                    + "gives them the travel of the full recipe. fixed: --table-lr as it is (the paper's, right for a run as "
                    + "long as the preset's). The rate used is in the run's header and metrics.jsonl.")
    String tableLrRule;

    @Option(
            names = "--table-optimizer",
            paramLabel = "adam|sgd|lsq-sgd",
            description = "Optimiser of the tables "
                    + "and trainable alphas: adam, sgd (momentum 0.9, as the authors' ImageNet scripts) or lsq-sgd "
                    + "(momentum 0.9, LSQ gradient scale) (preset: cifar and finegrained adam, imagenet sgd, imagenet-lsq "
                    + "lsq-sgd).")
    String tableOptimizer;

    @Option(names = "--no-augment", description = "Train without pad-and-crop and flip augmentation.")
    boolean noAugment;

    /** The preset with these options' changes. */
    Recipe recipe() {
        // picocli makes this group only when one of its options is given: else the default preset
        Recipe r = Recipe.preset(recipe != null ? recipe : Recipe.CIFAR);
        if (epochs != null && paperEpochs) {
            throw new IllegalArgumentException("--epochs and --paper-epochs say different things: give one");
        }
        if (epochs != null || !paperEpochs) {
            r = r.withEpochs(epochs != null ? epochs : FIRST_RUN_EPOCHS);
        }
        if (batchSize != null) {
            r = r.withBatchSize(batchSize);
        }
        if (lr != null) {
            r = r.withModelLr(lr);
        }
        if (tableLr != null) {
            r = r.withTableLr(tableLr);
        }
        if (tableOptimizer != null) {
            r = r.withTableOptimizer(tableOptimizer);
        }
        if (tableLrRule != null) {
            if (!Recipe.TABLE_LR_RULES.contains(tableLrRule)) {
                throw new IllegalArgumentException("--table-lr-rule: unknown rule '" + tableLrRule + "'; known: "
                        + String.join(", ", Recipe.TABLE_LR_RULES));
            }
            r = r.withTableLrRule(tableLrRule);
        }
        return noAugment ? r.withAugment(false) : r;
    }
}
