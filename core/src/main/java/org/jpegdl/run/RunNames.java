package org.jpegdl.run;

import java.nio.file.Path;

/**
 * The one rule for the names of runs, comparisons, sweeps and the files named after them: a name is one path
 * component, so that it stays inside the folder it is placed in: not empty, not {@code .} or {@code ..}, no
 * {@code /} or {@code \}, no control character.
 */
public final class RunNames {

    private RunNames() {}

    /**
     * Checks a name.
     *
     * @param name the name given
     * @param what what it names, for the message ("--name", "run name")
     * @return the name
     * @throws IllegalArgumentException one line naming {@code what} and why the name cannot be used
     */
    public static String check(String name, String what) {
        String why = null;
        if (name == null || name.isBlank()) {
            why = "it is empty";
        } else if (name.equals(".") || name.equals("..")) {
            why = "'" + name + "' is a folder's own or parent entry, not a name";
        } else if (name.contains("/") || name.contains("\\")) {
            why = "it holds a path separator";
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            why = "it holds a control character";
        }
        if (why != null) {
            throw new IllegalArgumentException(
                    what + " must be one folder name (no '/', not '.' or '..'), got '" + name + "': " + why);
        }
        return name;
    }

    /**
     * The folder {@code name} inside {@code parent}, once the name is checked.
     *
     * @param parent the folder the named one goes in (a runs folder, a comparison)
     * @param name the name given
     * @param what what it names, for the message
     * @return {@code parent/name}
     */
    public static Path inside(Path parent, String name, String what) {
        return parent.resolve(check(name, what));
    }
}
