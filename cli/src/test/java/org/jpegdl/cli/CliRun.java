package org.jpegdl.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One invocation of the command line in-process, as a user would type it: exit code, everything printed (picocli's
 * writers and System.out) and the error output.
 */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code jpegdl ARGS...} and captures what it prints. */
    public static CliRun of(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err);
        PrintWriter outWriter = new PrintWriter(out);
        int exit;
        try {
            // before the command line is made: picocli's version help writes to the System.out it found then
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            CommandLine cli = Main.commandLine();
            cli.setErr(errWriter);
            cli.setOut(outWriter);
            exit = cli.execute(args);
        } finally {
            System.setOut(oldOut);
            errWriter.flush();
            outWriter.flush();
        }
        return new CliRun(exit, out + captured.toString(StandardCharsets.UTF_8), err.toString());
    }
}
