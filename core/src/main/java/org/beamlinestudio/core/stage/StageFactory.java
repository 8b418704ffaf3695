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
     * Makes a configured stage.
     *
     * @throws StageException when the parameters are valid one by one but not together, or the
     *     requested device cannot be used
     */
    Stage create(ParamValues params, StageEnvironment environment) throws StageException;
}
