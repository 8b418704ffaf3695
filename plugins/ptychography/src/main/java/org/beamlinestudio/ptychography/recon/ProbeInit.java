package org.beamlinestudio.ptychography.recon;

/** Where the first probe guess comes from. */
public enum ProbeInit {
    /** The probe stored in the file (CXI {@code source_1/probe}); falls back to {@link #APERTURE} when absent. */
    FROM_FILE,
    /** A circular aperture of the given diameter, Fresnel-propagated to the sample. */
    APERTURE,
    /** The inverse transform of the square root of the mean pattern (a flat-phase guess). */
    MEAN_PATTERN
}
