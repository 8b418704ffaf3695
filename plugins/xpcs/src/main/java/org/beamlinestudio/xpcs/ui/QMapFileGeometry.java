package org.beamlinestudio.xpcs.ui;

import java.nio.file.Path;
import java.util.Optional;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.xpcs.io.Aps8idiMetadata;
import org.beamlinestudio.core.hdf5.H5Values;
import org.beamlinestudio.xpcs.qmap.DetectorGeometry;
import org.beamlinestudio.xpcs.qmap.QMap;
import org.beamlinestudio.xpcs.qmap.QMapFiles;
import org.beamlinestudio.xpcs.qmap.QMapGeometry;

/**
 * A q-map file as read, plus what re-partitioning needs: per-pixel |q| and φ from the metadata's geometry and the
 * file's beam centre, and the file's mask.
 *
 * @param qPhi  {|q|, φ} per pixel, or null when the file gives no beam centre
 * @param valid pixels not masked (null: all)
 */
record QMapFileGeometry(QMap qmap, double[][] qPhi, boolean[] valid) {

    static QMapFileGeometry read(Path file, Aps8idiMetadata meta) throws DataFileException {
        QMap q = QMapFiles.read(file);
        try (H5Values v = H5Values.open(file)) {
            Optional<Double> bx = v.optionalNumber("/qmap/beam_center_x");
            Optional<Double> by = v.optionalNumber("/qmap/beam_center_y");
            boolean[] valid = null;
            if (v.has("/qmap/mask")) {
                int[] m = v.ints("/qmap/mask");
                if (m.length == q.width() * q.height()) {
                    valid = new boolean[m.length];
                    for (int i = 0; i < m.length; i++) {
                        valid[i] = m[i] != 0;
                    }
                }
            }
            if (bx.isEmpty() || by.isEmpty()) {
                return new QMapFileGeometry(q, null, valid);
            }
            DetectorGeometry g = DetectorGeometry.untilted(meta.energyKeV(), meta.distanceM(), meta.pixelSizeXM(),
                    meta.pixelSizeYM(), bx.get(), by.get());
            double[] qm = QMapGeometry.qMagnitude(g, q.width(), q.height());
            double[] phi = QMapGeometry.azimuth(g, q.width(), q.height());
            return new QMapFileGeometry(q, new double[][] {qm, phi}, valid);
        }
    }

    /** The q range of the pixels the file's map uses (its dynamic bins), for the partition fields. */
    double[] qRange() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        int[] map = qmap.dynamicMap();
        for (int i = 0; i < map.length; i++) {
            if (map[i] > 0) {
                lo = Math.min(lo, qPhi[0][i]);
                hi = Math.max(hi, qPhi[0][i]);
            }
        }
        return lo <= hi ? new double[] {lo, hi} : new double[] {0, 1};
    }
}
