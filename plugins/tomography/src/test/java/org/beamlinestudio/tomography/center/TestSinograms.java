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
            Sinogram s = Sinogram.read(src, row);
            return new Sino(s.data(), s.nAngles(), s.nCols(), s.angles());
        }
    }

    /**
     * One sinogram of an NXtomo file read by {@code image_key} (0 projection, 1 flat, 2 dark) with the core's
     * HDF5 access only, normalised and −log'd as above; angles from {@code rotation_angle} in degrees.
     */
    static Sino nxtomoRow(Path file, int row) throws Exception {
        try (org.beamlinestudio.core.hdf5.Hdf5File h5 = org.beamlinestudio.core.hdf5.Hdf5File.open(file)) {
            LazyDataset data = h5.dataset("/entry/instrument/detector/data");
            float[] keys = h5.dataset("/entry/instrument/detector/image_key").readFloats(new long[] {0},
                    new int[] {(int) data.shape()[0]});
            float[] rot = h5.dataset("/entry/sample/rotation_angle").readFloats(new long[] {0},
                    new int[] {(int) data.shape()[0]});
            int n = (int) data.shape()[0];
            int nc = (int) data.shape()[2];
            float[] all = data.readFloats(new long[] {0, row, 0}, new int[] {n, 1, nc});
            float[] flat = new float[nc];
            float[] dark = new float[nc];
            int nf = 0;
            int nd = 0;
            java.util.List<Integer> proj = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (keys[i] == 1) {
                    nf++;
                    for (int j = 0; j < nc; j++) {
                        flat[j] += all[i * nc + j];
                    }
                } else if (keys[i] == 2) {
                    nd++;
                    for (int j = 0; j < nc; j++) {
                        dark[j] += all[i * nc + j];
                    }
                } else if (keys[i] == 0) {
                    proj.add(i);
                }
            }
            for (int j = 0; j < nc; j++) {
                flat[j] /= nf;
                dark[j] /= nd;
            }
            int na = proj.size();
            float[] raw = new float[na * nc];
            double[] angles = new double[na];
            for (int p = 0; p < na; p++) {
                System.arraycopy(all, proj.get(p) * nc, raw, p * nc, nc);
                angles[p] = Math.toRadians(rot[proj.get(p)]);
            }
            float[] out = new float[raw.length];
            new JavaFlatFieldCorrection().apply(raw, na, nc, flat, dark, out);
            for (int i = 0; i < out.length; i++) {
                out[i] = -(float) Math.log(Math.max(out[i], 1e-6f));
            }
            return new Sino(out, na, nc, angles);
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
