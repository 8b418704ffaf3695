package org.beamlinestudio.tomography.stages;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamSpec;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.Stage;
import org.beamlinestudio.core.stage.StageEnvironment;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.core.stage.StageFactory;
import org.beamlinestudio.tomography.prep.SortingStripeRemoval;

/** Sorting-based stripe (ring) removal of Vo et al. (2018), per sinogram. */
public final class SortingStripeStageFactory implements StageFactory {

    /** Stage id in pipelines. */
    public static final String ID = "tomography.stripes.sorting";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Stripe removal (sorting)";
    }

    @Override
    public String description() {
        return "Removes partial and full stripes (rings in the reconstruction) by sorting each detector pixel's "
                + "values over angles, median-filtering across neighbouring pixels and unsorting (Vo et al. 2018). "
                + "Works on line integrals (after −log).";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.ofInt("size", "Median size", 21, 3, 1001, "px",
                "Width of the median filter across columns, odd; larger than the widest stripe, larger is stronger "
                        + "(Algotom's default 21)."));
    }

    @Override
    public Set<DataKind> inputKinds() {
        return Set.of(DataKind.PROJECTIONS);
    }

    @Override
    public OptionalInt streamAxis(DataKind input) {
        return OptionalInt.of(1);
    }

    @Override
    public Stage create(ParamValues params, StageEnvironment environment) throws StageException {
        int size = params.getInt("size");
        requireOdd(ID, size);
        return (input, progress, cancel) -> SinogramSlab.map(ID, input,
                (sino, angles, cols) -> SortingStripeRemoval.correct(sino, angles, cols, Math.min(size, oddAtMost(cols))),
                progress, cancel);
    }

    static void requireOdd(String id, int size) throws StageException {
        if (size % 2 == 0) {
            throw new StageException(id, "the median size must be odd (a window centred on the pixel), was " + size
                    + "; use " + (size + 1));
        }
    }

    /** The largest odd window that fits {@code n} columns (≥ 3), so narrow test sinograms still work. */
    static int oddAtMost(int n) {
        int m = n % 2 == 0 ? n - 1 : n;
        return Math.max(3, m);
    }
}
