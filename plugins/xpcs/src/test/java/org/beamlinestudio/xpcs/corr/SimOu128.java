package org.beamlinestudio.xpcs.corr;

import java.nio.file.Path;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.qmap.QMap;

/** Reads the shared sim_ou_128 set directly (the real readers belong to the io package, written elsewhere). */
final class SimOu128 {

    static final String DIR = "xpcs/sim_ou_128/";

    private SimOu128() {
    }

    static Path raw() {
        return SharedData.require(DIR + "raw/SIM_OU_02000f_128x128.h5");
    }

    static QMap qmap() throws DataFileException {
        try (Hdf5File f = Hdf5File.open(SharedData.require(DIR + "qmap.h5"))) {
            int[] dyn = ints(f.dataset("/qmap/dynamic_roi_map"));
            int[] sta = ints(f.dataset("/qmap/static_roi_map"));
            double[] dq = doubles(f.dataset("/qmap/dynamic_v_list_dim0"));
            double[] sq = doubles(f.dataset("/qmap/static_v_list_dim0"));
            return new QMap(128, 128, dyn, sta, dq, new double[dq.length], sq, new double[sq.length]);
        }
    }

    /** The peer's {@code /xpcs/multitau/<name>} as {@code [ring][delay]} (the file stores delay × ring). */
    static double[][] peer(String name) throws DataFileException {
        try (Hdf5File f = Hdf5File.open(SharedData.require(DIR + "peer_result/SIM_OU_02000f_128x128_results.hdf"))) {
            LazyDataset d = f.dataset("/xpcs/multitau/" + name);
            long[] s = d.shape();
            float[] v = d.readFloats(new long[s.length], toInt(s));
            int delays = (int) s[0];
            int rings = (int) s[1];
            double[][] out = new double[rings][delays];
            for (int t = 0; t < delays; t++) {
                for (int q = 0; q < rings; q++) {
                    out[q][t] = v[t * rings + q];
                }
            }
            return out;
        }
    }

    /** Row {@code row} of a 2-D dataset of the peer's result. */
    static double[] peerRow(String path, int row) throws DataFileException {
        try (Hdf5File f = Hdf5File.open(SharedData.require(DIR + "peer_result/SIM_OU_02000f_128x128_results.hdf"))) {
            LazyDataset d = f.dataset(path);
            int cols = (int) d.shape()[1];
            float[] v = d.readFloats(new long[]{row, 0}, new int[]{1, cols});
            double[] out = new double[cols];
            for (int i = 0; i < cols; i++) {
                out[i] = v[i];
            }
            return out;
        }
    }

    static int[] peerDelays() throws DataFileException {
        try (Hdf5File f = Hdf5File.open(SharedData.require(DIR + "peer_result/SIM_OU_02000f_128x128_results.hdf"))) {
            LazyDataset d = f.dataset("/xpcs/multitau/delay_list");
            float[] v = d.readFloats(new long[d.rank()], toInt(d.shape()));
            int[] out = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.round(v[i]);
            }
            return out;
        }
    }

    /** The raw frames streamed from the HDF5 file. */
    static FrameSource frames() throws DataFileException {
        Path path = raw();
        Hdf5File f = Hdf5File.open(path);
        LazyDataset d = f.dataset("/entry/data/data");
        long[] s = d.shape();
        return new FrameSource() {
            @Override
            public int frames() {
                return (int) s[0];
            }

            @Override
            public int height() {
                return (int) s[1];
            }

            @Override
            public int width() {
                return (int) s[2];
            }

            @Override
            public float[] read(int first, int count) throws DataFileException {
                return d.readFloats(new long[]{first, 0, 0}, new int[]{count, (int) s[1], (int) s[2]});
            }

            @Override
            public Path file() {
                return path;
            }

            @Override
            public String describe() {
                return path.getFileName() + ":/entry/data/data";
            }

            @Override
            public void close() {
                f.close();
            }
        };
    }

    private static int[] ints(LazyDataset d) throws DataFileException {
        float[] v = d.readFloats(new long[d.rank()], toInt(d.shape()));
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i]);
        }
        return out;
    }

    private static double[] doubles(LazyDataset d) throws DataFileException {
        float[] v = d.readFloats(new long[d.rank()], toInt(d.shape()));
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static int[] toInt(long[] s) {
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (int) s[i];
        }
        return out;
    }
}
