package org.beamlinestudio.xpcs.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.beamlinestudio.xpcs.corr.MultiTauResult;
import org.beamlinestudio.xpcs.io.Aps8idiMetadata;
import org.beamlinestudio.xpcs.qmap.QMap;

/**
 * Writes a multi-tau result in the APS 8-ID-I NeXus result layout, with the names and shapes of the files the
 * facility's correlator writes: {@code /xpcs/multitau/{delay_list (D) int64, normalized_g2 (D×Q) float32,
 * normalized_g2_err}}, {@code /xpcs/qmap/{dynamic_roi_map, static_roi_map (H×W) uint32, mask int32,
 * dynamic_v_list_dim0, static_v_list_dim0}}, {@code /xpcs/spatial_mean/intensity_vs_time (2×N: frame, mean)},
 * {@code /xpcs/temporal_mean/{scattering_1d (1×S), scattering_2d (1×H×W)}}; fits go to
 * {@code /xpcs/fitting/NAME} (float64); the scalars {@code /xpcs/rawdata_path}, {@code /xpcs/qmap/beam_center_x|y},
 * {@code /entry/schema_version}, {@code /entry/instrument/...} (see {@link ResultScalars}). The provenance JSON is
 * an attribute of {@code /xpcs}; {@code rawdata_path} and the frame time (of {@code delay_list}, seconds) are also
 * kept as attributes for readers of earlier files. Written atomically.
 */
public final class XpcsResultWriter {

    /** Attribute of {@code delay_list}: the frame time in seconds. */
    static final String FRAME_TIME = "frame_time";

    /** {@code /entry/schema_version} as the facility's result files carry it. */
    static final String SCHEMA_VERSION = "1.0";

    private XpcsResultWriter() {
    }

    /**
     * Writes (or atomically replaces) {@code target}.
     *
     * @param result      the correlation
     * @param qmap        the binning used, or null to leave {@code /xpcs/qmap} out
     * @param fits        named per-bin arrays (e.g. "tau_c", "beta"), may be empty
     * @param provenance  provenance JSON, or null
     * @param rawdataPath the raw file the result came from, or null
     */
    public static void write(Path target, MultiTauResult result, QMap qmap, Map<String, double[]> fits,
                             String provenance, String rawdataPath) throws IOException {
        write(target, result, qmap, fits, provenance, rawdataPath, ResultScalars.none());
    }

    /**
     * Writes (or atomically replaces) {@code target} with the scalar datasets of the facility's layout as well:
     * {@code /entry/schema_version}, the frame time (from the result) and what {@code scalars} holds (beam centre,
     * geometry, start time), and {@code /xpcs/rawdata_path} as a string dataset.
     */
    public static void write(Path target, MultiTauResult result, QMap qmap, Map<String, double[]> fits,
                             String provenance, String rawdataPath, ResultScalars scalars) throws IOException {
        int bins = result.g2().length;
        int delays = result.delayFrames().length;
        try (StreamingHdf5Writer w = StreamingHdf5Writer.createOrReplace(target)) {
            w.createGroup("/xpcs");
            long[] delayList = new long[delays];
            for (int d = 0; d < delays; d++) {
                delayList[d] = result.delayFrames()[d];
            }
            w.createDataset("/xpcs/multitau/delay_list", ElementType.INT64, new long[] {delays}, Layout.contiguous())
                    .write(new long[] {0}, new int[] {delays}, delayList);
            if (delays > 0 && result.delayFrames()[0] > 0) {
                w.setAttribute("/xpcs/multitau/delay_list", FRAME_TIME,
                        result.delaySeconds()[0] / result.delayFrames()[0]);
            }
            writeDelayByBin(w, "/xpcs/multitau/normalized_g2", result.g2(), delays, bins);
            writeDelayByBin(w, "/xpcs/multitau/normalized_g2_err", result.g2Err(), delays, bins);

            int n = result.intensityVsTime().length;
            float[] ivt = new float[2 * n];
            for (int i = 0; i < n; i++) {
                ivt[i] = i;
                ivt[n + i] = (float) result.intensityVsTime()[i];
            }
            w.createDataset("/xpcs/spatial_mean/intensity_vs_time", ElementType.FLOAT32, new long[] {2, n},
                    Layout.contiguous()).write(new long[] {0, 0}, new int[] {2, n}, ivt);

            int s = result.saxs1d().length;
            w.createDataset("/xpcs/temporal_mean/scattering_1d", ElementType.FLOAT32, new long[] {1, s},
                    Layout.contiguous()).write(new long[] {0, 0}, new int[] {1, s}, toFloats(result.saxs1d()));
            if (qmap != null) {
                int h = qmap.height();
                int wd = qmap.width();
                if (result.meanImage().length != h * wd) {
                    throw new IllegalArgumentException("a mean image of " + result.meanImage().length
                            + " pixels for a " + wd + "×" + h + " q-map");
                }
                w.createDataset("/xpcs/temporal_mean/scattering_2d", ElementType.FLOAT32, new long[] {1, h, wd},
                        Layout.chunked(1, h, wd).shuffle().deflate(4))
                        .write(new long[] {0, 0, 0}, new int[] {1, h, wd}, result.meanImage());
                writeQMap(w, qmap);
            }
            for (Map.Entry<String, double[]> f : fits.entrySet()) {
                double[] v = f.getValue();
                w.createDataset("/xpcs/fitting/" + f.getKey(), ElementType.FLOAT64, new long[] {v.length},
                        Layout.contiguous()).write(new long[] {0}, new int[] {v.length}, v);
            }
            if (rawdataPath != null) {
                w.setAttribute("/xpcs", "rawdata_path", rawdataPath);
                w.createStringDataset("/xpcs/rawdata_path", rawdataPath);
            }
            writeScalars(w, result, qmap, scalars);
            if (provenance != null) {
                w.setAttribute("/xpcs", "provenance", provenance);
            }
            w.commit();
        }
    }

