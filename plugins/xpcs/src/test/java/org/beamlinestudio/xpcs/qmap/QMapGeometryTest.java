package org.beamlinestudio.xpcs.qmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.xpcs.io.Aps8idiMetadata;
import org.beamlinestudio.xpcs.io.FrameSource;
import org.beamlinestudio.xpcs.io.Hdf5FrameSource;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.junit.jupiter.api.Test;

class QMapGeometryTest {

    private static final String DIR = "xpcs/sim_ou_128/";

    /** The metadata's geometry; the simulator puts pixel centres at index + 0.5, so its centre 64 is 63.5 here. */
    private static DetectorGeometry simGeometry() throws Exception {
        Aps8idiMetadata m = Aps8idiMetadata.read(SharedData.require(DIR + "raw/SIM_OU_02000f_128x128_metadata.hdf"));
        return DetectorGeometry.untilted(m.energyKeV(), m.distanceM(), m.pixelSizeXM(), m.pixelSizeYM(), 63.5, 63.5);
    }

    private static double qAtRadius(DetectorGeometry g, double px) {
        return 4 * Math.PI / g.wavelengthAngstrom() * Math.sin(Math.atan(px * g.pixelSizeXM() / g.distanceM()) / 2);
    }

    @Test
    void partitionFromTheMetadataGeometryReproducesTheSimulatedRings() throws Exception {
        DetectorGeometry g = simGeometry();
        double[] q = QMapGeometry.qMagnitude(g, 128, 128);
        double[] phi = QMapGeometry.azimuth(g, 128, 128);
        QMap file = QMapFiles.read(SharedData.require(DIR + "qmap.h5"));
        boolean[] mask = Masks.fromFile(SharedData.require(DIR + "qmap.h5"), "/qmap/mask", 128, 128);
        // The simulator's rings run from 5 to 55 px (20…220 px scaled to 128 px), 10 rings of 4 sub-rings.
        QMap made = QMapGeometry.partition(q, phi, 128, 128, mask, PartitionSpec.rings(qAtRadius(g, 5),
                qAtRadius(g, 55), 10, 4));
        assertEquals(10, made.dynamicCount());
        assertEquals(40, made.staticCount());
        JsonNode truth = new ObjectMapper().readTree(SharedData.require(DIR + "truth.json").toFile());
        for (int b = 0; b < 10; b++) {
            double expected = truth.get("q_center_invA").get(b).asDouble();
            assertEquals(expected, made.dynamicQ()[b], 0.01 * expected, "ring " + (b + 1));
        }
        int same = 0;
        int used = 0;
        for (int i = 0; i < 128 * 128; i++) {
            if (file.staticMap()[i] > 0 || made.staticMap()[i] > 0) {
                used++;
                same += file.staticMap()[i] == made.staticMap()[i] && file.dynamicMap()[i] == made.dynamicMap()[i]
                        ? 1 : 0;
            }
        }
        assertTrue(same >= 0.999 * used, same + " of " + used + " pixels in the same static and dynamic bins");
        int[] parent = QMapFiles.dynamicBinOfStatic(made);
        for (int s = 0; s < 40; s++) {
            assertEquals(s / 4 + 1, parent[s], "static bin " + (s + 1));
        }
    }

