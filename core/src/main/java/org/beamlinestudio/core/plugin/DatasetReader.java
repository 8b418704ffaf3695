package org.beamlinestudio.core.plugin;

import java.nio.file.Path;
import org.beamlinestudio.core.data.DataFileException;

/**
 * Recognises and opens one file layout (e.g. Data Exchange, NXtomo). The registry asks every
 * reader to {@link #probe} a file; the most confident one opens it, and ties are reported to the
 * user rather than guessed.
 */
public interface DatasetReader {

    /** Stable id, e.g. {@code tomography.dataexchange}. Recorded in pipeline JSON. */
    String id();

    /** Name shown to people, e.g. "Data Exchange (APS)". */
    String displayName();

    /**
     * How sure this reader is that it can open the file. Must be cheap (reads headers, not data)
     * and must never throw: a file it does not understand gets {@link ProbeResult#no(String)}.
     */
    ProbeResult probe(Path file);

    /**
     * Opens the file lazily.
     *
     * @throws DataFileException naming the file, the dataset path, what was found and expected
     */
    OpenedSource open(Path file) throws DataFileException;
}
