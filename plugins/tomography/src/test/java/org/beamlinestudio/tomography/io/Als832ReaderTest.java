package org.beamlinestudio.tomography.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.Test;

class Als832ReaderTest {

    private final Als832Reader reader = new Als832Reader();

    /**
     * dxchange's read_stack.h5: group 20151120_100640_testBL832h5file with nangles 20, arange 180,
     * 20 projections {1,10,10} (all 1), flats bak_0000/0001 at projection 0 and 19, darks drk_0000/0001
     * at 19 (all 0). h5py: bak_0001_0019 max 252, [0,2,3] = 6, [0,9,9] = 5.
     */
    @Test
    void legacyAls832LayoutIsAProjectionStack() throws Exception {
        Path f = SharedData.require("tomography/real/dxchange_read_stack.h5");
        assertThat(reader.probe(f).confidence()).isEqualTo(0.9);
        try (OpenedSource src = reader.open(f)) {
            LazyDataset p = src.primary();
            assertThat(p.shape()).containsExactly(20, 10, 10);
            float[] all = p.readFloats(new long[] {0, 0, 0}, new int[] {20, 10, 10});
            for (float v : all) {
                assertThat(v).isEqualTo(1f);
            }
            LazyDataset flats = src.array(ScanRoles.FLATS).orElseThrow();
            assertThat(flats.shape()).containsExactly(4, 10, 10);
            // order: by projection index, then repeat: bak_0000_0000, bak_0001_0000, bak_0000_0019, bak_0001_0019
            assertThat(flats.readFloats(new long[] {3, 2, 3}, new int[] {1, 1, 1})).containsExactly(6f);
            assertThat(flats.readFloats(new long[] {3, 9, 9}, new int[] {1, 1, 1})).containsExactly(5f);
            assertThat(src.array(ScanRoles.FLATS_BEFORE).orElseThrow().shape()).containsExactly(2, 10, 10);
            assertThat(src.array(ScanRoles.FLATS_AFTER).orElseThrow().shape()).containsExactly(2, 10, 10);
            assertThat(src.vector(ScanRoles.FLAT_POSITIONS).orElseThrow()).containsExactly(0, 0, 20, 20);
            assertThat(src.array(ScanRoles.DARKS).orElseThrow().shape()).containsExactly(2, 10, 10);
            double[] a = src.vector(ScanRoles.ANGLES).orElseThrow();
            assertThat(a).hasSize(20);
            assertThat(a[0]).isEqualTo(0);
            assertThat(a[19]).isCloseTo(Math.PI, within(1e-12));
            assertThat(src.keyMetadata()).containsEntry("Energy", "20.000 keV").containsEntry("Pixel size", "0.645 µm")
                    .containsEntry("Sample", "20151120_100640_testBL832h5file").containsEntry("Camera", "PCO_Edge")
                    .containsEntry("Flats", "4 (2 before, 2 after the projections)");
        }
        try (OpenedSource src = reader.open(f, Map.of("evenSpacingDegrees", 180))) {
            assertThat(src.vector(ScanRoles.ANGLES).orElseThrow()[19]).isCloseTo(Math.toRadians(171), within(1e-12));
        }
    }
}
