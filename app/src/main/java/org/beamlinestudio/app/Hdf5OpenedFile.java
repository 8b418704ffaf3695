package org.beamlinestudio.app;

import java.nio.file.Path;
import java.util.List;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.H5DatasetInfo;
import org.beamlinestudio.core.hdf5.H5Group;
import org.beamlinestudio.core.hdf5.Hdf5File;

/** An HDF5 / NeXus file opened through core's {@link Hdf5File}. */
public final class Hdf5OpenedFile implements OpenedFile {

    private final Hdf5File file;

    private Hdf5OpenedFile(Hdf5File file) {
        this.file = file;
    }

    /** Opens a file (slow: reads its whole tree). */
    public static OpenedFile open(Path path) throws DataFileException {
        return new Hdf5OpenedFile(Hdf5File.open(path));
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public H5Group root() {
        return file.root();
    }

    @Override
    public List<H5DatasetInfo> datasets() {
        return file.datasets();
    }

    @Override
    public LazyDataset dataset(String path) throws DataFileException {
        return file.dataset(path);
    }

    @Override
    public void close() {
        file.close();
    }
}
