package org.beamlinestudio.tomography.preview;

import org.beamlinestudio.core.pipeline.Pipeline;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.StageException;
import org.beamlinestudio.tomography.center.Sinogram;

/**
 * The sinogram of one detector row as the pipeline's reconstruction stage would receive it: every enabled stage
 * before the reconstruction applied. The center-of-rotation previews reconstruct from it, so what the scientist
 * tunes is what the full run will see. Slow (reads and computes): never call on the FX thread.
 */
public interface SinogramSource {

    /**
     * The sinogram of {@code row} (a row of the source's detector) after the stages of {@code pipeline} that
     * precede its reconstruction stage.
     *
     * @throws StageException when a stage cannot run on this row (its message names the stage)
     */
    Sinogram sinogram(OpenedSource source, Pipeline pipeline, int row, Cancellation cancel)
            throws StageException, Cancellation.CancelledException;

    /**
     * Flat/dark normalisation and −log only ({@link Sinogram#read}), ignoring the pipeline: the stand-in until a
     * pipeline-aware source is wired in, and the fallback for sources without preprocessing.
     */
    static SinogramSource normalizedOnly() {
        return (source, pipeline, row, cancel) -> {
            try {
                return Sinogram.read(source, row);
            } catch (org.beamlinestudio.core.data.DataFileException e) {
                throw new StageException("preview", e.getMessage(), e);
            }
        };
    }
}
