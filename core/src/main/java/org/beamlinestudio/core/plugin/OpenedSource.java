package org.beamlinestudio.core.plugin;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.stage.DataKind;

/**
 * What a reader opened: the primary array a pipeline streams, the auxiliary arrays its stages may
 * need (flats, darks, masks...), vectors (angles...) and the metadata that matters up front.
 * Everything is lazy. Close it when done.
 */
public interface OpenedSource extends AutoCloseable {

    /** The file that was opened. */
    Path file();

    /** Id of the reader that opened it. */
    String readerId();

    /** Kind of the primary array, e.g. {@link DataKind#PROJECTIONS}. */
    DataKind kind();

    /** The array the pipeline streams through its stages. */
    LazyDataset primary();

    /**
     * The axis of {@link #primary()} along which it is streamed in chunks. Tomography streams
     * projections (angle, row, column) along rows (axis 1) so each chunk is a slab of sinograms.
     */
    default int streamAxis() {
        return 0;
    }

    /** An auxiliary array by role (e.g. "flats", "darks"), when present. */
    Optional<LazyDataset> array(String role);

    /** A small vector by role (e.g. "angles" in radians), when present. */
    Optional<double[]> vector(String role);

    /** Key metadata for the summary ("Energy" → "25 keV"), in display order. */
    Map<String, String> keyMetadata();

    @Override
    void close();
}
