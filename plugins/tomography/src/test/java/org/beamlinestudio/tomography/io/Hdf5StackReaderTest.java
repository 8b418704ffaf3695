package org.beamlinestudio.tomography.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.beamlinestudio.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5StackReaderTest {

    private final Hdf5StackReader reader = new Hdf5StackReader();

    @Test
    void i12ProjectionsWithoutAnglesSayWhatIsMissingAndOfferEvenSpacing() throws Exception {
        Path proj = SharedData.require("tomography/real/savu_i12_lfov_pc2_projections.hdf");
        assertThat(reader.probe(proj).confidence()).isEqualTo(0.3);
        assertThatThrownBy(() -> reader.open(proj)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("savu_i12_lfov_pc2_projections.hdf")
                .hasMessageContaining("[/entry/data/data]")
                .hasMessageContaining("no rotation angles")
                .hasMessageContaining("one angle per projection (19)")
                .hasMessageContaining("set evenSpacingDegrees=180 to assume even spacing over 180°");
    }

    /** Diamond I12 practice: flats in a file of their own (19×32×64 projections, 5×32×64 flats). */
    @Test
    void i12ProjectionsWithFlatsFromAnotherFile() throws Exception {
        Path proj = SharedData.require("tomography/real/savu_i12_lfov_pc2_projections.hdf");
        Path flats = SharedData.require("tomography/real/savu_i12_lfov_pco2_flats.hdf");
        try (OpenedSource src = reader.open(proj, Map.of("flatsFile", flats.toString(), "evenSpacingDegrees", 180))) {
            LazyDataset p = src.primary();
            assertThat(p.shape()).containsExactly(19, 32, 64);
            assertThat(p.readFloats(new long[] {0, 0, 0}, new int[] {1, 1, 3})).containsExactly(262f, 262f, 263.09525f);
            assertThat(p.readFloats(new long[] {18, 31, 61}, new int[] {1, 1, 3})).containsExactly(218f, 180.85715f, 158f);
            LazyDataset f = src.array(ScanRoles.FLATS).orElseThrow();
            assertThat(f.shape()).containsExactly(5, 32, 64);
            assertThat(f.readFloats(new long[] {0, 0, 0}, new int[] {1, 1, 3})).containsExactly(2120f, 2093.2856f, 2048.9048f);
            assertThat(f.readFloats(new long[] {4, 31, 61}, new int[] {1, 1, 3})).containsExactly(1537.7142f, 1688.9524f, 1038f);
            assertThat(src.array(ScanRoles.DARKS)).isEmpty();
            double[] a = src.vector(ScanRoles.ANGLES).orElseThrow();
            assertThat(a[0]).isEqualTo(0);
            assertThat(a[18]).isCloseTo(Math.toRadians(18 * 180.0 / 19), within(1e-12));
            assertThat(src.keyMetadata()).containsEntry("Flats", "5").containsEntry("Darks", "none (taken as 0)")
                    .containsEntry("Flats from", "savu_i12_lfov_pco2_flats.hdf:/entry/data/data")
                    .containsEntry("Angles", "0.000° … 170.526° (assumed evenly spaced over 180°)");
        }
        // relative names resolve next to the projections; the end-inclusive spacing reaches 180°
        try (OpenedSource src = reader.open(proj, Map.of("flatsFile", flats.getFileName().toString(),
                "flatsDataset", "/entry/data/data", "evenSpacingDegrees", 180, "evenSpacingEndpoint", true))) {
            assertThat(src.vector(ScanRoles.ANGLES).orElseThrow()[18]).isCloseTo(Math.PI, within(1e-12));
        }
    }

    /** httomo's I12 flats and darks (20×10×192 each; the flats are saturated at 65535). */
    @Test
    void httomoFlatAndDarkFieldFiles() throws Exception {
        Path flat = SharedData.require("tomography/real/httomo_i12_flat_field.h5");
        Path dark = SharedData.require("tomography/real/httomo_i12_dark_field.h5");
        // The flats file read as a scan of flats, darks from the other file: a check of both options.
        try (OpenedSource src = reader.open(flat, Map.of("flatsFile", flat.toString(), "darksFile", dark.toString(),
                "darksDataset", "/1-NoProcessPlugin-tomo/data", "evenSpacingDegrees", 180))) {
            assertThat(src.primary().shape()).containsExactly(20, 10, 192);
            assertThat(src.array(ScanRoles.FLATS).orElseThrow().readFloats(new long[] {19, 9, 189},
                    new int[] {1, 1, 3})).containsExactly(65535f, 65535f, 65535f);
            LazyDataset d = src.array(ScanRoles.DARKS).orElseThrow();
            assertThat(d.shape()).containsExactly(20, 10, 192);
            assertThat(d.readFloats(new long[] {0, 0, 0}, new int[] {1, 1, 3})).containsExactly(112f, 105f, 110f);
            assertThat(d.readFloats(new long[] {19, 9, 189}, new int[] {1, 1, 3})).containsExactly(107f, 99f, 113f);
            assertThat(d.readFloats(new long[] {7, 4, 60}, new int[] {1, 1, 3})).containsExactly(113f, 115f, 109f);
        }
    }

    /** Two 3-D datasets: the largest is taken unless {@code dataset} names one; angles found by name. */
    @Test
    void datasetOptionAndAnglesFoundByName(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("scan.h5");
        float[][][] big = new float[6][2][5];
        float[][][] small = new float[3][2][5];
        big[5][1][4] = 42;
        small[2][1][4] = 7;
        double[] deg = {0, 30, 60, 90, 120, 150};
        try (io.jhdf.WritableHdfFile h = io.jhdf.HdfFile.write(f)) {
            io.jhdf.api.WritableGroup g = h.putGroup("scan");
            g.putDataset("frames", big);
            g.putDataset("preview", small);
            g.putDataset("rotation_angle", deg).putAttribute("units", "degrees");
        }
        assertThat(reader.probe(f).confidence()).isEqualTo(0.2);
        assertThat(reader.probe(f).reason()).contains("/scan/frames 6×2×5 (largest of 2)");
        try (OpenedSource src = reader.open(f)) {
            assertThat(src.primary().path()).isEqualTo("/scan/frames");
            assertThat(src.primary().readFloats(new long[] {5, 1, 4}, new int[] {1, 1, 1})).containsExactly(42f);
            assertThat(src.vector(ScanRoles.ANGLES).orElseThrow()[5]).isCloseTo(Math.toRadians(150), within(1e-12));
            assertThat(src.keyMetadata().get("Angles")).contains("from /scan/rotation_angle");
        }
        try (OpenedSource src = reader.open(f, Map.of("dataset", "/scan/preview", "evenSpacingDegrees", 180))) {
            assertThat(src.primary().shape()).containsExactly(3, 2, 5);
            assertThat(src.primary().readFloats(new long[] {2, 1, 4}, new int[] {1, 1, 1})).containsExactly(7f);
        }
    }

    @Test
    void aFlatsFileOfTheWrongDetectorSizeIsRefusedNamingBoth() throws Exception {
        Path proj = SharedData.require("tomography/real/savu_i12_lfov_pc2_projections.hdf");
        Path flat = SharedData.require("tomography/real/httomo_i12_flat_field.h5");
        assertThatThrownBy(() -> reader.open(proj, Map.of("flatsFile", flat.toString(), "evenSpacingDegrees", 180)))
                .isInstanceOf(DataFileException.class)
                .hasMessageContaining("httomo_i12_flat_field.h5 [/1-NoProcessPlugin-tomo/data]")
                .hasMessageContaining("flats of shape [20, 10, 192]")
                .hasMessageContaining("(n, 32, 64)");
    }

    @Test
    void unknownOptionsAndAnglesFilesOfTheWrongLengthAreReported(@TempDir Path dir) throws Exception {
        Path proj = SharedData.require("tomography/real/savu_i12_lfov_pc2_projections.hdf");
        assertThatThrownBy(() -> reader.open(proj, Map.of("flatfile", "x.h5")))
                .isInstanceOf(DataFileException.class).hasMessageContaining("flatfile: unknown parameter");
        Path angles = Files.writeString(dir.resolve("angles.txt"), "0\n10\n20\n");
        assertThatThrownBy(() -> reader.open(proj, Map.of("anglesFile", angles.toString())))
                .isInstanceOf(DataFileException.class).hasMessageContaining("angles.txt")
                .hasMessageContaining("3 angles; expected one per projection (19)");
    }
}
