package org.beamlinestudio.core.hdf5;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;

/**
 * An open HDF5 / NeXus file: its tree (read once, small) and lazy views of its datasets. Soft
 * and external links are followed relative to the file; a link that cannot be followed becomes an
 * {@link H5BrokenLink} in the tree. Thread-safe; close it when done.
 */
public final class Hdf5File implements AutoCloseable {

    private Hdf5File() {
    }

    /**
     * Opens a file and reads its tree.
     *
     * @throws DataFileException when the file is missing, empty, not HDF5, or truncated; the message
     *     names the file and what was found (e.g. "not an HDF5 file: first bytes are 'PK..'")
     */
    public static Hdf5File open(Path file) throws DataFileException {
        throw new UnsupportedOperationException("implemented in the hdf5 work");
    }

    /** The file as opened. */
    public Path path() {
        throw new UnsupportedOperationException();
    }

    /** The root group with the whole tree below it. */
    public H5Group root() {
        throw new UnsupportedOperationException();
    }

    /** The node at an absolute path, following links. */
    public Optional<H5Node> node(String path) {
        throw new UnsupportedOperationException();
    }

    /** Every dataset in the tree (depth-first, file order), links followed once. */
    public List<H5DatasetInfo> datasets() {
        throw new UnsupportedOperationException();
    }

    /**
     * A lazy view of a numeric dataset.
     *
     * @throws DataFileException when the path is missing, not a dataset, not numeric, behind a
     *     broken link, or stored with a filter that cannot be decoded (the message names the filter)
     */
    public LazyDataset dataset(String path) throws DataFileException {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
