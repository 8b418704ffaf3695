package org.beamlinestudio.tomography.stages.geometry;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.DataKind;

/** A source with only an angles vector, for stages that read it. */
final class TestSource implements OpenedSource {
    private final double[] angles;

    TestSource(double[] angles) {
        this.angles = angles;
    }

    @Override
    public Path file() {
        return Path.of("test.h5");
    }

    @Override
    public String readerId() {
        return "test";
    }

    @Override
    public DataKind kind() {
        return DataKind.PROJECTIONS;
    }

    @Override
    public LazyDataset primary() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<LazyDataset> array(String role) {
        return Optional.empty();
    }

    @Override
    public Optional<double[]> vector(String role) {
        return "angles".equals(role) && angles != null ? Optional.of(angles.clone()) : Optional.empty();
    }

    @Override
    public Map<String, String> keyMetadata() {
        return Map.of();
    }

    @Override
    public void close() {
    }
}
