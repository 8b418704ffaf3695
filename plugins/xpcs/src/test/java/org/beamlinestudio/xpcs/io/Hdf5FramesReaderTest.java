package org.beamlinestudio.xpcs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.Test;

class Hdf5FramesReaderTest {

    private static final String RAW = "xpcs/sim_ou_128/raw/SIM_OU_02000f_128x128.h5";

    @Test
    void opensAnyStackWithTheGeometryGivenByHand() throws Exception {
        Path raw = SharedData.require(RAW);
        Hdf5FramesReader reader = new Hdf5FramesReader();
        assertEquals(0.1, reader.probe(raw).confidence(), 1e-12);
        Map<String, Object> options = Map.of(Hdf5FramesReader.ENERGY_KEV, 10.0, Hdf5FramesReader.DISTANCE_M, "5",
                Hdf5FramesReader.PIXEL_SIZE_UM, 75, Hdf5FramesReader.FRAME_TIME_MS, 1.0,
                Aps8idiReader.QMAP_FILE, SharedData.require("xpcs/sim_ou_128/qmap.h5").toString());
        try (XpcsSource s = reader.openXpcs(raw, options)) {
            assertEquals("/entry/data/data", s.primary().path());
            assertEquals(75e-6, s.metadata().pixelSizeYM(), 1e-15);
            assertEquals(1e-3, s.vector("frameTimeSeconds").orElseThrow()[0], 1e-15);
            assertEquals(40, s.qmap().orElseThrow().staticCount());
            try (FrameSource f = s.frameSource()) {
                assertEquals(2000, f.frames());
                float sum = 0;
                for (float v : f.read(0, 1)) {
                    sum += v;
                }
                assertEquals(6035, sum, 0);
            }
        }
    }

    @Test
    void missingGeometryNamesEveryOptionToGive() {
        Path raw = SharedData.require(RAW);
        DataFileException e = assertThrows(DataFileException.class,
                () -> new Hdf5FramesReader().open(raw, Map.of(Hdf5FramesReader.ENERGY_KEV, 10.0)));
        assertTrue(e.getMessage().contains("no distanceM, pixelSizeUm, frameTimeMs"), e.getMessage());
        DataFileException bad = assertThrows(DataFileException.class, () -> new Hdf5FramesReader().open(raw,
                Map.of(Hdf5FramesReader.ENERGY_KEV, -1, Hdf5FramesReader.DISTANCE_M, 5,
                        Hdf5FramesReader.PIXEL_SIZE_UM, 75, Hdf5FramesReader.FRAME_TIME_MS, 1)));
        assertTrue(bad.getMessage().contains("energyKeV = -1"), bad.getMessage());
    }
}
