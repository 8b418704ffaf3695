package org.beamlinestudio.app;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Group;

/** A data file as the shell sees it: its tree and lazy datasets. Implementations are thread-safe. */
public interface OpenedFile extends AutoCloseable {

    /** The file. */
    Path path();

    /** The whole tree. */
    H5Group root();

    /** Every dataset of the tree. */
    List<H5DatasetInfo> datasets();

    /** A lazy numeric dataset. */
    LazyDataset dataset(String path) throws DataFileException;

    /** The dataset shown first: the largest readable numeric dataset of rank 2 or 3 (else rank ≥ 2). */
    default Optional<H5DatasetInfo> firstImageDataset() {
        Comparator<H5DatasetInfo> bySize = Comparator.comparingLong(H5DatasetInfo::size);
        List<H5DatasetInfo> images = datasets().stream().filter(OpenedFile::isImage).toList();
        Optional<H5DatasetInfo> best = images.stream().filter(d -> d.shape().length <= 3).max(bySize);
        return best.isPresent() ? best : images.stream().max(bySize);
    }

    /** Whether a dataset can be shown as an image: numeric, rank ≥ 2, not empty, no known problem. */
    static boolean isImage(H5DatasetInfo d) {
        return d.elementType().isNumeric() && d.shape().length >= 2 && d.size() > 0 && d.problem().isEmpty();
    }

    @Override
    void close();

    /** Opens files (HDF5 by default; a fake in tests). */
    @FunctionalInterface
    interface Opener {
        /** Opens a file and reads its tree; slow, never call on the FX thread. */
        OpenedFile open(Path file) throws DataFileException;
    }
}
