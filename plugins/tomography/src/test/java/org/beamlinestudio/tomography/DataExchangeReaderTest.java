package org.beamlinestudio.tomography;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.plugin.ProbeResult;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.testing.SharedData;
import org.beamlinestudio.tomography.io.DataExchangeReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataExchangeReaderTest {

    private final DataExchangeReader reader = new DataExchangeReader();

    @Test
    void toothIsDataExchangeWithFlatsDarksAndThetaInDegrees() throws Exception {
        Path tooth = SharedData.require("tomography/real/tooth.h5");

        ProbeResult probe = reader.probe(tooth);
        assertThat(probe.confidence()).isEqualTo(0.95);

        try (OpenedSource src = reader.open(tooth)) {
            assertThat(src.kind()).isEqualTo(DataKind.PROJECTIONS);
            assertThat(src.primary().shape()).containsExactly(181, 2, 640);
            assertThat(src.streamAxis()).isEqualTo(1);
            assertThat(src.array("flats").orElseThrow().shape()).containsExactly(10, 2, 640);
            assertThat(src.array("darks").orElseThrow().shape()).containsExactly(10, 2, 640);
            double[] angles = src.vector("angles").orElseThrow();
            assertThat(angles).hasSize(181);
            // 0 … 179.006° (no 180° frame), stored in degrees with units="degrees"
            assertThat(angles[0]).isEqualTo(0.0);
            assertThat(Math.toDegrees(angles[180])).isCloseTo(179.006, within(1e-3));
            assertThat(src.keyMetadata()).containsEntry("Projections", "181")
                    .containsEntry("Detector", "640 × 2 px (columns × rows)")
                    .containsEntry("Angles", "0.000° … 179.006°");
        }
    }

    @Test
    void theSyntheticGzipShuffleScanOpensWithAnglesOverTheFullHalfTurn() throws Exception {
        Path synth = SharedData.require("tomography/synthetic/synth_dx.h5");
        try (OpenedSource src = reader.open(synth)) {
            assertThat(src.primary().shape()).containsExactly(361, 16, 256);
            double[] angles = src.vector("angles").orElseThrow();
            assertThat(Math.toDegrees(angles[360])).isCloseTo(180.0, within(1e-3));
        }
    }

    @Test
    void filesWithoutExchangeDataAreNotClaimed(@TempDir Path dir) throws Exception {
        Path savu = SharedData.require("tomography/real/savu_24888.nxs");
        assertThat(reader.probe(savu).claims()).isFalse();

        Path junk = Files.write(dir.resolve("junk.h5"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        ProbeResult r = reader.probe(junk);
        assertThat(r.claims()).isFalse();
        assertThat(r.reason()).contains("not readable as HDF5");
        assertThatThrownBy(() -> reader.open(junk)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("junk.h5");
    }
}
