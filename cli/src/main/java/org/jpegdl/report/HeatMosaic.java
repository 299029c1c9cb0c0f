package org.jpegdl.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The 8×8 tables of spatial tables laid out as their regions sit in the image: rows × columns small grids, one per
 * region, all coloured on the section's shared scale.
 *
 * @param title caption above the mosaic
 * @param regionRows the rows of regions, top first
 */
public record HeatMosaic(String title, List<RegionRow> regionRows) {

    /** One row of regions, left to right. */
    public record RegionRow(List<HeatGrid> grids) {}

    /**
     * The mosaic of {@code tables}, one 64-value table per region, row by row with {@code columns} regions per row.
     */
    public static HeatMosaic of(String title, List<double[]> tables, int rows, int columns, HeatGrid.Scale scale) {
        if (rows < 1 || columns < 1 || tables.size() != rows * columns) {
            throw new IllegalArgumentException(
                    title + ": " + rows + "×" + columns + " regions need as many tables, " + "got " + tables.size());
        }
        List<RegionRow> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            List<HeatGrid> grids = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                int region = r * columns + c;
                grids.add(HeatGrid.of("region " + region, tables.get(region), scale));
            }
            out.add(new RegionRow(grids));
        }
        return new HeatMosaic(title, out);
    }
}
