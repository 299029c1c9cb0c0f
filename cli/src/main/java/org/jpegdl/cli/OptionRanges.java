package org.jpegdl.cli;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The one range rule of the command line: every numeric option of every verb is finite and in the range this table
 * gives it, checked once after parsing and before the verb runs (a value outside is an {@link OutOfRange}: one
 * line naming the option and its range). Thread counts are bounded by the cores; image sizes
 * and batch sizes by what one batch of inputs may take of the machine's memory. {@code OptionRangesTest} checks that
 * every numeric option of every verb is in the table.
 */
final class OptionRanges {

    /** The largest image side any verb accepts: four times the largest native size of the model zoo (224). */
    static final int MAX_IMAGE_SIZE = 1024;
    /**
     * One batch's input tensor (float32) times this must fit in the machine's memory: the first stages' activations,
     * their gradients and the JPEG layer's intermediate arrays are that many times the input.
     */
    static final int ACTIVATION_FACTOR = 64;

    /** A closed range [min, max], with 0 allowed below min when {@code zeroAllowed} (0 meaning "default" or "all"). */
    record Range(double min, double max, boolean zeroAllowed, String what) {

        static Range atLeast(double min) {
            return new Range(min, Double.MAX_VALUE, false, null);
        }

        static Range between(double min, double max) {
            return new Range(min, max, false, null);
        }

        static Range positive() {
            return new Range(Double.MIN_VALUE, Double.MAX_VALUE, false, null);
        }

        static Range any() {
            return new Range(-Double.MAX_VALUE, Double.MAX_VALUE, false, null);
        }

        Range orZero() {
            return new Range(min, max, true, what);
        }

        Range named(String text) {
            return new Range(min, max, zeroAllowed, text);
        }

        boolean contains(double v) {
            return Double.isFinite(v) && (v >= min && v <= max || zeroAllowed && v == 0);
        }

        String describe() {
            if (what != null) {
                return what;
            }
            String low = min == Double.MIN_VALUE ? "greater than 0" : "at least " + format(min);
            String text = max == Double.MAX_VALUE
                    ? low
                    : min == Double.MIN_VALUE
                            ? "in (0, " + format(max) + "]"
                            : "in " + format(min) + ".." + format(max);
            return (zeroAllowed ? "0 or " : "") + text;
        }
    }

    /** The cores threads are bounded by (2 at least: the default of --threads). */
    private static final int CORES = Math.max(2, Runtime.getRuntime().availableProcessors());

