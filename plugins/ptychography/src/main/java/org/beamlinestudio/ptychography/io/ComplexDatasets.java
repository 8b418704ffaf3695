package org.beamlinestudio.ptychography.io;

import io.jhdf.api.Dataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.hdf5.H5Values;
import org.beamlinestudio.ptychography.data.ComplexField;

/** Reads a small complex 2-D HDF5 dataset (a probe, an object) whole into a {@link ComplexField}. */
final class ComplexDatasets {

    private ComplexDatasets() {
    }

    /**
     * A complex 2-D dataset: h5py's complex64/complex128 (a compound of {@code r}, {@code i}), or a real dataset
     * (imaginary part zero), or a trailing axis of 2 (re, im).
     */
    static ComplexField read(H5Values h5, String path) throws DataFileException {
        Path file = h5.file();
        Dataset d = h5.dataset(path);
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
                        + Arrays.toString(dims), "a 2-D complex array (compound r, i)");
            }
            List<Number> rv = H5Values.numbers(re);
            List<Number> iv = H5Values.numbers(im);
            float[] out = new float[2 * rv.size()];
            for (int k = 0; k < rv.size(); k++) {
                out[2 * k] = rv.get(k).floatValue();
                out[2 * k + 1] = iv.get(k).floatValue();
            }
            return new ComplexField(dims[0], dims[1], out);
        }
        List<Number> v = H5Values.numbers(data);
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
        throw new DataFileException(file, path, "shape " + Arrays.toString(dims),
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
}
