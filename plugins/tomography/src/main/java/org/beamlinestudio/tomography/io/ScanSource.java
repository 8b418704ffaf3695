package org.beamlinestudio.tomography.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.DataKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A tomography scan as a reader opened it: projections streamed along rows, flats, darks, angles. */
final class ScanSource implements OpenedSource {
    private static final Logger LOG = LoggerFactory.getLogger(ScanSource.class);

    private final Path file;
    private final String readerId;
    private final LazyDataset projections;
    private final Map<String, LazyDataset> arrays;
    private final Map<String, double[]> vectors;
    private final Map<String, String> keyMetadata;
    private final List<AutoCloseable> resources;

    ScanSource(Path file, String readerId, LazyDataset projections, Map<String, LazyDataset> arrays,
               Map<String, double[]> vectors, Map<String, String> keyMetadata, List<? extends AutoCloseable> resources) {
        this.file = file;
        this.readerId = readerId;
        this.projections = projections;
        this.arrays = Map.copyOf(arrays);
        this.vectors = Map.copyOf(vectors);
        this.keyMetadata = new LinkedHashMap<>(keyMetadata);
        this.resources = new ArrayList<>(resources);
    }

    @Override
    public Path file() {
        return file;
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
        return Collections.unmodifiableMap(keyMetadata);
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.debug("closing {}: {}", r, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "ScanSource[" + file + " by " + readerId + ", projections " + java.util.Arrays.toString(projections.shape())
                + ", arrays " + arrays.keySet() + "]";
    }
}