    @Test
    void phiSectorsAndLogSpacingNumberBinsQMajor() throws Exception {
        DetectorGeometry g = simGeometry();
        double[] q = QMapGeometry.qMagnitude(g, 128, 128);
        double[] phi = QMapGeometry.azimuth(g, 128, 128);
        // Pixel right of the beam on its row: φ ≈ 0; pixel above the beam: φ ≈ 90.
        assertEquals(0, phi[64 * 128 + 100], 1.0);
        assertEquals(90, phi[20 * 128 + 64], 1.0);
        PartitionSpec s = new PartitionSpec(qAtRadius(g, 5), qAtRadius(g, 55), 3, 2, true, 4, 2, -45);
        QMap m = QMapGeometry.partition(q, phi, 128, 128, null, s);
        assertEquals(12, m.dynamicCount());
        assertEquals(6 * 8, m.staticCount());
        // Log spacing: ring centres in geometric progression.
        assertEquals(m.dynamicQ()[4] / m.dynamicQ()[0], m.dynamicQ()[8] / m.dynamicQ()[4], 1e-9);
        // Sector 0 covers −45…45°: the pixel right of the beam.
        int right = 64 * 128 + 80;
        assertEquals(0, (m.dynamicMap()[right] - 1) % 4);
        int up = 48 * 128 + 64;
        assertEquals(1, (m.dynamicMap()[up] - 1) % 4);
        assertEquals(m.dynamicMap()[right] - 1, (m.dynamicMap()[up] - 1) - 1);
        int[] parent = QMapFiles.dynamicBinOfStatic(m);
        for (int p : parent) {
            assertTrue(p >= 1, "every static bin inside one dynamic bin");
        }
    }

    @Test
    void tiltChangesQAcrossTheTiltAxisOnly() {
        DetectorGeometry flat = DetectorGeometry.untilted(10, 5, 75e-6, 75e-6, 64, 64);
        DetectorGeometry tilted = new DetectorGeometry(10, 5, 75e-6, 75e-6, 64, 64, 10, 0);
        double[] q0 = QMapGeometry.qMagnitude(flat, 128, 128);
        double[] q1 = QMapGeometry.qMagnitude(tilted, 128, 128);
        int onAxis = 64 * 128 + 120;
        assertEquals(q0[onAxis], q1[onAxis], 1e-15);
        double y = 50 * 75e-6;
        double t = Math.toRadians(10);
        double twoTheta = Math.atan2(y * Math.cos(t), 5 + y * Math.sin(t));
        double expected = 4 * Math.PI / flat.wavelengthAngstrom() * Math.sin(twoTheta / 2);
        assertEquals(expected, q1[114 * 128 + 64], 1e-12 * expected);
        // The other side tilts towards the sample: smaller z, larger angle (2.6e-4 relative here).
        double other = 4 * Math.PI / flat.wavelengthAngstrom()
                * Math.sin(Math.atan2(y * Math.cos(t), 5 - y * Math.sin(t)) / 2);
        assertEquals(other, q1[14 * 128 + 64], 1e-12 * other);
        assertTrue(other - expected > 2e-4 * expected, "the two sides differ");
    }

    @Test
    void hotPixelsStandOutOfTheirRingButTheRingsThemselvesDoNot() throws Exception {
        Path raw = SharedData.require(DIR + "raw/SIM_OU_02000f_128x128.h5");
        float[] mean = new float[128 * 128];
        try (Hdf5File h5 = Hdf5File.open(raw);
             FrameSource f = new Hdf5FrameSource(h5.dataset("/entry/data/data"), null)) {
            int n = 200;
            float[] frames = f.read(0, n);
            for (int i = 0; i < frames.length; i++) {
                mean[i % mean.length] += frames[i] / n;
            }
        }
        QMap q = QMapFiles.read(SharedData.require(DIR + "qmap.h5"));
        int hot = 40 * 128 + 70;
        assertTrue(q.staticMap()[hot] > 0);
        mean[hot] = 50;
        boolean[] keep = Masks.hotPixels(mean, q.staticMap(), 10);
        assertFalse(keep[hot]);
        int dropped = 0;
        for (boolean k : keep) {
            dropped += k ? 0 : 1;
        }
        assertTrue(dropped <= 5, dropped + " pixels dropped");
        // A global median + k·MAD would flag the bright inner rings: that is why bins are used.
        boolean[] global = Masks.hotPixels(mean, null, 10);
        int globalDropped = 0;
        for (boolean k : global) {
            globalDropped += k ? 0 : 1;
        }
        assertTrue(globalDropped > dropped, globalDropped + " vs " + dropped);
    }
}
