package org.beamlinestudio.ptychography.results;

import java.nio.file.Path;
import java.util.List;
import org.beamlinestudio.ptychography.recon.EngineStep;
import org.beamlinestudio.ptychography.recon.PtychoState;

/**
 * A reconstruction read back from a result file, for showing it again.
 *
 * @param file the result file
 * @param state object, probe modes, positions and error history as saved
 * @param objectPixelSize object pixel size (y, x), metres
 * @param plan the engine sequence that made it
 * @param stoppedEarly whether the run was stopped before the plan's end
 * @param device the device it ran on (id)
 * @param provenance the provenance JSON
 */
public record StoredPtychoResult(Path file, PtychoState state, double[] objectPixelSize, List<EngineStep> plan,
        boolean stoppedEarly, String device, String provenance) {
}
