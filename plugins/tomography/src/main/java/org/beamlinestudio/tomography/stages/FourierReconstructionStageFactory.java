package org.beamlinestudio.tomography.stages;

import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.tomography.recon.FourierReconstructor;

/** Filtered back-projection by gridding in Fourier space ({@link FourierReconstructor}); plain Java. */
public final class FourierReconstructionStageFactory extends ReconstructionStageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.fourier";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Fourier reconstruction (gridding)";
    }

    @Override
    public String description() {
        return "Filtered back-projection computed in Fourier space (gridrec class): as accurate as FBP, "
                + "many times faster on a CPU. Input: −log'ed projections.";
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> p = new ArrayList<>(ReconstructionStage.commonParams());
        p.add(ParamSpec.ofChoice("filter", "Filter", "ram-lak", FourierReconstructor.FILTERS,
                "Ramp filter window: ram-lak keeps full resolution; shepp-logan, cosine, hamming, hann "
                        + "trade resolution for less noise."));
        return p;
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) throws StageException {
        String filter = params.getString("filter");
        return ReconstructionStage.create(ID,
                () -> new FourierReconstructor(filter, Runtime.getRuntime().availableProcessors()), params);
    }
}
