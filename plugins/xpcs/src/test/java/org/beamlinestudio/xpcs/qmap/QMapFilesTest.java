package org.beamlinestudio.xpcs.qmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.hdf5.write.Layout;
import org.beamlinestudio.core.hdf5.write.StreamingHdf5Writer;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QMapFilesTest {

    @Test
    void readsTheSimulatedQMapWithRingsAtTheTrueQ() throws Exception {
        QMap q = QMapFiles.read(SharedData.require("xpcs/sim_ou_128/qmap.h5"));
        assertEquals(128, q.width());
        assertEquals(128, q.height());
        assertEquals(10, q.dynamicCount());
        assertEquals(40, q.staticCount());
        int[] parent = QMapFiles.dynamicBinOfStatic(q);
        for (int s = 0; s < parent.length; s++) {
            assertTrue(parent[s] >= 1 && parent[s] <= 10, "static bin " + (s + 1) + " in dynamic bin " + parent[s]);
        }
        // 4 static sub-bins per ring, in order.
        assertEquals(1, parent[0]);
        assertEquals(10, parent[39]);
        JsonNode truth = new ObjectMapper().readTree(SharedData.require("xpcs/sim_ou_128/truth.json").toFile());
        for (int b = 0; b < 10; b++) {
            double expected = truth.get("q_center_invA").get(b).asDouble();
            assertEquals(expected, q.dynamicQ()[b], 0.01 * expected, "ring " + (b + 1));
        }
        // Masked pixels (the corners and the beam stop) are in no bin; the beam centre pixel is excluded.
        assertEquals(0, q.dynamicMap()[64 * 128 + 64]);
        assertEquals(0, q.dynamicMap()[0]);
    }

    @Test
    void readsTheOlderDataLayoutNumberedFromZero(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old_qmap.h5");
        try (StreamingHdf5Writer w = StreamingHdf5Writer.create(file)) {
            // 2×3 detector, 0-based maps, last pixel masked.
            w.createDataset("/data/dynamicMap", ElementType.INT32, new long[] {2, 3}, Layout.contiguous())
                    .write(new long[] {0, 0}, new int[] {2, 3}, new int[] {0, 0, 1, 1, 1, 0});
            w.createDataset("/data/staticMap", ElementType.INT32, new long[] {2, 3}, Layout.contiguous())
                    .write(new long[] {0, 0}, new int[] {2, 3}, new int[] {0, 1, 2, 3, 3, 0});
            w.createDataset("/data/mask", ElementType.INT32, new long[] {2, 3}, Layout.contiguous())
                    .write(new long[] {0, 0}, new int[] {2, 3}, new int[] {1, 1, 1, 1, 1, 0});
            w.createDataset("/data/dqval", ElementType.FLOAT64, new long[] {2}, Layout.contiguous())
                    .write(new long[] {0}, new int[] {2}, new double[] {0.001, 0.002});
            w.createDataset("/data/sqval", ElementType.FLOAT64, new long[] {4}, Layout.contiguous())
                    .write(new long[] {0}, new int[] {4}, new double[] {0.0008, 0.0012, 0.0018, 0.0022});
            w.commit();
        }
        QMap q = QMapFiles.read(file);
        assertArrayEquals(new int[] {1, 1, 2, 2, 2, 0}, q.dynamicMap());
        assertArrayEquals(new int[] {1, 2, 3, 4, 4, 0}, q.staticMap());
        assertArrayEquals(new double[] {0.001, 0.002}, q.dynamicQ());
        assertEquals(4, q.staticCount());
        assertArrayEquals(new int[] {1, 1, 2, 2}, QMapFiles.dynamicBinOfStatic(q));
    }
}
