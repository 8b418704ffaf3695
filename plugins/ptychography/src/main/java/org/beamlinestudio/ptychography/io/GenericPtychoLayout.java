package org.beamlinestudio.ptychography.io;

/**
 * Where a file that follows no known layout keeps its patterns and positions, and the geometry typed in by hand.
 *
 * @param patternsPath N × H × W patterns dataset
 * @param positionsPath N × 2 or 2 × N positions dataset
 * @param positionsYFirst {@code true} when the first of the two position values is vertical (y, x), else (x, y)
 * @param positionUnitMetres metres per stored position unit (1 for metres, 1e-6 for µm)
 * @param maskPath H × W mask dataset, non-zero = valid pixel; empty or {@code null} for none
 * @param energyEv photon energy, eV
 * @param distance sample–detector distance, metres
 * @param pixelSize detector pixel size (square), metres
 */
public record GenericPtychoLayout(String patternsPath, String positionsPath, boolean positionsYFirst,
        double positionUnitMetres, String maskPath, double energyEv, double distance, double pixelSize) {

    /** Checks the geometry. */
    public GenericPtychoLayout {
        if (patternsPath == null || patternsPath.isBlank() || positionsPath == null || positionsPath.isBlank()) {
            throw new IllegalArgumentException("A generic ptychography layout needs a patterns and a positions path");
        }
        if (!(positionUnitMetres > 0 && energyEv > 0 && distance > 0 && pixelSize > 0)) {
            throw new IllegalArgumentException("Geometry must be positive: energy " + energyEv + " eV, distance "
                    + distance + " m, pixel " + pixelSize + " m, position unit " + positionUnitMetres + " m");
        }
    }
}
