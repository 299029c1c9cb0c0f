package org.jpegdl.cli;

/** The command line a result was produced by, as the user typed it (recorded next to every figure). */
final class CommandLines {

    private static String[] arguments = new String[0];

    private CommandLines() {}

    static void remember(String[] args) {
        arguments = args.clone();
    }

    /** "./jpegdl ARGS...", or "./jpegdl VERB" when the arguments are unknown (library use). */
    static String current(String verb) {
        if (arguments.length == 0) {
            return "./jpegdl " + verb;
        }
        StringBuilder sb = new StringBuilder("./jpegdl");
        for (String a : arguments) {
            sb.append(' ').append(a.matches("[\\w./:,=@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
