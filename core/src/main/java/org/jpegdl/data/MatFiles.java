package org.jpegdl.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.Matrix;

/**
 * The variables the data set readers need from MATLAB v5 {@code .mat} files (read with MFL), with errors that name
 * the file and the variable.
 */
final class MatFiles {

    private MatFiles() {}

    /** The numbers of variable {@code variable} in {@code file}, in MATLAB's (column-major) element order. */
    static double[] numbers(Path file, String variable, String whatItHolds) {
        try (Mat5File mat = open(file, whatItHolds)) {
            Array array = variable(mat, file, variable);
            if (!(array instanceof Matrix matrix)) {
                throw DatasetException.inFile(
                        file, "variable '" + variable + "' is " + array.getType() + ", expected a numeric array");
            }
            double[] values = new double[matrix.getNumElements()];
            for (int i = 0; i < values.length; i++) {
                values[i] = matrix.getDouble(i);
            }
            return values;
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot read: " + e.getMessage());
        }
    }

    /** The strings of variable {@code variable}, a cell array of char rows, in element order. */
    static List<String> strings(Path file, String variable, String whatItHolds) {
        try (Mat5File mat = open(file, whatItHolds)) {
            Array array = variable(mat, file, variable);
            if (!(array instanceof Cell cell)) {
                throw DatasetException.inFile(
                        file,
                        "variable '" + variable + "' is " + array.getType() + ", expected a cell array of file names");
            }
            List<String> values = new ArrayList<>(cell.getNumElements());
            for (int i = 0; i < cell.getNumElements(); i++) {
                Array element = cell.get(i);
                if (!(element instanceof Char text)) {
                    throw DatasetException.inFile(
                            file,
                            "element " + (i + 1) + " of '" + variable + "' is " + element.getType()
                                    + ", expected text");
                }
                values.add(text.getString().trim());
            }
            return values;
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot read: " + e.getMessage());
        }
    }

    private static Mat5File open(Path file, String whatItHolds) {
        if (!Files.isRegularFile(file)) {
            throw DatasetException.missing(file, whatItHolds);
        }
        try {
            return Mat5.readFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw DatasetException.inFile(file, "not a readable MATLAB v5 .mat file (" + e.getMessage() + ")");
        }
    }

    private static Array variable(Mat5File mat, Path file, String variable) {
        for (var entry : mat.getEntries()) {
            if (entry.getName().equals(variable)) {
                return entry.getValue();
            }
        }
        throw DatasetException.inFile(file, "has no variable '" + variable + "'");
    }
}
