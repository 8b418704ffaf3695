package org.beamlinestudio.tomography.stages;

import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.tomography.recon.IterativeReconstructor;

/** CGLS ({@link IterativeReconstructor}) on OpenCL or plain Java. */
public final class CglsStageFactory extends ReconstructionStageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.cgls";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "CGLS reconstruction";
    }

    @Override
    public String description() {
        return "Conjugate-gradient least squares: converges in tens of iterations; stop early, as later "
                + "iterations fit noise (the iteration count regularises). Input: −log'ed projections.";
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> p = new ArrayList<>(ReconstructionStage.commonParams());
        p.add(ParamSpec.ofInt("iterations", "Iterations", 16, 1, 100000, "",
                "How many CGLS iterations; the error is smallest after about 10–30 and grows afterwards "
                        + "as noise is fitted."));
        return p;
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) throws StageException {
        int iterations = params.getInt("iterations");
        return ReconstructionStage.create(ID, () -> IterativeReconstructor.cgls(iterations, environment.compute()),
                params);
    }
}
