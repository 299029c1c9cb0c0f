package org.jpegdl.cli;

import ai.djl.ModelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.concurrent.Callable;
import org.jpegdl.data.DatasetException;
import org.jpegdl.io.FileProblems;
import org.jpegdl.train.TrainingLoop;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jpegdl} command line: one subcommand per verb. */
@Command(
        name = "jpegdl",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        resourceBundle = "org.jpegdl.cli.OptionDescriptions",
        description = "JPEG-Inspired Deep Learning on the JVM: a trainable JPEG layer in front of any classifier.",
        subcommands = {
            QuickstartCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            PredictCommand.class,
            CompareCommand.class,
            SweepCommand.class,
            SensitivityCommand.class,
            AttackCommand.class,
            CamCommand.class,
            CompressCommand.class,
            ExportTablesCommand.class,
            LearnTablesCommand.class,
            RateCommand.class,
            ReportCommand.class,
            BenchCommand.class,
            VerifyLayerCommand.class,
            ModelsCommand.class,
            DatasetsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Callable<Integer> {

    /** Exit code of a run whose checks failed. */
    public static final int EXIT_FAILED = 1;
    /** Exit code of a user mistake (bad arguments, missing or malformed files). */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        CommandLines.remember(args);
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler(Main::mistyped);
        cli.setExecutionStrategy(parsed -> {
            OptionRanges.check(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        return cli;
    }

    /** Without a verb: the usage on standard error, and the exit code of a user mistake. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /**
     * A command line that does not parse: one line saying what is wrong and where the verb's options are listed, as
     * git and cargo answer (the whole usage is {@code --help}); a number out of its range: that one line alone.
     */
    private static int mistyped(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println("error: " + e.getMessage());
        if (!(e instanceof OptionRanges.OutOfRange)) {
            cli.getErr().println("see '" + cli.getCommandSpec().qualifiedName() + " --help'");
        }
        return EXIT_USAGE;
    }

    /** User mistakes become one clear line on stderr; anything else is a bug and keeps its stack trace. */
    static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (cause instanceof FileSystemException f) {
            cli.getErr().println("error: " + FileProblems.describe(f));
            return EXIT_USAGE;
        }
        if (cause instanceof TrainingLoop.DivergedException) {
            cli.getErr().println("error: " + cause.getMessage());
            return EXIT_FAILED;
        }
        if (cause instanceof IllegalArgumentException
                || cause instanceof IOException
                || cause instanceof DatasetException
                || cause instanceof ModelException) {
            cli.getErr().println("error: " + cause.getMessage());
            return EXIT_USAGE;
        }
        throw new IllegalStateException(e);
    }

    /** Reports the version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jpegdl " + (v == null ? "dev" : v)};
        }
    }
}
