package org.beamlinestudio.tomography.stages;

import java.util.OptionalInt;
import java.util.Set;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * Stages that correct projections one whole sinogram at a time (outliers, stripes): projections
 * in, streamed along rows so every chunk holds whole sinograms; same shape and kind out.
 */
abstract class SinogramStageFactory implements StageFactory {

    @Override
    public Set<DataKind> inputKinds() {
        return Set.of(DataKind.PROJECTIONS);
    }

    @Override
    public OptionalInt streamAxis(DataKind input) {
        return OptionalInt.of(1);
    }
}
