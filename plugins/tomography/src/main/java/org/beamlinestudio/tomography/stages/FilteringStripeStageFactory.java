package org.beamlinestudio.tomography.stages;

import java.util.List;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.tomography.prep.FilteringStripeRemoval;

/** Filtering-based stripe (ring) removal of Vo et al. (2018): sorting correction of the low-pass part only. */
public final class FilteringStripeStageFactory extends SinogramStageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.stripes.filtering";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Stripe removal (filtering)";
    }

    @Override
    public String description() {
        return "Removes stripes by correcting only the slowly varying (low-pass along angles) part of each "
                + "detector pixel's signal, keeping the fine detail and noise untouched (Vo et al. 2018). "
                + "Works on line integrals (after −log).";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.ofDouble("sigma", "Low-pass sigma", 3.0, 0.1, 100.0, "frequency samples",
                        "Standard deviation of the Gaussian window in Fourier space along angles that separates the "
                                + "low-pass part; 0–10 is sensible, larger values can give void-centre artefacts."),
                ParamSpec.ofInt("size", "Median size", 21, 3, 1001, "px",
                        "Width of the median filter across columns applied to the low-pass part, odd; larger is "
                                + "stronger."),
                ParamSpec.ofBoolean("sort", "Sort first", true,
                        "Sort the low-pass part along angles before the median (Algotom's default); off applies "
                                + "the median across columns directly."));
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) throws StageException {
        double sigma = params.getDouble("sigma");
        int size = params.getInt("size");
        boolean sort = params.getBoolean("sort");
        SortingStripeStageFactory.requireOdd(ID, size);
        return (input, progress, cancel) -> SinogramSlab.map(ID, input,
                (sino, angles, cols) -> FilteringStripeRemoval.correct(sino, angles, cols, sigma,
                        Math.min(size, SortingStripeStageFactory.oddAtMost(cols)), sort),
                progress, cancel);
    }
}
