package org.beamlinestudio.tomography.center;

import java.nio.file.Path;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.opencl.JavaFlatFieldCorrection;
import org.beamlinestudio.tomography.io.DataExchangeReader;

/** Normalised (flat/dark, −log) sinograms of the shared test files, read through the plugin's own reader. */
final class TestSinograms {

    /** A sinogram with its size and angles. */
    record Sino(float[] data, int nAngles, int nCols, double[] angles) {
    }

    private TestSinograms() {
    }

    static Sino row(Path file, int row) throws Exception {
        try (OpenedSource src = new DataExchangeReader().open(file)) {
            LazyDataset proj = src.primary();
            long[] shape = proj.shape();
            int na = (int) shape[0];
            int nc = (int) shape[2];
            float[] raw = proj.readFloats(new long[] {0, row, 0}, new int[] {na, 1, nc});
            float[] flat = mean(src.array("flats").orElseThrow(), row, nc);
            float[] dark = mean(src.array("darks").orElseThrow(), row, nc);
            float[] out = new float[raw.length];
            new JavaFlatFieldCorrection().apply(raw, na, nc, flat, dark, out);
            for (int i = 0; i < out.length; i++) {
                float v = Math.max(out[i], 1e-6f); // as tomography.minuslog: transmission floor
                out[i] = -(float) Math.log(v);
            }
            return new Sino(out, na, nc, src.vector("angles").orElseThrow());
        }
    }

    private static float[] mean(LazyDataset stack, int row, int nc) throws Exception {
        int n = (int) stack.shape()[0];
        float[] all = stack.readFloats(new long[] {0, row, 0}, new int[] {n, 1, nc});
        float[] m = new float[nc];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < nc; j++) {
                m[j] += all[i * nc + j] / n;
            }
        }
        return m;
    }
}
