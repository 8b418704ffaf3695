package org.beamlinestudio.ptychography.recon;

import java.util.List;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.ptychography.data.PtychoScan;

/**
 * A finished (or stopped) reconstruction with everything a result file records.
 *
 * @param scan the input
 * @param plan the engine sequence asked for
 * @param options the settings used
 * @param device the device it ran on
 * @param state the final estimate and error history
 * @param objectPixelSize object pixel size (y, x), metres
 * @param stoppedEarly {@code true} when the user stopped it before the plan's end
 */
public record PtychoResult(PtychoScan scan, List<EngineStep> plan, ReconstructionOptions options,
        ComputeDevice device, PtychoState state, double[] objectPixelSize, boolean stoppedEarly) {

    /** Copies the plan. */
    public PtychoResult {
        plan = List.copyOf(plan);
    }
}
