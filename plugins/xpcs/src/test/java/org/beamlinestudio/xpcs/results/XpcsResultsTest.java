package org.beamlinestudio.xpcs.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.xpcs.corr.MultiTauResult;
import org.beamlinestudio.xpcs.qmap.QMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XpcsResultsTest {

    private static final String PEER = "xpcs/sim_ou_128/peer_result/SIM_OU_02000f_128x128_results.hdf";

    @Test
    void readsThePeerCorrelatorsResult() throws Exception {
        XpcsResults r = XpcsResults.read(SharedData.require(PEER));
        assertEquals(XpcsResults.NEXUS, r.layout());
        MultiTauResult m = r.multiTau();
        assertEquals(38, m.delayFrames().length);
        assertEquals(1, m.delayFrames()[0]);
        assertEquals(1536, m.delayFrames()[37]);
        // Frame time 1 ms from /entry/instrument/detector_1/frame_time.
        assertEquals(1.536, m.delaySeconds()[37], 1e-12);
        assertEquals(10, m.g2().length);
        // Values checked with h5py: normalized_g2[0, 0] and [0, 9], the error at [0, 0].
        assertEquals(1.2921486, m.g2()[0][0], 1e-6);
        assertEquals(1.2480735, m.g2()[9][0], 1e-6);
        assertEquals(0.00663959, m.g2Err()[0][0], 1e-8);
        // Slowest ring (τc = 500 frames) still correlated at the last delay, fastest ring decayed to ~1.
        assertTrue(m.g2()[0][37] > 1.0 && m.g2()[9][37] < 1.01, m.g2()[0][37] + " " + m.g2()[9][37]);
        assertEquals(2000, m.framesUsed());
        assertEquals(0.36834717, m.intensityVsTime()[0], 1e-7);
        assertEquals(40, m.saxs1d().length);
        assertEquals(4.750044, m.saxs1d()[0], 1e-5);
        assertEquals(128, r.imageHeight());
        assertEquals(128 * 128, m.meanImage().length);
        QMap q = r.qmap().orElseThrow();
        assertEquals(10, q.dynamicCount());
        assertEquals(40, q.staticCount());
        assertEquals(5.701390092780187e-4, r.dynamicQ()[0], 1e-9);
        assertEquals("raw/SIM_OU_02000f_128x128.h5", r.rawdataPath().orElseThrow());
    }

    @Test
    void writeThenReadGivesTheSameResult(@TempDir Path dir) throws Exception {
        XpcsResults peer = XpcsResults.read(SharedData.require(PEER));
        MultiTauResult m = peer.multiTau();
        QMap q = peer.qmap().orElseThrow();
        Map<String, double[]> fits = new LinkedHashMap<>();
        fits.put("tau_c", new double[] {0.5, 0.18, 0.0918, 0.0556, 0.0372, 0.0266, 0.02, 0.0156, 0.0125, 0.0102});
        fits.put("beta", new double[] {0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3});
        String provenance = "{\"plugin\":\"xpcs\",\"version\":\"test\"}";
        Path out = dir.resolve("result.hdf");
        XpcsResultWriter.write(out, m, q, fits, provenance, "raw/SIM_OU_02000f_128x128.h5");
        try (var listing = Files.list(dir)) {
            assertEquals(java.util.List.of(out), listing.toList(), "only the result, no temporary file left behind");
        }

        // Kept for inspection with h5py / h5dump.
        Files.copy(out, Path.of("target", "roundtrip-result.hdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        XpcsResults back = XpcsResults.read(out);
        MultiTauResult b = back.multiTau();
        assertArrayEquals(m.delayFrames(), b.delayFrames());
        assertArrayEquals(m.delaySeconds(), b.delaySeconds(), 1e-15);
        for (int bin = 0; bin < 10; bin++) {
            // The peer's values are float32 already, so the float32 round trip is exact.
            assertArrayEquals(m.g2()[bin], b.g2()[bin], 0, "bin " + (bin + 1));
            assertArrayEquals(m.g2Err()[bin], b.g2Err()[bin], 0, "bin " + (bin + 1));
        }
        assertArrayEquals(m.intensityVsTime(), b.intensityVsTime(), 0);
        assertArrayEquals(m.meanImage(), b.meanImage(), 0);
        assertArrayEquals(m.saxs1d(), b.saxs1d(), 0);
        assertEquals(m.framesUsed(), b.framesUsed());
        assertArrayEquals(q.dynamicMap(), back.qmap().orElseThrow().dynamicMap());
        assertArrayEquals(q.staticMap(), back.qmap().orElseThrow().staticMap());
        assertArrayEquals(q.staticQ(), back.qmap().orElseThrow().staticQ(), 0);
        assertArrayEquals(peer.dynamicQ(), back.dynamicQ(), 0);
        assertEquals(fits.keySet(), back.fits().keySet());
        assertArrayEquals(fits.get("tau_c"), back.fits().get("tau_c"), 0);
        assertEquals(provenance, back.provenance().orElseThrow());
        assertEquals("raw/SIM_OU_02000f_128x128.h5", back.rawdataPath().orElseThrow());
    }

    @Test
    void readsTheOlderExchangeLayout(@TempDir Path dir) throws Exception {
        // A small file shaped like aps_8idi_legacy_result_tree.txt: 3 delays, 2 dynamic bins, a 2×2 detector.
        Path file = dir.resolve("legacy.hdf");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            put(w, "/exchange/tau", ElementType.FLOAT32, new long[] {1, 3}, 1, 2, 4);
            put(w, "/exchange/norm-0-g2", ElementType.FLOAT32, new long[] {3, 2}, 1.3, 1.25, 1.2, 1.1, 1.1, 1.02);
            put(w, "/exchange/norm-0-stderr", ElementType.FLOAT32, new long[] {3, 2}, .01, .02, .01, .02, .01, .02);
            put(w, "/exchange/frameSum", ElementType.FLOAT32, new long[] {2, 4}, 0, 1, 2, 3, 10, 11, 9, 10);
            put(w, "/exchange/pixelSum", ElementType.FLOAT32, new long[] {2, 2}, 8, 12, 16, 4);
            put(w, "/exchange/partition-mean-total", ElementType.FLOAT32, new long[] {1, 2}, 2.5, 2.0);
            put(w, "/exchange/tauFIT1", ElementType.FLOAT64, new long[] {1, 2}, 3.5, 1.5);
            put(w, "/exchange/g2avgFIT1", ElementType.FLOAT64, new long[] {3, 1, 2}, 1, 1, 1, 1, 1, 1);
            put(w, "/xpcs/dqlist", ElementType.FLOAT64, new long[] {1, 2}, 0.001, 0.002);
            put(w, "/xpcs/sqlist", ElementType.FLOAT64, new long[] {1, 2}, 0.001, 0.002);
            put(w, "/xpcs/dqmap", ElementType.UINT32, new long[] {2, 2}, 1, 1, 2, 0);
            put(w, "/xpcs/sqmap", ElementType.UINT32, new long[] {2, 2}, 1, 1, 2, 0);
            put(w, "/measurement/instrument/detector/exposure_period", ElementType.FLOAT64, new long[] {1, 1}, 0.002);
            w.commit();
        }
        XpcsResults r = XpcsResults.read(file);
        assertEquals(XpcsResults.LEGACY, r.layout());
        MultiTauResult m = r.multiTau();
        assertArrayEquals(new int[] {1, 2, 4}, m.delayFrames());
        assertArrayEquals(new double[] {0.002, 0.004, 0.008}, m.delaySeconds(), 1e-12);
        assertArrayEquals(new double[] {1.3, 1.2, 1.1}, m.g2()[0], 1e-6);
        assertArrayEquals(new double[] {1.25, 1.1, 1.02}, m.g2()[1], 1e-6);
        assertArrayEquals(new double[] {0.02, 0.02, 0.02}, m.g2Err()[1], 1e-8);
        assertArrayEquals(new double[] {10, 11, 9, 10}, m.intensityVsTime(), 0);
        assertArrayEquals(new float[] {2, 3, 4, 1}, m.meanImage(), 0);
        assertArrayEquals(new double[] {0.001, 0.002}, r.dynamicQ(), 0);
        assertEquals(2, r.qmap().orElseThrow().dynamicCount());
        assertEquals(Map.of("tauFIT1", 2), Map.of("tauFIT1", r.fits().get("tauFIT1").length));
        assertFalse(r.fits().containsKey("g2avgFIT1"));
    }

    @Test
    void aFileOfNeitherLayoutIsRefusedByName() {
        Path qmap = SharedData.require("xpcs/sim_ou_128/qmap.h5");
        DataFileException e = assertThrows(DataFileException.class, () -> XpcsResults.read(qmap));
        assertTrue(e.getMessage().contains("qmap.h5") && e.getMessage().contains("/exchange/norm-0-g2"),
                e.getMessage());
    }

    private static void put(StreamingHdf5Writer w, String path, ElementType type, long[] shape, double... values)
            throws Exception {
        int[] count = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            count[i] = (int) shape[i];
        }
        long[] origin = new long[shape.length];
        if (type == ElementType.UINT32) {
            int[] iv = new int[values.length];
            for (int i = 0; i < iv.length; i++) {
                iv[i] = (int) values[i];
            }
            w.createDataset(path, type, shape, Layout.contiguous()).write(origin, count, iv);
        } else {
            w.createDataset(path, type, shape, Layout.contiguous()).write(origin, count, values);
        }
    }
}
