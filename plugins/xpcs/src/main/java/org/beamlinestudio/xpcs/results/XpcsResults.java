package org.beamlinestudio.xpcs.results;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.xpcs.corr.MultiTauResult;
import org.beamlinestudio.core.hdf5.H5Values;
import org.beamlinestudio.xpcs.qmap.QMap;

/**
 * A multi-tau result read from a file: the APS NeXus layout ({@code /xpcs/multitau/…}, as
 * {@link XpcsResultWriter} and the facility's correlator write it) or the older {@code /exchange/{tau,
 * norm-0-g2, norm-0-stderr, …}} layout with its q-map under {@code /xpcs/{dqmap, sqmap, dqlist, sqlist}}.
 *
 * @param file        the file read
 * @param layout      {@link #NEXUS} or {@link #LEGACY}
 * @param multiTau    delays, g2 {@code [bin][delay]}, errors, intensity vs time, mean image (empty when absent),
 *                    SAXS 1-D; delays in seconds are NaN when the file gives no frame time
 * @param imageHeight rows of the mean image (0 when absent)
 * @param imageWidth  columns of the mean image (0 when absent)
 * @param qmap        the binning, when the file holds the maps
 * @param dynamicQ    q (Å⁻¹) per dynamic bin (NaN when absent)
 * @param fits        named per-bin arrays ({@code /xpcs/fitting/*}; legacy {@code tauFIT1}, {@code contrastFIT1}, …)
 * @param provenance  provenance JSON, or empty
 * @param rawdataPath the raw file the result came from, or empty
 */
