package org.beamlinestudio.tomography.center;

/** How the scan covers the object, which decides how its centre is found. */
public enum AcquisitionMode {
    /** Axis inside the field of view, at least a half turn: the 0–180° half and its mirror are compared. */
    HALF_TURN,
    /**
     * Offset axis ("half acquisition", extended field of view): a full turn with the axis near one edge of the
     * detector; the axis is found from the overlap of each projection with the mirrored one 180° later.
     */
    OFFSET_AXIS_FULL_TURN
}