    /**
     * Every numeric option by its name (the same name means the same kind of number in every verb), or by "VERB
     * --name" where one verb takes fewer values (bench's head needs classes; 0 in models means the model's own).
     */
    static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry("--threads", Range.between(1, CORES).named("in 1.." + CORES + " (the cores of this machine)")),
            Map.entry(
                    "--decode-threads",
                    Range.between(1, CORES)
                            .orZero()
                            .named("in 0.." + CORES + " (the cores of this machine; 0: half of them)")),
            Map.entry("--epochs", Range.between(1, 100_000)),
            Map.entry("--memory-epochs", Range.between(1, 100_000).orZero()),
            Map.entry("--batch-size", Range.between(1, 65_536)),
            Map.entry("--batch", Range.between(1, 65_536)),
            Map.entry("--attack-batch-size", Range.between(1, 65_536)),
            Map.entry("--lr", Range.between(Double.MIN_VALUE, 100)),
            Map.entry("--table-lr", Range.between(Double.MIN_VALUE, 100)),
            Map.entry("--alpha-lr", Range.between(Double.MIN_VALUE, 100)),
            Map.entry("--q-max", Range.between(Double.MIN_VALUE, 65_535)),
            Map.entry("--alpha", Range.between(Double.MIN_VALUE, 1e6)),
            Map.entry("--lambda", Range.between(0, 1e6)),
            Map.entry("--rounds", Range.between(1, 10_000)),
            Map.entry("--quantiser-rounds", Range.between(1, 64)),
            Map.entry("--bits", Range.between(2, 16)),
            Map.entry("--region-size", Range.between(8, MAX_IMAGE_SIZE).orZero()),
            Map.entry("--train-limit", Range.atLeast(1).orZero()),
            Map.entry("--test-limit", Range.atLeast(1).orZero()),
            Map.entry("--limit", Range.atLeast(1).orZero()),
            Map.entry("--attack-limit", Range.atLeast(1).orZero()),
            Map.entry("--images", Range.atLeast(1)),
            Map.entry("--image-size", Range.between(8, MAX_IMAGE_SIZE).orZero()),
            Map.entry("--size", Range.between(8, MAX_IMAGE_SIZE)),
            Map.entry("--channels", Range.between(1, 3)),
            Map.entry("--classes", Range.between(2, 1_000_000).orZero()),
            Map.entry("bench --classes", Range.between(2, 1_000_000)),
            Map.entry("--test-fraction", Range.between(0.01, 0.9).orZero()),
            Map.entry("--val-fraction", Range.between(Double.MIN_VALUE, 0.5).orZero()),
            Map.entry("--seed", Range.any()),
            Map.entry("--seeds", Range.between(0, Long.MAX_VALUE)),
            Map.entry("--attack-seed", Range.any()),
            Map.entry("--samples", Range.atLeast(1).orZero()),
            Map.entry("--rung-images", Range.atLeast(1).orZero()),
            Map.entry("--eta", Range.atLeast(2)),
            Map.entry("--top", Range.atLeast(1)),
            Map.entry("--steps", Range.between(1, 1_000_000)),
            Map.entry("--strong-steps", Range.between(1, 1_000_000)),
            Map.entry("--restarts", Range.between(1, 1000)),
            Map.entry("--apgd-steps", Range.between(0, 1_000_000)),
            Map.entry("--square-queries", Range.between(0, 1_000_000)),
            Map.entry("--eot-samples", Range.between(1, 10_000)),
            Map.entry("--quality", Range.between(1, 100)),
            Map.entry("--round", Range.between(0, 10_000)));

    /** The options that hold one image side, and the batch-size option each is checked with against memory. */
    private static final Map<String, String> SIZE_AND_BATCH =
            Map.of("--image-size", "--batch-size", "--size", "--batch-size");

    private static final Set<Class<?>> NUMBERS = Set.of(
            int.class, long.class, double.class, float.class, Integer.class, Long.class, Double.class, Float.class);

    private OptionRanges() {}

    /** A number out of its option's range: one line, which names the option and the range, says it all. */
    static final class OutOfRange extends CommandLine.ParameterException {
        private static final long serialVersionUID = 1L;

        OutOfRange(CommandLine cli, String message) {
            super(cli, message);
        }
    }

    /** Whether an option holds a number, or a list of them. */
    static boolean numeric(OptionSpec option) {
        if (NUMBERS.contains(option.type())) {
            return true;
        }
        Class<?>[] element = option.auxiliaryTypes();
        return List.class.isAssignableFrom(option.type()) && element.length == 1 && NUMBERS.contains(element[0]);
    }

    /**
     * Checks every numeric option of the verb that runs (the deepest subcommand parsed), unless help was asked for.
     *
     * @param parsed the parse result of the whole command line
     * @throws OutOfRange naming the first option out of its range
     */
    static void check(ParseResult parsed) {
        ParseResult verb = parsed;
        while (true) {
            if (verb.isUsageHelpRequested() || verb.isVersionHelpRequested()) {
                return;
            }
            if (!verb.hasSubcommand()) {
                break;
            }
            verb = verb.subcommand();
        }
        CommandLine cli = verb.commandSpec().commandLine();
        for (OptionSpec option : verb.commandSpec().options()) {
            if (!numeric(option)) {
                continue;
            }
            Range range = RANGES.getOrDefault(
                    verb.commandSpec().name() + " " + option.longestName(), RANGES.get(option.longestName()));
            if (range == null) {
                throw new IllegalStateException(option.longestName() + " has no range in OptionRanges");
            }
            Object value = option.getValue();
            for (Object v : value instanceof List<?> list ? list : value == null ? List.of() : List.of(value)) {
                double d = ((Number) v).doubleValue();
                if (!range.contains(d)) {
                    throw new OutOfRange(
                            cli,
                            String.format(
                                    Locale.ROOT, "%s must be %s, got %s", option.longestName(), range.describe(), v));
                }
            }
        }
        for (Map.Entry<String, String> e : SIZE_AND_BATCH.entrySet()) {
            OptionSpec size = verb.commandSpec().findOption(e.getKey());
            OptionSpec batch = verb.commandSpec().findOption(e.getValue());
            if (size != null && batch != null && size.getValue() != null && batch.getValue() != null) {
                fitsMemory(
                        cli,
                        e.getKey(),
                        ((Number) size.getValue()).intValue(),
                        e.getValue(),
                        ((Number) batch.getValue()).intValue());
            }
        }
    }

    /** One batch of {@code batch} images of side {@code side} (3 channels, float32), times the activations, fits. */
    private static void fitsMemory(CommandLine cli, String sizeOption, int side, String batchOption, int batch) {
        double bytes = (double) batch * 3 * side * side * Float.BYTES * ACTIVATION_FACTOR;
        long memory = physicalMemory();
        if (bytes > memory) {
            throw new OutOfRange(
                    cli,
                    String.format(
                            Locale.ROOT,
                            "%s %d with %s %d needs about "
                                    + "%.0f GiB for one batch's activations; this machine has %.0f GiB: a smaller %s or %s",
                            sizeOption,
                            side,
                            batchOption,
                            batch,
                            bytes / (1L << 30),
                            memory / (double) (1L << 30),
                            sizeOption,
                            batchOption));
        }
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** {@code 2.0} as "2", others as they are. */
    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
