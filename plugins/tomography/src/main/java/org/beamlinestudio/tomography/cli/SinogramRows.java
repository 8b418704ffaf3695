package org.beamlinestudio.tomography.cli;

import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.opencl.JavaFlatFieldCorrection;

/**
 * One row of a scan as a sinogram ready for centre finding: flat/dark normalised (when the scan
 * has flats) and −log, as the default pipeline would make it. Reads only that row.
 */
final class SinogramRows {

    private SinogramRows() {
    }

    /** The sinogram of detector row {@code row}: angles × columns line integrals. */
    static float[] read(OpenedSource source, int row) throws DataFileException {
        LazyDataset p = source.primary();
        long[] s = p.shape();
        if (row < 0 || row >= s[1]) {
            throw new DataFileException(source.file(), p.path(), "row " + row, "a row in 0…" + (s[1] - 1));
        }
        int angles = (int) s[0];
        int cols = (int) s[2];
        float[] raw = p.readFloats(new long[] {0, row, 0}, new int[] {angles, 1, cols});
        float[] t = raw;
        if (source.array("flats").isPresent()) {
            float[] flat = meanRow(source.array("flats").get(), row, cols);
            float[] dark = source.array("darks").isPresent() ? meanRow(source.array("darks").get(), row, cols)
                    : new float[cols];
            t = new JavaFlatFieldCorrection().apply(raw, angles, cols, flat, dark);
        }
        float[] out = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            float v = t[i];
            out[i] = v > 1e-6f && v < Float.POSITIVE_INFINITY ? -(float) Math.log(v) : (v >= Float.POSITIVE_INFINITY ? 0f
                    : (float) -Math.log(1e-6));
        }
        return out;
    }

    private static float[] meanRow(LazyDataset stack, int row, int cols) throws DataFileException {
        int n = (int) stack.shape()[0];
        float[] all = stack.readFloats(new long[] {0, row, 0}, new int[] {n, 1, cols});
        float[] mean = new float[cols];
        for (int k = 0; k < n; k++) {
            for (int c = 0; c < cols; c++) {
                mean[c] += all[k * cols + c] / n;
            }
        }
        return mean;
    }
}
