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
     * Opens the file lazily with default options.
     *
     * @throws DataFileException naming the file, the dataset path, what was found and expected
     */
    default OpenedSource open(Path file) throws DataFileException {
        return open(file, java.util.Map.of());
    }

    /**
     * Opens the file lazily with options (checked against {@link #options()}).
     *
     * @throws DataFileException naming the file, the dataset path, what was found and expected; when
     *     something the reader needs is missing (flats, angles), the message offers the option that
     *     gives a fallback (e.g. "no angles: set evenSpacingDegrees=180 to assume even spacing")
     */
    OpenedSource open(Path file, java.util.Map<String, ?> options) throws DataFileException;

    /**
     * What a user may tell the reader beyond the file (flats in another file, an angles file, a
     * dataset path...). Forms and CLI options are generated from these.
     */
    default java.util.List<org.beamlinestudio.core.stage.ParamSpec> options() {
        return java.util.List.of();
    }
}
