package org.beamlinestudio.ptychography.recon;

/**
 * Settings that hold for the whole engine sequence. Build from {@link #defaults()} with the {@code with*} methods so
 * that adding a setting does not break callers.
 *
 * @param probeModes number of mixed-state probe modes (≥ 1), kept orthogonal
 * @param probeInit where the first probe comes from
 * @param apertureDiameter aperture diameter in metres for {@link ProbeInit#APERTURE} (0 = a third of the field)
 * @param propagationDistance Fresnel propagation from the aperture to the sample, metres (0 = none)
 * @param positionRefinementFrom iteration (1-based, over the whole sequence) from which positions are refined;
 *     0 = never
 * @param maxPositionShift largest total position correction allowed, in object pixels
 * @param objectAmplitudeLimit object amplitude clipped to at most this (0 = no limit)
 * @param probeSupportRadius probe support as a fraction of the field's half-width (0 = no support)
 * @param seed seeds the sequential engines' visiting order and the simulation, so runs repeat exactly
 */
public record ReconstructionOptions(int probeModes, ProbeInit probeInit, double apertureDiameter,
        double propagationDistance, int positionRefinementFrom, double maxPositionShift, double objectAmplitudeLimit,
        double probeSupportRadius, long seed) {

    /** Checks ranges. */
    public ReconstructionOptions {
        if (probeModes < 1) {
            throw new IllegalArgumentException("At least one probe mode is needed, got " + probeModes);
        }
        if (positionRefinementFrom < 0 || maxPositionShift < 0 || objectAmplitudeLimit < 0
                || probeSupportRadius < 0 || apertureDiameter < 0) {
            throw new IllegalArgumentException("Reconstruction settings must not be negative");
        }
    }

    /** One mode, probe from the file, no position refinement, no constraints, seed 1. */
    public static ReconstructionOptions defaults() {
        return new ReconstructionOptions(1, ProbeInit.FROM_FILE, 0, 0, 0, 5, 0, 0, 1L);
    }

    /** With this many probe modes. */
    public ReconstructionOptions withProbeModes(int n) {
        return new ReconstructionOptions(n, probeInit, apertureDiameter, propagationDistance, positionRefinementFrom,
                maxPositionShift, objectAmplitudeLimit, probeSupportRadius, seed);
    }

    /** With this probe initialisation. */
    public ReconstructionOptions withProbeInit(ProbeInit init, double apertureDiameterM, double propagationM) {
        return new ReconstructionOptions(probeModes, init, apertureDiameterM, propagationM, positionRefinementFrom,
                maxPositionShift, objectAmplitudeLimit, probeSupportRadius, seed);
    }

    /** Refine positions from this iteration on, by at most {@code maxShiftPx} object pixels. */
    public ReconstructionOptions withPositionRefinement(int fromIteration, double maxShiftPx) {
        return new ReconstructionOptions(probeModes, probeInit, apertureDiameter, propagationDistance, fromIteration,
                maxShiftPx, objectAmplitudeLimit, probeSupportRadius, seed);
    }

    /** With object amplitude and probe support constraints (0 = off). */
    public ReconstructionOptions withConstraints(double objectAmplitudeMax, double probeSupport) {
        return new ReconstructionOptions(probeModes, probeInit, apertureDiameter, propagationDistance,
                positionRefinementFrom, maxPositionShift, objectAmplitudeMax, probeSupport, seed);
    }

    /** With this seed. */
    public ReconstructionOptions withSeed(long s) {
        return new ReconstructionOptions(probeModes, probeInit, apertureDiameter, propagationDistance,
                positionRefinementFrom, maxPositionShift, objectAmplitudeLimit, probeSupportRadius, s);
    }
}
