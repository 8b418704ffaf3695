package org.beamlinestudio.core.stage;

/**
 * One configured step of a pipeline. Pure with respect to its inputs: the same chunk gives the
 * same result. Created once per run by its {@link StageFactory} and closed at the end (release
 * device buffers there). Chunks arrive in order, from one thread at a time.
 */
public interface Stage extends AutoCloseable {

    /**
     * Transforms one chunk. Long stages report progress and check {@code cancel} between pieces.
     *
     * @throws StageException with a message a scientist can act on
     */
    Chunk run(Chunk input, Progress progress, Cancellation cancel)
            throws StageException, Cancellation.CancelledException;

    @Override
    default void close() {
    }
}
