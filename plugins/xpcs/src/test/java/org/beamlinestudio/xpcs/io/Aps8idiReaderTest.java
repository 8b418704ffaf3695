package org.beamlinestudio.xpcs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Aps8idiReaderTest {

    private static final String RAW = "xpcs/sim_ou_128/raw/SIM_OU_02000f_128x128.h5";

    @Test
    void opensTheSimulatedSetWithItsMetadataAndTheQMapOneFolderUp() throws Exception {
        Path raw = SharedData.require(RAW);
        try (XpcsSource s = new Aps8idiReader().openXpcs(raw, Map.of())) {
            assertEquals(DataKind.IMAGE_STACK, s.kind());
            Aps8idiMetadata m = s.metadata();
            assertEquals(10.0, m.energyKeV(), 1e-12);
            assertEquals(5.0, m.distanceM(), 1e-12);
            assertEquals(75e-6, m.pixelSizeXM(), 1e-15);
            assertEquals(75e-6, m.pixelSizeYM(), 1e-15);
            assertEquals(1e-3, m.frameTimeS(), 1e-15);
            assertEquals(1e-3, m.countTimeS(), 1e-15);
            assertEquals(1.2398, m.wavelengthAngstrom(), 1e-4);
            assertEquals("qmap.h5", s.qmapFile().orElseThrow().getFileName().toString());
            assertEquals(10, s.qmap().orElseThrow().dynamicCount());
            assertEquals("2000", s.keyMetadata().get("Frames"));
            assertEquals("10 keV", s.keyMetadata().get("Energy"));
            assertEquals("75×75 µm", s.keyMetadata().get("Pixel size"));
            assertEquals("1 ms", s.keyMetadata().get("Frame time"));

            try (FrameSource f = s.frameSource()) {
                assertEquals(2000, f.frames());
                assertEquals(128, f.height());
                assertEquals(128, f.width());
                assertTrue(f.describe().endsWith("SIM_OU_02000f_128x128.h5:/entry/data/data"), f.describe());
                // Photon counts checked with h5py: frame sums 6035 (first) and 6023 (last).
                assertEquals(6035, sum(f.read(0, 1)), 0);
                float[] two = f.read(1998, 2);
                assertEquals(2 * 128 * 128, two.length);
                float[] last = java.util.Arrays.copyOfRange(two, 128 * 128, two.length);
                assertEquals(6023, sum(last), 0);
                assertEquals(1f, f.read(1000, 1)[64 * 128 + 70]);
                DataFileException beyond = assertThrows(DataFileException.class, () -> f.read(1999, 2));
                assertTrue(beyond.getMessage().contains("/entry/data/data"), beyond.getMessage());
            }
        }
    }

    @Test
    void missingMetadataIsNamedWithTheOptionThatFixesIt(@TempDir Path dir) throws Exception {
        Path raw = SharedData.require(RAW);
        Path alone = Files.createSymbolicLink(dir.resolve("lonely.h5"), raw);
        assertEquals(0.2, new Aps8idiReader().probe(alone).confidence(), 1e-12, "below tomography's generic 0.3");
        DataFileException e = assertThrows(DataFileException.class, () -> new Aps8idiReader().open(alone));
        assertTrue(e.getMessage().contains("lonely_metadata.hdf"), e.getMessage());
        assertTrue(e.getMessage().contains(Aps8idiReader.METADATA_FILE), e.getMessage());

        // With the metadata named, it opens; no q-map is found in an unrelated folder.
        Path meta = raw.resolveSibling("SIM_OU_02000f_128x128_metadata.hdf");
        try (XpcsSource s = new Aps8idiReader().openXpcs(alone, Map.of(Aps8idiReader.METADATA_FILE, meta.toString()))) {
            assertTrue(s.qmap().isEmpty());
            assertEquals("none found", s.keyMetadata().get("Q-map"));
        }
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }
}
