package org.jpegdl.report;

import java.util.List;

/**
 * A section of 8×8 heat grids on one colour scale (tables, regions, alpha, saturation, magnitudes, sensitivity).
 *
 * @param description what the grids show
 * @param legend the scale's legend, null when the section draws no grid
 * @param runs each run's grids
 */
record HeatSection(String description, HeatGrid.Legend legend, List<RunGrids> runs) {

    /** A section over {@code scale} (null: no legend). */
    static HeatSection of(String description, HeatGrid.Scale scale, List<RunGrids> runs) {
        return new HeatSection(description, scale == null ? null : scale.legend(), runs);
    }

    /**
     * One run's grids.
     *
     * @param name the run, and what its grids are
     * @param grids its 8×8 grids
     * @param mosaics its grids per region, laid out as the regions sit in the image
     */
    record RunGrids(String name, List<HeatGrid> grids, List<HeatMosaic> mosaics) {

        /** Grids without mosaics. */
        RunGrids(String name, List<HeatGrid> grids) {
            this(name, grids, List.of());
        }
    }
}
