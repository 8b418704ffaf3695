package org.beamlinestudio.core.stage;

/** What an array means; stages declare the kinds they take and give, views register for kinds. */
public enum DataKind {
    /** Tomographic projections: (angle, row, column). */
    PROJECTIONS,
    /** Sinograms: (row, angle, column) or a slab of them. */
    SINOGRAMS,
    /** A reconstructed or measured volume: (z, y, x). */
    VOLUME,
    /** A stack of 2-D frames: (frame, y, x), e.g. detector frames. */
    IMAGE_STACK,
    /** One or more curves with error bars. */
    CURVE,
    /** A table of values. */
    TABLE
}
