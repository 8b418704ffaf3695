package org.beamlinestudio.ptychography.recon;

import java.util.List;
import org.beamlinestudio.core.compute.ComputeDevice;
import org.beamlinestudio.ptychography.data.PtychoScan;

/** Chooses the implementation behind {@link PtychoReconstructor#create}. */
final class PtychoEngines {

    private PtychoEngines() {
    }

    static PtychoReconstructor create(PtychoScan scan, List<EngineStep> plan, ReconstructionOptions options,
            ComputeDevice device) {
        throw new UnsupportedOperationException("The ptychography engines are being built");
    }
}
