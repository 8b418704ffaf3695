package org.beamlinestudio.core.stage;

import java.util.List;
import java.util.Set;

/**
 * Describes and makes one kind of stage (e.g. flat/dark normalisation). Its {@link ParamSpec}s
 * generate the GUI form and the CLI options.
 */
public interface StageFactory {

    /** Stable id used in pipeline JSON, e.g. {@code tomography.normalize}. */
    String id();

    /** Name shown to people, e.g. "Flat/dark normalisation". */
    String displayName();

    /** One or two sentences on what it does and when to use it. */
    String description();

    /** Its parameters, in form order. */
    List<ParamSpec> params();

    /** Kinds of data it accepts. */
    Set<DataKind> inputKinds();

    /** Kind of data it produces from {@code input}. */
    default DataKind outputKind(DataKind input) {
        return input;
    }

    /**
     * Shape of the whole output array given the whole input array's shape (identity unless the
     * stage changes shape, e.g. cropping or reconstruction).
     */
    default long[] outputShape(long[] inputShape, ParamValues params) {
        return inputShape.clone();
    }

    /**
     * The axis of its input array along which this stage must be streamed, so that every chunk holds
     * whole slices across the other axes; empty when any axis will do. Tomography projections are
     * (angle, row, column): Paganin filtering needs whole projections (axis 0), stripe removal and
     * reconstruction need whole sinograms (axis 1). The runner re-chunks between stages that want
     * different axes, through a temporary file, so memory stays bounded.
     */
    default java.util.OptionalInt streamAxis(DataKind input) {
        return java.util.OptionalInt.empty();
    }

    /**
     * The axis its output is streamed along, given the input's: the same axis unless the stage
     * changes the array's layout (reconstruction turns sinogram slabs streamed along rows, axis 1 of
     * (angle, row, column), into slices (row, y, x) streamed along axis 0).
     */
    default int outputStreamAxis(int inputStreamAxis, ParamValues params) {
        return inputStreamAxis;
    }

    /**
     * Chunks along the stream axis must start at multiples of this and hold a multiple of it
     * (except the last): e.g. 2ᵏ for binning rows by 2ᵏ.
     */
    default int streamAlignment(ParamValues params) {
        return 1;
    }

    /**
     * Makes a configured stage.
     *
     * @throws StageException when the parameters are valid one by one but not together, or the
     *     requested device cannot be used
     */
    Stage create(ParamValues params, StageEnvironment environment) throws StageException;
}
