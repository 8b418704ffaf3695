package org.beamlinestudio.tomography.io;

/** Names of the arrays and vectors a tomography reader hands to the stages ({@code OpenedSource.array/vector}). */
public final class ScanRoles {

    /** All flat-field (white) images, (n, rows, columns). */
    public static final String FLATS = "flats";
    /** Flats taken before the first projection (by their place in the acquisition sequence). */
    public static final String FLATS_BEFORE = "flats_before";
    /** Flats taken after the last projection. */
    public static final String FLATS_AFTER = "flats_after";
    /** All dark images, (n, rows, columns). */
    public static final String DARKS = "darks";
    /** Rotation angle of each projection, radians. */
    public static final String ANGLES = "angles";
    /**
     * For each image of {@link #FLATS} (same order): how many projections were acquired before it
     * (0 = before all, nProjections = after all); lets normalisation interpolate in time.
     */
    public static final String FLAT_POSITIONS = "flat_positions";

    private ScanRoles() {
    }
}
