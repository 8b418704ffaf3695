package org.beamlinestudio.tomography.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.Map;
import org.beamlinestudio.core.data.DataFileException;
import org.beamlinestudio.core.plugin.OpenedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NXtomo layouts the shared files do not have: invalid frames, flats in the middle, radians, no angles. */
class NxTomoLayoutsTest {

    // darks 0–1, flats 2–4, projections 5 6, invalid 7, projection 8, flat 9, projection 10, flats 11–12
    static final int[] KEYS = {2, 2, 1, 1, 1, 0, 0, 3, 0, 1, 0, 1, 1};

    static Path write(Path file, boolean withAngles) {
        int n = KEYS.length;
        int[][][] data = new int[n][3][4];
        double[] angles = new double[n];
        for (int f = 0; f < n; f++) {
            angles[f] = 0.1 * f;
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    data[f][r][c] = f * 100 + r * 10 + c;
                }
            }
        }
        try (WritableHdfFile h = HdfFile.write(file)) {
            WritableGroup entry = h.putGroup("entry");
            entry.putAttribute("NX_class", "NXentry");
            entry.putDataset("definition", "NXtomo");
            WritableGroup det = entry.putGroup("instrument").putGroup("detector");
            det.putAttribute("NX_class", "NXdetector");
            det.putDataset("data", data);
            det.putDataset("image_key", KEYS.clone());
            WritableGroup sample = entry.putGroup("sample");
            sample.putDataset("name", "glass capillary");
            if (withAngles) {
                sample.putDataset("rotation_angle", angles).putAttribute("units", "rad");
            }
        }
        return file;
    }

    @Test
    void invalidFramesAreSkippedAndFlatsAreSplitByTheirPlaceInTheSequence(@TempDir Path dir) throws Exception {
        Path f = write(dir.resolve("tomo.nxs"), true);
        NxTomoReader reader = new NxTomoReader();
        assertThat(reader.probe(f).confidence()).isEqualTo(1.0);
        try (OpenedSource src = reader.open(f)) {
            assertThat(src.primary().shape()).containsExactly(4, 3, 4);
            float[] col = src.primary().readFloats(new long[] {0, 2, 3}, new int[] {4, 1, 1});
            assertThat(col).containsExactly(523, 623, 823, 1023);
            assertThat(src.array(ScanRoles.FLATS).orElseThrow().readFloats(new long[] {0, 0, 0}, new int[] {6, 1, 1}))
                    .containsExactly(200, 300, 400, 900, 1100, 1200);
            assertThat(src.array(ScanRoles.FLATS_BEFORE).orElseThrow().shape()).containsExactly(3, 3, 4);
            assertThat(src.array(ScanRoles.FLATS_AFTER).orElseThrow().readFloats(new long[] {0, 1, 1},
                    new int[] {2, 1, 1})).containsExactly(1111, 1211);
            assertThat(src.vector(ScanRoles.FLAT_POSITIONS).orElseThrow()).containsExactly(0, 0, 0, 3, 4, 4);
            assertThat(src.array(ScanRoles.DARKS).orElseThrow().shape()).containsExactly(2, 3, 4);
            double[] a = src.vector(ScanRoles.ANGLES).orElseThrow();
            assertThat(a[0]).isCloseTo(0.5, within(1e-12));
            assertThat(a[2]).isCloseTo(0.8, within(1e-12)); // frame 7 (invalid) skipped
            assertThat(a[3]).isCloseTo(1.0, within(1e-12));
            assertThat(src.keyMetadata()).containsEntry("Invalid frames", "1 (image_key 3, skipped)")
                    .containsEntry("Sample", "glass capillary")
                    .containsEntry("Flats", "6 (3 before, 2 after the projections)");
        }
    }

    @Test
    void withoutRotationAnglesTheErrorOffersEvenSpacingWhichWorks(@TempDir Path dir) throws Exception {
        Path f = write(dir.resolve("noangles.nxs"), false);
        NxTomoReader reader = new NxTomoReader();
        assertThatThrownBy(() -> reader.open(f)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("noangles.nxs [/entry/sample/rotation_angle]: no rotation angles")
                .hasMessageContaining("one angle per projection (4)")
                .hasMessageContaining("set evenSpacingDegrees=180 to assume even spacing over 180°");
        try (OpenedSource src = reader.open(f, Map.of("evenSpacingDegrees", 180))) {
            assertThat(src.vector(ScanRoles.ANGLES).orElseThrow()).containsExactly(0, Math.PI / 4, Math.PI / 2,
                    3 * Math.PI / 4);
            // flats from another file replace the scan's own, and with them the before/after split
            try (OpenedSource other = reader.open(f, Map.of("evenSpacingDegrees", 180, "flatsFile",
                    write(dir.resolve("flats.nxs"), true).toString(), "flatsDataset", "/entry/instrument/detector/data"))) {
                assertThat(other.array(ScanRoles.FLATS).orElseThrow().shape()).containsExactly(13, 3, 4);
                assertThat(other.array(ScanRoles.FLATS_BEFORE)).isEmpty();
                assertThat(other.vector(ScanRoles.FLAT_POSITIONS)).isEmpty();
            }
        }
    }
}