    /** The facility file's scalar datasets (see {@link ResultScalars}). */
    private static void writeScalars(StreamingHdf5Writer w, MultiTauResult result, QMap qmap, ResultScalars sc) {
        w.createStringDataset("/entry/schema_version", SCHEMA_VERSION);
        String det = "/entry/instrument/detector_1/";
        if (sc.metadata() != null) {
            Aps8idiMetadata m = sc.metadata();
            w.createScalarDataset(det + "distance", m.distanceM());
            w.createScalarDataset(det + "x_pixel_size", m.pixelSizeXM());
            w.createScalarDataset(det + "y_pixel_size", m.pixelSizeYM());
            w.createScalarDataset(det + "frame_time", m.frameTimeS());
            w.createScalarDataset(det + "count_time", m.countTimeS());
            w.createScalarDataset("/entry/instrument/incident_beam/incident_energy", m.energyKeV());
        } else if (result.delayFrames().length > 0 && result.delayFrames()[0] > 0) {
            w.createScalarDataset(det + "frame_time", result.delaySeconds()[0] / result.delayFrames()[0]);
        }
        if (sc.startTime() != null) {
            w.createStringDataset("/entry/start_time", sc.startTime());
        }
        if (qmap != null && Double.isFinite(sc.beamCenterX()) && Double.isFinite(sc.beamCenterY())) {
            w.createScalarDataset("/xpcs/qmap/beam_center_x", sc.beamCenterX());
            w.createScalarDataset("/xpcs/qmap/beam_center_y", sc.beamCenterY());
        }
    }

    private static void writeQMap(StreamingHdf5Writer w, QMap q) throws IOException {
        long[] shape = {q.height(), q.width()};
        int[] count = {q.height(), q.width()};
        long[] origin = {0, 0};
        w.createDataset("/xpcs/qmap/dynamic_roi_map", ElementType.UINT32, shape, Layout.contiguous())
                .write(origin, count, q.dynamicMap());
        w.createDataset("/xpcs/qmap/static_roi_map", ElementType.UINT32, shape, Layout.contiguous())
                .write(origin, count, q.staticMap());
        int[] mask = new int[q.dynamicMap().length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = q.dynamicMap()[i] > 0 || q.staticMap()[i] > 0 ? 1 : 0;
        }
        w.createDataset("/xpcs/qmap/mask", ElementType.INT32, shape, Layout.contiguous()).write(origin, count, mask);
        w.createDataset("/xpcs/qmap/dynamic_v_list_dim0", ElementType.FLOAT64, new long[] {q.dynamicCount()},
                Layout.contiguous()).write(new long[] {0}, new int[] {q.dynamicCount()}, q.dynamicQ());
        w.createDataset("/xpcs/qmap/static_v_list_dim0", ElementType.FLOAT64, new long[] {q.staticCount()},
                Layout.contiguous()).write(new long[] {0}, new int[] {q.staticCount()}, q.staticQ());
    }

    /** {@code [bin][delay]} in memory → {@code (delay, bin)} in the file, as the APS layout has it. */
    private static void writeDelayByBin(StreamingHdf5Writer w, String path, double[][] byBin, int delays, int bins)
            throws IOException {
        float[] out = new float[delays * bins];
        for (int b = 0; b < bins; b++) {
            if (byBin[b].length != delays) {
                throw new IllegalArgumentException(path + ": bin " + (b + 1) + " has " + byBin[b].length
                        + " values for " + delays + " delays");
            }
            for (int d = 0; d < delays; d++) {
                out[d * bins + b] = (float) byBin[b][d];
            }
        }
        w.createDataset(path, ElementType.FLOAT32, new long[] {delays, bins}, Layout.contiguous())
                .write(new long[] {0, 0}, new int[] {delays, bins}, out);
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
