package org.jpegdl.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An 8×8 table of the report (quantisation steps, alphas, sensitivities, fractions) as coloured HTML cells: each cell
 * shows its value to three significant digits, carries the exact value, and takes its colour from a scale (log, or
 * linear for fractions) that every grid of a section shares, so grids of different runs compare by eye.
 *
 * @param title caption above the grid
 * @param rows eight rows of eight cells, natural order (row = vertical frequency, DC top left)
 */
public record HeatGrid(String title, List<Row> rows) {

    /** One row of cells. */
    public record Row(List<Cell> cells) {}

    /** One cell: exact value, shown text, background and text colours. */
    public record Cell(String value, String text, String background, String color) {}

    /** Where values fall on the palette, and what the section's legend says of it. */
    public sealed interface Scale permits LogScale, LinearScale {

        /** Where a value falls on the scale, 0 to 1. */
        double position(double v);

        /** The legend the template shows: the two ends, the gradient and what the scale is. */
        Legend legend();
    }

    /** A log10 colour scale over positive values. */
    public record LogScale(double min, double max) implements Scale {

        /** The scale spanning every positive value of the given tables. */
        public static LogScale over(List<double[]> tables) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] t : tables) {
                for (double v : t) {
                    if (v > 0 && Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            return lo > hi ? new LogScale(1, 1) : new LogScale(lo, hi);
        }

        @Override
        public double position(double v) {
            if (!(v > 0) || max <= min) {
                return v > 0 ? 0.5 : 0;
            }
            return (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        }

        @Override
        public Legend legend() {
            return new Legend(
                    significant(min),
                    significant(max),
                    Palette.cssGradient(),
                    "log scale shared by every grid of this section");
        }
    }

    /**
     * A linear colour scale from {@code min} to {@code max}, values outside taking the colour of the nearer end.
     *
     * @param min the value at the dark end
     * @param max the value at the bright end (above min)
     */
    public record LinearScale(double min, double max) implements Scale {

        /** Checks that the scale spans something. */
        public LinearScale {
            if (!(max > min)) {
                throw new IllegalArgumentException("a linear scale needs max > min, got " + min + ".." + max);
            }
        }

        @Override
        public double position(double v) {
            return Double.isFinite(v) ? Math.max(0, Math.min(1, (v - min) / (max - min))) : 0;
        }

        @Override
        public Legend legend() {
            return new Legend(
                    significant(min),
                    significant(max),
                    Palette.cssGradient(),
                    "linear scale shared by every grid of this section");
        }
    }

    /** What the template prints under a section's title. */
    public record Legend(String low, String high, String gradient, String scale) {}

    /** The grid of 64 values in natural row-major order. */
    public static HeatGrid of(String title, double[] values, Scale scale) {
        if (values.length != 64) {
            throw new IllegalArgumentException(title + ": an 8×8 table needs 64 values, got " + values.length);
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            List<Cell> cells = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                double v = values[r * 8 + c];
                double p = scale.position(v);
                cells.add(new Cell(Double.toString(v), compact(v), Palette.css(p), Palette.light(p) ? "#000" : "#fff"));
            }
            rows.add(new Row(cells));
        }
        return new HeatGrid(title, rows);
    }

    /** Float values widened exactly, for tables stored as float. */
    public static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** What fits a cell: three significant digits, or two with a short exponent for tiny or huge values. */
    static String compact(double v) {
        double a = Math.abs(v);
        if (v == 0 || !Double.isFinite(v) || (a >= 1e-3 && a < 1e4)) {
            return significant(v);
        }
        String s = String.format(Locale.ROOT, "%.1e", v);
        return s.replace("e-0", "e-").replace("e+0", "e").replace("e+", "e");
    }

    /** Three significant digits, plain for ordinary magnitudes and in exponent form for tiny or huge ones. */
    static String significant(double v) {
        if (v == 0) {
            return "0";
        }
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e4) {
            return new BigDecimal(v)
                    .round(new MathContext(3))
                    .stripTrailingZeros()
                    .toPlainString();
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
