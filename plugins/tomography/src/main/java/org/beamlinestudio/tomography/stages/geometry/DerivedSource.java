package org.beamlinestudio.tomography.stages.geometry;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.stage.DataKind;

/**
 * The source as seen by the stages after a geometry stage: the opened file, with some vectors (e.g.
 * {@code "angles"} after 360° stitching or angle binning) and auxiliary arrays (e.g. {@code "flats"}
 * restricted to a row range) replaced. A stage puts it in the chunks it returns, so downstream stages
 * (reconstruction, normalisation) read the geometry that matches the data they receive.
 *
 * <p>{@link #primary()} stays the file's array: the data flowing through the pipeline is in the
 * chunks, not there. {@link #close()} does nothing: whoever opened the underlying source closes it.
 */
public final class DerivedSource implements OpenedSource {

    private final OpenedSource base;
    private final Map<String, double[]> vectors;
    private final Map<String, LazyDataset> arrays;

    private DerivedSource(OpenedSource base, Map<String, double[]> vectors, Map<String, LazyDataset> arrays) {
        this.base = base;
        this.vectors = vectors;
        this.arrays = arrays;
    }

    /** A view of {@code base} with nothing replaced yet. */
    public static DerivedSource of(OpenedSource base) {
        return new DerivedSource(base, Map.of(), Map.of());
    }

    /** The same view with vector {@code role} replaced by a copy of {@code values}. */
    public DerivedSource withVector(String role, double[] values) {
        Map<String, double[]> v = new HashMap<>(vectors);
        v.put(role, values.clone());
        return new DerivedSource(base, Map.copyOf(v), arrays);
    }

    /** The same view with auxiliary array {@code role} replaced. */
    public DerivedSource withArray(String role, LazyDataset array) {
        Map<String, LazyDataset> a = new HashMap<>(arrays);
        a.put(role, array);
        return new DerivedSource(base, vectors, Map.copyOf(a));
    }

    /** The source this one derives from (possibly itself derived). */
    public OpenedSource base() {
        return base;
    }

    @Override
    public Path file() {
        return base.file();
    }

    @Override
    public String readerId() {
        return base.readerId();
    }

    @Override
    public DataKind kind() {
        return base.kind();
    }

    @Override
    public LazyDataset primary() {
        return base.primary();
    }

    @Override
    public int streamAxis() {
        return base.streamAxis();
    }

    @Override
    public Optional<LazyDataset> array(String role) {
        LazyDataset a = arrays.get(role);
        return a != null ? Optional.of(a) : base.array(role);
    }

    @Override
    public Optional<double[]> vector(String role) {
        double[] v = vectors.get(role);
        return v != null ? Optional.of(v.clone()) : base.vector(role);
    }

    @Override
    public Map<String, String> keyMetadata() {
        return base.keyMetadata();
    }

    @Override
    public void close() {
        // The runner (or whoever opened it) closes the base source.
    }
}
