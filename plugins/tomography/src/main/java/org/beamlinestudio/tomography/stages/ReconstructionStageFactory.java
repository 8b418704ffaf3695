package org.beamlinestudio.tomography.stages;

import java.util.OptionalInt;
import java.util.Set;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.ParamValues;
import org.beamlinestudio.core.stage.StageFactory;

/**
 * What every reconstruction stage shares: −log'ed projections in, streamed as whole sinograms
 * (along rows); slices (row, size, size) out, streamed along axis 0.
 */
abstract class ReconstructionStageFactory implements StageFactory {

    @Override
    public Set<DataKind> inputKinds() {
        return ReconstructionStage.inputKinds();
    }

    @Override
    public DataKind outputKind(DataKind input) {
        return DataKind.VOLUME;
    }

    @Override
    public long[] outputShape(long[] inputShape, ParamValues params) {
        return ReconstructionStage.outputShape(inputShape, params);
    }

    /** Sinogram slabs along rows become slices (row, y, x), streamed along axis 0. */
    @Override
    public int outputStreamAxis(int inputStreamAxis, ParamValues params) {
        return 0;
    }

    @Override
    public OptionalInt streamAxis(DataKind input) {
        return ReconstructionStage.streamAxis(input);
    }
}
