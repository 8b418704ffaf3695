package org.beamlinestudio.ptychography.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;

/** Checks and conversions the three readers share. */
final class ReaderSupport {

    /** hc in eV·m. */
    static final double HC_EV_M = 1.239841984e-6;
    /** Joules per eV. */
    static final double EV_J = 1.602176634e-19;

    private ReaderSupport() {
    }

    /** A lazy pattern stack, checked to be N × H × W. */
    static LazyDataset patterns(Hdf5File h5, Path file, String path) throws DataFileException {
        LazyDataset ds = h5.dataset(path);
        long[] s = ds.shape();
        if (s.length != 3 || s[0] < 1 || s[1] < 2 || s[2] < 2) {
            throw new DataFileException(file, path, "shape " + Arrays.toString(s),
                    "diffraction patterns N × H × W (rank 3)");
        }
        return ds;
    }

    /** Requires a positive finite value. */
    static double positive(Path file, String path, double v, String what) throws DataFileException {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new DataFileException(file, path, what + " " + v, "a positive " + what);
        }
        return v;
    }

    /** An option as text ("" when absent). */
    static String text(Map<String, ?> options, String key) {
        Object v = options.get(key);
        return v == null ? "" : v.toString().trim();
    }

    /** An option as a number, or {@code fallback} when absent or blank. */
    static double number(Map<String, ?> options, String key, double fallback) {
        Object v = options.get(key);
        if (v == null || v.toString().isBlank()) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "=" + v + " is not a number");
        }
    }

    /** The sign option: +1 keeps the file's translation, −1 flips it. */
    static double sign(Map<String, ?> options, String key) {
        double s = number(options, key, 1);
        if (s != 1 && s != -1) {
            throw new IllegalArgumentException("option " + key + "=" + s + ": expected +1 (as stored) or -1 (flipped)");
        }
        return s;
    }
}
