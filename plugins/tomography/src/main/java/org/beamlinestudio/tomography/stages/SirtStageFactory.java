package org.beamlinestudio.tomography.stages;

import java.util.ArrayList;
import java.util.List;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.tomography.recon.IterativeReconstructor;

/** SIRT ({@link IterativeReconstructor}) on OpenCL or plain Java. */
public final class SirtStageFactory extends ReconstructionStageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.sirt";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "SIRT reconstruction";
    }

    @Override
    public String description() {
        return "Simultaneous iterative reconstruction: smooth, robust to noise and missing angles; "
                + "slower than FBP. More iterations sharpen. Input: −log'ed projections.";
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> p = new ArrayList<>(ReconstructionStage.commonParams());
        p.add(ParamSpec.ofInt("iterations", "Iterations", 100, 1, 100000, "",
                "How many SIRT updates; error against the truth keeps falling slowly (e.g. 100–500)."));
        p.add(ParamSpec.ofBoolean("nonNegative", "Non-negative", true,
                "Clamp attenuation to ≥ 0 after every iteration (physical for absorption contrast)."));
        return p;
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) throws StageException {
        int iterations = params.getInt("iterations");
        boolean nonNegative = params.getBoolean("nonNegative");
        return ReconstructionStage.create(ID,
                () -> IterativeReconstructor.sirt(iterations, nonNegative, environment.compute()), params);
    }
}