public record XpcsResults(Path file, String layout, MultiTauResult multiTau, int imageHeight, int imageWidth,
                          Optional<QMap> qmap, double[] dynamicQ, Map<String, double[]> fits,
                          Optional<String> provenance, Optional<String> rawdataPath) {

    /** The APS NeXus result layout. */
    public static final String NEXUS = "nexus";
    /** The older {@code /exchange} layout. */
    public static final String LEGACY = "legacy";

    /**
     * Reads either layout.
     *
     * @throws DataFileException naming the file and the dataset that is missing or has the wrong shape
     */
    public static XpcsResults read(Path file) throws DataFileException {
        try (H5Values v = H5Values.open(file)) {
            if (v.has("/xpcs/multitau/normalized_g2")) {
                return readNexus(v);
            }
            if (v.has("/exchange/norm-0-g2")) {
                return readLegacy(v);
            }
            throw new DataFileException(file, "/xpcs/multitau/normalized_g2", "neither it nor /exchange/norm-0-g2",
                    "an XPCS result file (APS NeXus /xpcs/multitau/… or the older /exchange/… layout)");
        }
    }

    private static XpcsResults readNexus(H5Values v) throws DataFileException {
        String mt = "/xpcs/multitau/";
        double[] delays = v.doubles(mt + "delay_list");
        double frameTime = v.attributeText(mt + "delay_list", XpcsResultWriter.FRAME_TIME).map(Double::parseDouble)
                .or(() -> v.optionalNumber("/entry/instrument/detector_1/frame_time")).orElse(Double.NaN);
        double[][] g2 = byBin(v, mt + "normalized_g2", delays.length);
        double[][] err = v.has(mt + "normalized_g2_err") ? byBin(v, mt + "normalized_g2_err", delays.length)
                : new double[g2.length][delays.length];
        double[] ivt = new double[0];
        String ivtPath = "/xpcs/spatial_mean/intensity_vs_time";
        if (v.has(ivtPath)) {
            double[] raw = v.doubles(ivtPath);
            int[] shape = v.shape(ivtPath);
            // (2, N): frame index then mean intensity; a 1-D list is the intensities alone.
            ivt = shape.length == 2 && shape[0] == 2 ? java.util.Arrays.copyOfRange(raw, shape[1], raw.length) : raw;
        }
        String tm = "/xpcs/temporal_mean/";
        double[] saxs1d = v.has(tm + "scattering_1d") ? v.doubles(tm + "scattering_1d") : new double[0];
        int h = 0;
        int w = 0;
        float[] mean = new float[0];
        if (v.has(tm + "scattering_2d")) {
            int[] s = v.shape(tm + "scattering_2d");
            h = s[s.length - 2];
            w = s[s.length - 1];
            double[] m = v.doubles(tm + "scattering_2d");
            mean = toFloats(java.util.Arrays.copyOf(m, h * w));
        }
        Optional<QMap> qmap = Optional.empty();
        double[] dynamicQ = v.has("/xpcs/qmap/dynamic_v_list_dim0") ? v.doubles("/xpcs/qmap/dynamic_v_list_dim0")
                : nan(g2.length);
        if (v.has("/xpcs/qmap/dynamic_roi_map") && v.has("/xpcs/qmap/static_roi_map")
                && v.has("/xpcs/qmap/static_v_list_dim0")) {
            int[] s = v.shape("/xpcs/qmap/dynamic_roi_map");
            double[] staticQ = v.doubles("/xpcs/qmap/static_v_list_dim0");
            qmap = Optional.of(new QMap(s[1], s[0], v.ints("/xpcs/qmap/dynamic_roi_map"),
                    v.ints("/xpcs/qmap/static_roi_map"), dynamicQ, new double[dynamicQ.length], staticQ,
                    new double[staticQ.length]));
        }
        Map<String, double[]> fits = new LinkedHashMap<>();
        for (String name : v.children("/xpcs/fitting")) {
            fits.put(name, v.doubles("/xpcs/fitting/" + name));
        }
        MultiTauResult r = new MultiTauResult(toInts(delays), times(delays, frameTime), g2, err, ivt, mean, saxs1d,
                ivt.length);
        return new XpcsResults(v.file(), NEXUS, r, h, w, qmap, dynamicQ, fits, v.attributeText("/xpcs", "provenance"),
                v.attributeText("/xpcs", "rawdata_path").or(() -> v.text("/xpcs/rawdata_path")));
    }

    private static XpcsResults readLegacy(H5Values v) throws DataFileException {
        String ex = "/exchange/";
        // tau is in frames (multiples of the frame period), as the old 8-ID-I viewer used it.
        double[] tau = v.doubles(ex + "tau");
        double frameTime = v.optionalNumber("/measurement/instrument/detector/exposure_period").orElse(Double.NaN);
        double[][] g2 = byBin(v, ex + "norm-0-g2", tau.length);
        double[][] err = v.has(ex + "norm-0-stderr") ? byBin(v, ex + "norm-0-stderr", tau.length)
                : new double[g2.length][tau.length];
        double[] ivt = new double[0];
        if (v.has(ex + "frameSum")) {
            double[] raw = v.doubles(ex + "frameSum");
            int[] shape = v.shape(ex + "frameSum");
            ivt = shape.length == 2 && shape[0] == 2 ? java.util.Arrays.copyOfRange(raw, shape[1], raw.length) : raw;
        }
        double[] saxs1d = v.has(ex + "partition-mean-total") ? v.doubles(ex + "partition-mean-total") : new double[0];
        int h = 0;
        int w = 0;
        float[] mean = new float[0];
        if (v.has(ex + "pixelSum")) {
            int[] s = v.shape(ex + "pixelSum");
            h = s[0];
            w = s[1];
            mean = toFloats(v.doubles(ex + "pixelSum"));
            if (ivt.length > 0) {
                // pixelSum is summed over the frames: the mean image divides by their number.
                for (int i = 0; i < mean.length; i++) {
                    mean[i] /= ivt.length;
                }
            }
        }
        double[] dynamicQ = v.has("/xpcs/dqlist") ? v.doubles("/xpcs/dqlist") : nan(g2.length);
        Optional<QMap> qmap = Optional.empty();
        if (v.has("/xpcs/dqmap") && v.has("/xpcs/sqmap") && v.has("/xpcs/sqlist")) {
            int[] s = v.shape("/xpcs/dqmap");
            double[] staticQ = v.doubles("/xpcs/sqlist");
            double[] dphi = v.has("/xpcs/dphilist") ? v.doubles("/xpcs/dphilist") : new double[dynamicQ.length];
            double[] sphi = v.has("/xpcs/sphilist") ? v.doubles("/xpcs/sphilist") : new double[staticQ.length];
            qmap = Optional.of(new QMap(s[1], s[0], v.ints("/xpcs/dqmap"), v.ints("/xpcs/sqmap"), dynamicQ, dphi,
                    staticQ, sphi));
        }
        Map<String, double[]> fits = new LinkedHashMap<>();
        for (String name : v.children("/exchange")) {
            if (name.contains("FIT") && !name.startsWith("g2avg")) {
                fits.put(name, v.doubles(ex + name));
            }
        }
        MultiTauResult r = new MultiTauResult(toInts(tau), times(tau, frameTime), g2, err, ivt, mean, saxs1d,
                ivt.length);
        return new XpcsResults(v.file(), LEGACY, r, h, w, qmap, dynamicQ, fits, Optional.empty(),
                v.text("/xpcs/input_file_local"));
    }

    /** A (delay, bin) dataset as {@code [bin][delay]}. */
    private static double[][] byBin(H5Values v, String path, int delays) throws DataFileException {
        int[] s = v.shape(path);
        if (s.length != 2 || s[0] != delays) {
            throw new DataFileException(v.file(), path, "shape " + java.util.Arrays.toString(s),
                    "(" + delays + " delays, bins)");
        }
        double[] flat = v.doubles(path);
        int bins = s[1];
        double[][] out = new double[bins][delays];
        for (int d = 0; d < delays; d++) {
            for (int b = 0; b < bins; b++) {
                out[b][d] = flat[d * bins + b];
            }
        }
        return out;
    }

    private static int[] toInts(double[] d) {
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) Math.round(d[i]);
        }
        return out;
    }

    private static double[] times(double[] delays, double frameTime) {
        double[] out = new double[delays.length];
        for (int i = 0; i < delays.length; i++) {
            out[i] = delays[i] * frameTime;
        }
        return out;
    }

    private static double[] nan(int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.NaN);
        return out;
    }

    private static float[] toFloats(double[] d) {
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }
}
