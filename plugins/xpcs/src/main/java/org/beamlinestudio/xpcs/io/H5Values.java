package org.beamlinestudio.xpcs.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;

/**
 * Small HDF5 datasets (scalars, maps, lists) read whole at full precision through jhdf, for metadata, q-maps and
 * result files; core's lazy datasets are for the frame stacks and round to float32.
 */
public final class H5Values implements AutoCloseable {

    private final Path file;
    private final HdfFile hdf;

    private H5Values(Path file, HdfFile hdf) {
        this.file = file;
        this.hdf = hdf;
    }

    /** Opens a file for reading small values. */
    public static H5Values open(Path file) throws DataFileException {
        try {
            return new H5Values(file, new HdfFile(file.toAbsolutePath()));
        } catch (RuntimeException e) {
            throw new DataFileException(file, null, "not readable as HDF5: " + e.getMessage(), "an HDF5 file", e);
        }
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** Whether a dataset exists at {@code path}. */
    public boolean has(String path) {
        return dataset(path).isPresent();
    }

    private Optional<Dataset> dataset(String path) {
        try {
            Node n = hdf.getByPath(path);
            return n instanceof Dataset d ? Optional.of(d) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Shape of the dataset at {@code path} ({@code []} for a scalar). */
    public int[] shape(String path) throws DataFileException {
        return require(path).getDimensions();
    }

    /** All values of a numeric dataset, flattened in C order. */
    public double[] doubles(String path) throws DataFileException {
        Dataset d = require(path);
        List<Number> out = new ArrayList<>();
        try {
            flatten(d.getData(), out);
        } catch (RuntimeException e) {
            throw new DataFileException(file, path, "unreadable values: " + e.getMessage(), "numbers", e);
        }
        double[] v = new double[out.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = out.get(i).doubleValue();
        }
        return v;
    }

    /** All values of an integer dataset, flattened in C order. */
    public int[] ints(String path) throws DataFileException {
        double[] d = doubles(path);
        int[] v = new int[d.length];
        for (int i = 0; i < v.length; i++) {
            if (d[i] != Math.rint(d[i]) || Math.abs(d[i]) > Integer.MAX_VALUE) {
                throw new DataFileException(file, path, "the value " + d[i] + " at index " + i, "integers");
            }
            v[i] = (int) d[i];
        }
        return v;
    }

    /** One number (a scalar or a one-element array). */
    public double number(String path) throws DataFileException {
        double[] v = doubles(path);
        if (v.length != 1) {
            throw new DataFileException(file, path, v.length + " values", "a single number");
        }
        return v[0];
    }

    /** One number, or empty when absent or not a single number. */
    public Optional<Double> optionalNumber(String path) {
        if (!has(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(number(path));
        } catch (DataFileException e) {
            return Optional.empty();
        }
    }

    /** A string dataset or the string attribute {@code name} of a node, trimmed; empty when absent. */
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

    /** The string attribute {@code name} of the node at {@code path}, or empty. */
    public Optional<String> attributeText(String path, String name) {
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

    /** Names of the datasets directly under a group, or empty when there is no such group. */
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

    private Dataset require(String path) throws DataFileException {
        return dataset(path).orElseThrow(() -> new DataFileException(file, path, "no dataset at this path",
                "a numeric dataset"));
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
