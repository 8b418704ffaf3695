package org.beamlinestudio.ptychography.recon;

import java.util.List;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.ptychography.data.PtychoScan;

/**
 * Runs an engine sequence on a scan, on one device (OpenCL, or the plain-Java twin). One instance per run.
 *
 * <p>{@link #run} blocks the calling thread (never the FX thread); {@link #pause()}, {@link #resume()} and
 * {@link #snapshot()} may be called from any other thread. Stopping through the {@link Cancellation} ends the run
 * after the current iteration and returns what was reached ({@link PtychoResult#stoppedEarly()}), since a
 * half-converged object is still worth looking at and saving.
 */
public interface PtychoReconstructor {

    /**
     * A reconstructor for this device: the OpenCL engines when {@code device} is an OpenCL device, else Java.
     *
     * @throws IllegalArgumentException naming the scan when the plan or options do not fit it
     */
    static PtychoReconstructor create(PtychoScan scan, List<EngineStep> plan, ReconstructionOptions options,
            ComputeDevice device) {
        return PtychoEngines.create(scan, plan, options, device);
    }

    /** Runs the plan; reports every iteration to {@code listener}. */
    PtychoResult run(ReconstructionListener listener, Cancellation cancel);

    /** Holds the run after the current iteration until {@link #resume()} (or cancellation). */
    void pause();

    /** Lets a paused run go on. */
    void resume();

    /** Whether the run is paused. */
    boolean isPaused();

    /** A copy of the current estimate, taken between iterations (may wait for the current one to finish). */
    PtychoState snapshot();

    /** The device it runs on. */
    ComputeDevice device();
}
