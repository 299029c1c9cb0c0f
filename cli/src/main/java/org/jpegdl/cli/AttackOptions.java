package org.jpegdl.cli;

import org.jpegdl.attack.AttackSettings;
import picocli.CommandLine.Option;

/** Options of the attack suite, shared by {@code attack} and {@code compare --attacks}. */
final class AttackOptions {

    @Option(
            names = "--eps",
            defaultValue = AttackSettings.PAPER_EPS,
            paramLabel = "LIST|FROM:TO:COUNT",
            description = "Budgets in pixel levels of 255: a list (1/255,2/255 or 1,2) or an even range FROM:TO:COUNT; "
                    + "the default is the paper's sweep, 10 values from 1/255 to 4/255.")
    String eps;

    @Option(
            names = "--steps",
            defaultValue = "5",
            description = "PGD steps (the paper's setting: 5); step size " + "2.5·eps/steps, random start.")
    int steps;

    @Option(
            names = "--strong-steps",
            defaultValue = "50",
            description = "Steps of the strong PGD, of BPDA-PGD (identity, clamp-aware and soft surrogates) and of "
                    + "the PGD that makes transfer images (at least 50 for a trustworthy number).")
    int strongSteps;

    @Option(names = "--restarts", defaultValue = "2", description = "Random starts of the strong PGD and BPDA-PGD.")
    int restarts;

    @Option(
            names = "--no-strong",
            description = "No strong PGD, no BPDA-PGD and no surrogate transfer (FGSM, PGD "
                    + "and whatever --apgd-steps and --square-queries ask for): quick, but a soft quantiser can hide the "
                    + "gradient from these.")
    boolean noStrong;

    @Option(
            names = "--apgd-steps",
            defaultValue = "" + AttackSettings.DEFAULT_APGD_STEPS,
            paramLabel = "N",
            description = "Steps of APGD-CE and APGD-DLR (Croce and Hein: step-size-free PGD with momentum, as "
                    + "AutoAttack runs them; AutoAttack uses 100); 0 for no APGD.")
    int apgdSteps;

    @Option(
            names = "--no-apgd-bpda",
            description = "For JPEG-DL runs, APGD on the network's own gradient only "
                    + "(by default also through the clamp-aware BPDA surrogate: two APGD runs more).")
    boolean noApgdBpda;

    @Option(
            names = "--square-queries",
            defaultValue = "" + AttackSettings.DEFAULT_SQUARE_QUERIES,
            paramLabel = "Q",
            description = "Query budget per image of the Square attack (score-based, no gradient; AutoAttack spends "
                    + "5000); 0 for no Square attack (the score-based masking check is then not run).")
    int squareQueries;

    @Option(
            names = "--no-transfer",
            description = "No transfer attack between the arms (by default each run of a "
                    + "comparison, and each of two runs given to 'attack', also tries the adversarial images made on the other "
                    + "arm's run of its seed).")
    boolean noTransfer;

    // an initial value, not a defaultValue: picocli applies those after the arguments, over the older name's
    @Option(
            names = "--attack-limit",
            paramLabel = "N",
            description = "Attack at most this many test images (class-balanced, the same for every run); 0 for all.")
    int limit = 1000;

    /** The older name of {@code --attack-limit} (named as --attack-batch-size is), still read, not shown. */
    @Option(names = "--limit", hidden = true, paramLabel = "N")
    void olderLimitName(int n) {
        limit = n;
    }

    @Option(names = "--attack-batch-size", defaultValue = "100", description = "Images per attack batch.")
    int batchSize;

    @Option(
            names = "--hard",
            description = "Attack JPEG-DL runs with hard quantisation in the forward pass (a real "
                    + "JPEG codec) instead of the soft layer they were trained with.")
    boolean hard;

    @Option(
            names = "--eot-samples",
            defaultValue = "8",
            description = "Gradient samples per step if a network turns "
                    + "out random in inference mode (the JPEG layer is not: EOT is then reported as a no-op).")
    int eotSamples;

    @Option(names = "--attack-seed", defaultValue = "0", description = "Seed of the random starts.")
    long seed;

    @Option(names = "--force", description = "Attack again even if attack.json holds these settings.")
    boolean force;

    /** The settings these options describe. */
    AttackSettings settings() {
        return new AttackSettings(
                AttackSettings.parseEps(eps),
                steps,
                strongSteps,
                restarts,
                !noStrong,
                limit,
                batchSize,
                hard,
                eotSamples,
                seed,
                apgdSteps,
                !noApgdBpda,
                squareQueries);
    }
}
