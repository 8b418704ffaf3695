package org.beamlinestudio.ptychography.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.ptychography.data.ComplexField;

/**
 * Small HDF5 values (geometry scalars, positions, masks, a probe) read whole at full precision through jhdf; the
 * pattern stacks go through core's lazy datasets instead. Follows soft links as jhdf does.
 */
public final class H5Small implements AutoCloseable {

    private final Path file;
    private final HdfFile hdf;

    private H5Small(Path file, HdfFile hdf) {
        this.file = file;
        this.hdf = hdf;
    }

    public static H5Small open(Path file) throws DataFileException {
        try {
            return new H5Small(file, new HdfFile(file.toAbsolutePath()));
        } catch (RuntimeException e) {
            throw new DataFileException(file, null, "not readable as HDF5: " + e.getMessage(), "an HDF5 file", e);
        }
    }

    Path file() {
        return file;
    }

    public boolean has(String path) {
        return dataset(path).isPresent();
    }

    boolean hasGroup(String path) {
        try {
            return hdf.getByPath(path) instanceof io.jhdf.api.Group;
        } catch (RuntimeException e) {
            return false;
        }
    }

    Optional<Dataset> dataset(String path) {
        try {
            Node n = hdf.getByPath(path);
            return n instanceof Dataset d ? Optional.of(d) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public int[] shape(String path) throws DataFileException {
        return require(path).getDimensions();
    }

    /** Names of the children of a group (empty when absent). */
    public List<String> children(String groupPath) {
        try {
            Node n = hdf.getByPath(groupPath);
            if (n instanceof io.jhdf.api.Group g) {
                return List.copyOf(g.getChildren().keySet());
            }
        } catch (RuntimeException e) {
            // absent
        }
        return List.of();
    }

    public double[] doubles(String path) throws DataFileException {
        Dataset d = require(path);
        List<Number> out = new ArrayList<>();
        try {
            flatten(d.getData(), out);
        } catch (RuntimeException e) {
            throw new DataFileException(file, path, "unreadable values (" + d.getJavaType().getSimpleName() + "): "
                    + e.getMessage(), "numbers", e);
        }
        double[] v = new double[out.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = out.get(i).doubleValue();
        }
        return v;
    }

    public double number(String path) throws DataFileException {
        double[] v = doubles(path);
        if (v.length != 1) {
            throw new DataFileException(file, path, v.length + " values", "a single number");
        }
        return v[0];
    }

    Optional<Double> optionalNumber(String path) throws DataFileException {
        return has(path) ? Optional.of(number(path)) : Optional.empty();
    }

    public Optional<String> text(String path) {
        return dataset(path).flatMap(d -> {
            try {
                Object v = d.getData();
                while (v != null && v.getClass().isArray()) {
                    v = Array.getLength(v) == 0 ? null : Array.get(v, 0);
                }
                return v instanceof String s ? Optional.of(s.replace("\0", "").trim()) : Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    Optional<String> attributeText(String path, String name) {
        try {
            io.jhdf.api.Attribute a = hdf.getByPath(path).getAttribute(name);
            if (a == null) {
                return Optional.empty();
            }
            Object v = a.getData();
            while (v != null && v.getClass().isArray()) {
                v = Array.getLength(v) == 0 ? null : Array.get(v, 0);
            }
            return v == null ? Optional.empty() : Optional.of(v.toString());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A complex 2-D dataset: h5py's complex64/complex128 (a compound of {@code r}, {@code i}), or a real dataset
     * (imaginary part zero), or a trailing axis of 2 (re, im).
     */
    public ComplexField complex(String path) throws DataFileException {
        Dataset d = require(path);
        int[] dims = d.getDimensions();
        Object data;
        try {
            data = d.getData();
        } catch (RuntimeException e) {
            throw new DataFileException(file, path, "unreadable values: " + e.getMessage(), "a complex 2-D array", e);
        }
        if (data instanceof Map<?, ?> m) {
            Object re = first(m, "r", "real", "re");
            Object im = first(m, "i", "imag", "im");
            if (re == null || im == null || dims.length != 2) {
                throw new DataFileException(file, path, "a compound with fields " + m.keySet() + " and shape "
                        + java.util.Arrays.toString(dims), "a 2-D complex array (compound r, i)");
            }
            List<Number> rv = new ArrayList<>();
            List<Number> iv = new ArrayList<>();
            flatten(re, rv);
            flatten(im, iv);
            float[] out = new float[2 * rv.size()];
            for (int k = 0; k < rv.size(); k++) {
                out[2 * k] = rv.get(k).floatValue();
                out[2 * k + 1] = iv.get(k).floatValue();
            }
            return new ComplexField(dims[0], dims[1], out);
        }
        List<Number> v = new ArrayList<>();
        flatten(data, v);
        if (dims.length == 3 && dims[2] == 2) {
            float[] out = new float[v.size()];
            for (int k = 0; k < out.length; k++) {
                out[k] = v.get(k).floatValue();
            }
            return new ComplexField(dims[0], dims[1], out);
        }
        if (dims.length == 2) {
            float[] out = new float[2 * v.size()];
            for (int k = 0; k < v.size(); k++) {
                out[2 * k] = v.get(k).floatValue();
            }
            return new ComplexField(dims[0], dims[1], out);
        }
        throw new DataFileException(file, path, "shape " + java.util.Arrays.toString(dims),
                "a 2-D complex array (or H×W×2 re, im)");
    }

    private static Object first(Map<?, ?> m, String... keys) {
        for (String k : keys) {
            if (m.containsKey(k)) {
                return m.get(k);
            }
        }
        return null;
    }

    Dataset require(String path) throws DataFileException {
        return dataset(path).orElseThrow(() -> new DataFileException(file, path, "no dataset at this path",
                "a dataset"));
    }

    private static void flatten(Object data, List<Number> out) {
        if (data == null) {
            return;
        }
        if (data.getClass().isArray()) {
            int n = Array.getLength(data);
            for (int i = 0; i < n; i++) {
                flatten(Array.get(data, i), out);
            }
        } else if (data instanceof Number num) {
            out.add(num);
        } else if (data instanceof Boolean b) {
            out.add(b ? 1 : 0);
        } else {
            throw new IllegalArgumentException("a " + data.getClass().getSimpleName() + ", not a number");
        }
    }

    @Override
    public void close() {
        try {
            hdf.close();
        } catch (RuntimeException e) {
            // read-only: nothing to lose
        }
    }
}
