package org.beamlinestudio.tomography.recon;

/**
 * Filtered back-projection (ramp filter in Fourier space, then back-projection with linear
 * interpolation on the detector), following the conventions of {@link ReconstructionGeometry}:
 * values come out in attenuation per pixel length.
 *
 * <p>Implementations: {@link JavaFbpReconstructor} (the oracle and fallback, multithreaded) and
 * {@link OpenClFbpReconstructor} ({@code fbp.cl}); {@link #forDevice(String, RampFilter)} picks one.
 * Both filter on the host with the same {@link FbpPlan}, and both back-project with the same float
 * operations in the same order (fused multiply-adds for the detector position and the
 * interpolation, angles summed in order), so on a CPU OpenCL device they agree to the last bit or
 * nearly so.
 *
 * <p>Timing: {@link FbpBenchmark#run} reconstructs the analytic phantom and reports seconds per
 * slice, GUPS (N²·angles / s / 10⁹), CPU time, error and heap.
 */
public interface FbpReconstructor extends Reconstructor {

    /** The ramp filter it applies. */
    RampFilter filter();

    /**
     * The implementation for a device preference ({@code "auto"}, {@code "java"} or a device id, as
     * in {@code StageEnvironment.compute}). Falls back to plain Java, with the reason logged, when
     * OpenCL is unavailable or disabled, when the kernel does not build, or when a run fails on the
     * device (from then on that instance stays on Java; the input is never modified, so the failed
     * slab is simply redone).
     */
    static FbpReconstructor forDevice(String preference, RampFilter filter) {
        return FbpReconstructors.forDevice(preference, filter);
    }
}
