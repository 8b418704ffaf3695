package org.beamlinestudio.tomography.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.DataKind;

/** A tomography scan opened from an HDF5 file: projections streamed along rows, plus flats, darks, angles. */
final class HdfSource implements OpenedSource {

    /** Role of the flat-field (white) images. */
    static final String FLATS = "flats";
    /** Role of the dark images. */
    static final String DARKS = "darks";
    /** Role of the rotation angles, in radians. */
    static final String ANGLES = "angles";

    private final Hdf5File file;
    private final String readerId;
    private final LazyDataset projections;
    private final Map<String, LazyDataset> arrays;
    private final Map<String, double[]> vectors;
    private final Map<String, String> keyMetadata;

    HdfSource(Hdf5File file, String readerId, LazyDataset projections, Map<String, LazyDataset> arrays,
              Map<String, double[]> vectors, Map<String, String> keyMetadata) {
        this.file = file;
        this.readerId = readerId;
        this.projections = projections;
        this.arrays = Map.copyOf(arrays);
        this.vectors = Map.copyOf(vectors);
        this.keyMetadata = new LinkedHashMap<>(keyMetadata);
    }

    @Override
    public Path file() {
        return file.path();
    }

    @Override
    public String readerId() {
        return readerId;
    }

    @Override
    public DataKind kind() {
        return DataKind.PROJECTIONS;
    }

    @Override
    public LazyDataset primary() {
        return projections;
    }

    /** Projections are (angle, row, column); streaming along rows gives slabs of whole sinograms. */
    @Override
    public int streamAxis() {
        return 1;
    }

    @Override
    public Optional<LazyDataset> array(String role) {
        return Optional.ofNullable(arrays.get(role));
    }

    @Override
    public Optional<double[]> vector(String role) {
        double[] v = vectors.get(role);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    @Override
    public Map<String, String> keyMetadata() {
        return java.util.Collections.unmodifiableMap(keyMetadata);
    }

    @Override
    public void close() {
        file.close();
    }
}
