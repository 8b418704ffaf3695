package org.beamlinestudio.xpcs.qmap;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.hdf5.H5Values;

/**
 * Reads q-map files: the APS layout {@code /qmap/{dynamic_roi_map, static_roi_map, mask, dynamic_v_list_dim0,
 * static_v_list_dim0, …_dim1, beam_center_x, beam_center_y}} and the older {@code /data/{dynamicMap, staticMap,
 * mask, dqval, sqval, dphival, sphival}}. Bin numbers in files are 1-based with 0 = excluded; a map whose
 * largest value is one less than its q list's length is taken as 0-based and shifted. Masked pixels become 0.
 * When a {@code _dim1} (φ) list has more than one entry, bin b (1-based) is (q index (b−1) / nφ, φ index
 * (b−1) mod nφ), as the APS q-map tools number them.
 */
public final class QMapFiles {

    private QMapFiles() {
    }

    /** Reads a q-map file. */
    public static QMap read(Path file) throws DataFileException {
        try (H5Values v = H5Values.open(file)) {
            String base;
            String dyn;
            String stat;
            String dq;
            String sq;
            String dphi;
            String sphi;
            if (v.has("/qmap/dynamic_roi_map")) {
                base = "/qmap/";
                dyn = "dynamic_roi_map";
                stat = "static_roi_map";
                dq = "dynamic_v_list_dim0";
                sq = "static_v_list_dim0";
                dphi = "dynamic_v_list_dim1";
                sphi = "static_v_list_dim1";
            } else if (v.has("/data/dynamicMap")) {
                base = "/data/";
                dyn = "dynamicMap";
                stat = "staticMap";
                dq = "dqval";
                sq = "sqval";
                dphi = "dphival";
                sphi = "sphival";
            } else {
                throw new DataFileException(file, "/qmap/dynamic_roi_map", "neither /qmap/dynamic_roi_map nor "
                        + "/data/dynamicMap", "a q-map file (APS /qmap/... or the older /data/dynamicMap layout)");
            }
            int[] shape = v.shape(base + dyn);
            if (shape.length != 2) {
                throw new DataFileException(file, base + dyn, "shape " + Arrays.toString(shape), "a 2-D map");
            }
            int h = shape[0];
            int w = shape[1];
            int[] dynamicMap = v.ints(base + dyn);
            int[] staticMap = v.has(base + stat) ? v.ints(base + stat) : dynamicMap.clone();
            if (staticMap.length != dynamicMap.length) {
                throw new DataFileException(file, base + stat, Arrays.toString(v.shape(base + stat)),
                        "the dynamic map's shape " + h + "×" + w);
            }
            double[][] dynamic = binValues(v, base, dyn, dq, dphi, dynamicMap);
            double[][] stat0 = binValues(v, base, stat, sq, sphi, staticMap);
            if (v.has(base + "mask")) {
                int[] mask = v.ints(base + "mask");
                if (mask.length != dynamicMap.length) {
                    throw new DataFileException(file, base + "mask", Arrays.toString(v.shape(base + "mask")),
                            "the dynamic map's shape " + h + "×" + w);
                }
                for (int i = 0; i < mask.length; i++) {
                    if (mask[i] == 0) {
                        dynamicMap[i] = 0;
                        staticMap[i] = 0;
                    }
                }
            }
            return new QMap(w, h, dynamicMap, staticMap, dynamic[0], dynamic[1], stat0[0], stat0[1]);
        }
    }

    /** Shifts a 0-based map in place when the q list says so; returns {q per bin, φ per bin}. */
    private static double[][] binValues(H5Values v, String base, String mapName, String qName, String phiName,
                                        int[] map) throws DataFileException {
        int max = 0;
        for (int b : map) {
            if (b < 0) {
                throw new DataFileException(v.file(), base + mapName, "the bin number " + b,
                        "0 (excluded) or a positive bin number");
            }
            max = Math.max(max, b);
        }
        Optional<double[]> q = v.has(base + qName) ? Optional.of(v.doubles(base + qName)) : Optional.empty();
        double[] phi = v.has(base + phiName) ? v.doubles(base + phiName) : new double[] {0};
        if (phi.length == 0) {
            phi = new double[] {0};
        }
        int nq = q.map(a -> a.length).orElse(max);
        int bins = q.isPresent() ? nq * phi.length : max;
        if (q.isPresent() && max == bins - 1 && !contains(map, bins)) {
            // 0-based map (max index = count − 1): shift so 0 can mean excluded.
            for (int i = 0; i < map.length; i++) {
                map[i]++;
            }
        } else if (max > bins) {
            throw new DataFileException(v.file(), base + mapName, "bin number " + max,
                    "at most " + bins + " bins, as " + base + qName + " lists");
        }
        double[] qs = new double[bins];
        double[] ps = new double[bins];
        for (int b = 0; b < bins; b++) {
            qs[b] = q.isPresent() ? q.get()[b / phi.length] : Double.NaN;
            ps[b] = phi[b % phi.length];
        }
        return new double[][] {qs, ps};
    }

    private static boolean contains(int[] map, int value) {
        for (int b : map) {
            if (b == value) {
                return true;
            }
        }
        return false;
    }

    /**
     * For each static bin (index = bin − 1), the dynamic bin its pixels lie in, 0 when it has no pixels, −1 when
     * its pixels lie in more than one dynamic bin.
     */
    public static int[] dynamicBinOfStatic(QMap q) {
        int[] parent = new int[q.staticCount()];
        for (int i = 0; i < q.staticMap().length; i++) {
            int s = q.staticMap()[i];
            int d = q.dynamicMap()[i];
            if (s == 0) {
                continue;
            }
            int p = parent[s - 1];
            if (p == 0) {
                parent[s - 1] = d == 0 ? -1 : d;
            } else if (p != d) {
                parent[s - 1] = -1;
            }
        }
        return parent;
    }
}
