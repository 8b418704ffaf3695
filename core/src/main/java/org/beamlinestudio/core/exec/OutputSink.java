package org.beamlinestudio.core.exec;

import java.io.IOException;
import java.nio.file.Path;
import org.beamlinestudio.core.stage.Chunk;

/**
 * Receives a pipeline's result chunk by chunk, as it is produced, and publishes it atomically:
 * until {@link #commit} the output exists only under a temporary name, and {@link #close()} without
 * a commit removes it. A half-written output is never left under the final name.
 */
public interface OutputSink extends AutoCloseable {

    /** Writes one chunk (blocks arrive in stream order, each covering whole slices). */
    void write(Chunk chunk) throws IOException;

    /**
     * Writes the provenance document, makes everything durable and moves it to its final name.
     *
     * @return the final path
     */
    Path commit(String provenanceJson) throws IOException;

    /** Discards the temporary output unless committed. Never throws. */
    @Override
    void close();
}
