package org.beamlinestudio.core.exec;

import org.beamlinestudio.core.pipeline.Pipeline;

/** Runs pipelines somewhere: in this process ({@link LocalExecutor}) or on a cluster. */
public interface Executor {

    /** Stable id, e.g. {@code local}. */
    String id();

    /** Shown in "Run on →", e.g. "This workstation". */
    String displayName();

    /**
     * Submits a validated pipeline and returns at once.
     *
     * @throws PipelineInvalidException when it does not validate (every problem listed)
     */
    JobHandle submit(Pipeline pipeline) throws PipelineInvalidException;
}
