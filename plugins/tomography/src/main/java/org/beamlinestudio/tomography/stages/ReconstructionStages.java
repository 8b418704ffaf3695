package org.beamlinestudio.tomography.stages;

import java.util.List;
import org.beamlinestudio.core.pipeline.Pipeline;

/** Which stages of a pipeline reconstruct sinograms into slices, and where the one that counts is. */
public final class ReconstructionStages {

    /** Ids of the stages that reconstruct. */
    public static final List<String> IDS =
            List.of(FbpStageFactory.ID, FourierReconstructionStageFactory.ID, SirtStageFactory.ID, CglsStageFactory.ID);

    private ReconstructionStages() {
    }

    /** Index of the last enabled reconstruction stage of {@code p} (the one that makes the slices), or −1. */
    public static int lastEnabledIndex(Pipeline p) {
        for (int i = p.stages().size() - 1; i >= 0; i--) {
            Pipeline.StageSpec s = p.stages().get(i);
            if (s.enabled() && IDS.contains(s.stage())) {
                return i;
            }
        }
        return -1;
    }
}
