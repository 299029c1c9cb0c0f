package org.jpegdl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jpegdl.codec.CodecTables;
import org.jpegdl.io.AtomicFiles;
import org.jpegdl.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jpegdl export-tables}: a run's learned tables as a {@code cjpeg -qtables} file. */
@Command(
        name = "export-tables",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Writes a run's learned quantisation tables as a text file libjpeg's 'cjpeg -qtables FILE' reads "
                    + "(64 integers per table in natural row-major order: luma, then chroma for colour), rounded and "
                    + "clamped to 1..255 as jpegdl's writer stores them (8-bit tables; several rounds: the element-wise "
                    + "largest step). The file's comments give the cjpeg command line that writes the same tables.",
            "Use it with any libjpeg tool, or with 'jpegdl compress --in DIR --qtables FILE'."
        })
final class ExportTablesCommand implements Callable<Integer> {

    @Mixin
    RunDirectoryOption runDir;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The text file to write.")
    Path out;

    @Option(
            names = "--round",
            paramLabel = "R",
            description = "The learned tables of round R (from 0) instead of the effective table over rounds.")
    Integer round;

    @Override
    public Integer call() throws Exception {
        RunDirectory run = runDir.directory();
        CodecTables tables = CodecTables.learned(run, round);
        AtomicFiles.writeString(
                out,
                tables.toCjpegText("jpegdl: learned tables of " + run.root() + (round == null ? "" : ", round " + round)
                        + ", rounded to integers in 1..255"));
        System.out.println(
                out + ": " + (tables.color() ? "luma and chroma tables" : "luma table") + " for cjpeg " + "-qtables");
        return 0;
    }
}
