package org.beamlinestudio.core.hdf5;

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
 * Small HDF5 values (scalars, strings, short arrays, maps) read whole at full precision through jhdf; large
 * stacks go through the lazy datasets of {@link Hdf5File}, which round to float32. Follows soft links as jhdf does.
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
        return find(path).isPresent();
    }

    /** Shape of the dataset at {@code path} ({@code []} for a scalar). */
    public int[] shape(String path) throws DataFileException {
        return dataset(path).getDimensions();
    }

    /**
     * The jhdf dataset at {@code path}, for the reads the other methods do not cover (slices, compounds).
     *
     * @throws DataFileException naming the file and path when there is no dataset there
     */
    public Dataset dataset(String path) throws DataFileException {
        return find(path).orElseThrow(() -> new DataFileException(file, path, "no dataset at this path",
                "a dataset"));
    }

    /** All values of a numeric dataset, flattened in C order. */
    public double[] doubles(String path) throws DataFileException {
        Dataset d = dataset(path);
        List<Number> out;
        try {
            out = numbers(d.getData());
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

    /** One number, or empty when absent; a dataset that is there but not a single number is an error. */
    public Optional<Double> numberIfPresent(String path) throws DataFileException {
        return has(path) ? Optional.of(number(path)) : Optional.empty();
    }

    /** A string dataset (its first element when an array), trimmed of padding; empty when absent or not text. */
    public Optional<String> text(String path) {
        return find(path).flatMap(d -> {
            try {
                Object v = firstElement(d.getData());
                return v instanceof String s ? Optional.of(s.replace("\0", "").trim()) : Optional.empty();
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    /** The attribute {@code name} of the node at {@code path} as text (its first element when an array), or empty. */
    public Optional<String> attributeText(String path, String name) {
        try {
            io.jhdf.api.Attribute a = hdf.getByPath(path).getAttribute(name);
            if (a == null) {
                return Optional.empty();
            }
            Object v = firstElement(a.getData());
            return v == null ? Optional.empty() : Optional.of(v.toString());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Names of the children of a group, or empty when there is no such group. */
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

    /**
     * The numbers of jhdf data (a boxed scalar or a nested Java array) in C order; booleans count as 0 and 1.
     *
     * @throws IllegalArgumentException when an element is not a number
     */
    public static List<Number> numbers(Object data) {
        List<Number> out = new ArrayList<>();
        flatten(data, out);
        return out;
    }

    private Optional<Dataset> find(String path) {
        try {
            Node n = hdf.getByPath(path);
            return n instanceof Dataset d ? Optional.of(d) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Object firstElement(Object v) {
        while (v != null && v.getClass().isArray()) {
            v = Array.getLength(v) == 0 ? null : Array.get(v, 0);
        }
        return v;
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
