package org.beamlinestudio.tomography.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.Test;

class NxTomoReaderTest {

    private final NxTomoReader reader = new NxTomoReader();

    /**
     * synth_nxtomo.nxs: 386 frames, image_key = 10 darks (frames 0–9), 10 flats (10–19), 361
     * projections (20–380), 5 flats (381–385); rotation_angle in "degree", 0…180 over the projections.
     * Values by h5py.
     */
    @Test
    void syntheticNxTomoSplitsFramesByImageKeyWithoutCopying() throws Exception {
        Path f = SharedData.require("tomography/synthetic/synth_nxtomo.nxs");
        ProbeResult probe = reader.probe(f);
        assertThat(probe.confidence()).isEqualTo(1.0);
        assertThat(probe.reason()).contains("/entry/definition = NXtomo");
        try (OpenedSource src = reader.open(f)) {
            LazyDataset p = src.primary();
            assertThat(p.shape()).containsExactly(361, 16, 256);
            assertThat(p).isInstanceOf(FrameMappedDataset.class);
            assertThat(((FrameMappedDataset) p).frameIndex()[0]).isEqualTo(20);
            assertThat(src.streamAxis()).isEqualTo(1);
            // frame 20 = projection 0: d[20, 3, 100:104]
            assertThat(p.readFloats(new long[] {0, 3, 100}, new int[] {1, 1, 4}))
                    .containsExactly(11531, 11667, 11591, 11584);
            // frame 380 = projection 360: d[380, 15, 250:253]
            assertThat(p.readFloats(new long[] {360, 15, 250}, new int[] {1, 1, 3})).containsExactly(17919, 18288, 18213);
            // a slab of sinograms crossing every projection reads only the frames it needs
            float[] slab = p.readFloats(new long[] {0, 3, 0}, new int[] {361, 1, 256});
            assertThat(slab[100]).isEqualTo(11531);
            assertThat(slab[360 * 256 + 100]).isEqualTo(p.readFloats(new long[] {360, 3, 100}, new int[] {1, 1, 1})[0]);

            // every slab of every row, twice (a view that loaded blocks inside the shared cache's loader
            // failed here with "Recursive update"), and the ImgLib2 view: x = column, y = row, z = projection
            for (int rep = 0; rep < 2; rep++) {
                for (int r = 0; r < 16; r += 4) {
                    assertThat(p.readFloats(new long[] {0, r, 0}, new int[] {361, 4, 256})).hasSize(361 * 4 * 256);
                }
            }
            var ra = p.asImg().randomAccess();
            ra.setPosition(new long[] {250, 15, 360});
            assertThat(ra.get().get()).isEqualTo(17919f);

            assertThat(src.array(ScanRoles.FLATS).orElseThrow().shape()).containsExactly(15, 16, 256);
            assertThat(src.array(ScanRoles.FLATS_BEFORE).orElseThrow().shape()).containsExactly(10, 16, 256);
            LazyDataset after = src.array(ScanRoles.FLATS_AFTER).orElseThrow();
            assertThat(after.shape()).containsExactly(5, 16, 256);
            assertThat(after.readFloats(new long[] {4, 0, 0}, new int[] {1, 1, 3})).containsExactly(22091, 22193, 21876);
            LazyDataset darks = src.array(ScanRoles.DARKS).orElseThrow();
            assertThat(darks.shape()).containsExactly(10, 16, 256);
            assertThat(darks.readFloats(new long[] {0, 0, 0}, new int[] {1, 1, 3})).containsExactly(97, 84, 96);
            assertThat(src.vector(ScanRoles.FLAT_POSITIONS).orElseThrow())
                    .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 361, 361, 361, 361, 361);

            double[] angles = src.vector(ScanRoles.ANGLES).orElseThrow();
            assertThat(angles).hasSize(361);
            assertThat(angles[0]).isEqualTo(0.0);
            assertThat(angles[1]).isCloseTo(Math.toRadians(0.5), within(1e-9));
            assertThat(angles[360]).isCloseTo(Math.PI, within(1e-9));

            Map<String, String> m = src.keyMetadata();
            assertThat(m).containsEntry("Projections", "361")
                    .containsEntry("Detector", "256 × 16 px (columns × rows)")
                    .containsEntry("Angles", "0.000° … 180.000°")
                    .containsEntry("Flats", "15 (10 before, 5 after the projections)")
                    .containsEntry("Darks", "10")
                    .containsEntry("Pixel size", "1e-06");
        }
    }

    /** A genuine I13 NXtomo whose frames are an external link to a file that is not here. */
    @Test
    void danglingExternalDataLinkFailsNamingTheMissingFileAndWhatWasFound() throws Exception {
        Path f = SharedData.require("tomography/real/savu_24888.nxs");
        ProbeResult probe = reader.probe(f);
        assertThat(probe.confidence()).isEqualTo(1.0);
        assertThat(probe.reason()).contains("/entry1/tomo_entry/definition = NXtomo", "broken link");
        assertThatThrownBy(() -> reader.open(f)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("savu_24888.nxs")
                .hasMessageContaining("[/entry1/tomo_entry/instrument/detector/data]")
                .hasMessageContaining("pco1-24888.hdf")
                .hasMessageContaining("unavailable")
                // what was found: 111 frames, 100 projections, 10 flats, 10 darks; angles −89.1 … 90.9
                .hasMessageContaining("111 frames (91 projections, 10 flats, 10 darks)")
                .hasMessageContaining("-89.100 … 90.900");
    }

    @Test
    void dataExchangeFilesAreNotNxTomo() throws Exception {
        assertThat(reader.probe(SharedData.require("tomography/real/tooth.h5")).claims()).isFalse();
        assertThat(reader.probe(SharedData.require("tomography/synthetic/synth_dx.h5")).claims()).isFalse();
    }
}
