package org.beamlinestudio.core.exec;

import java.nio.file.Path;
import java.util.List;
import org.beamlinestudio.core.pipeline.Pipeline;

/** An executor that runs one pipeline over many inputs as one job (a Slurm job array). */
public interface JobArrayExecutor extends Executor {

    /**
     * Runs {@code pipeline} once per input (same reader, dataset and stages); the result is a folder with one
     * output per input, named {@code <input stem>_<output name>}.
     *
     * @throws PipelineInvalidException when the pipeline does not validate
     */
    JobHandle submitBatch(Pipeline pipeline, List<Path> inputs) throws PipelineInvalidException;
}
