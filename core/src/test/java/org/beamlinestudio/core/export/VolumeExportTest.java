package org.beamlinestudio.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.beamlinestudio.core.data.ElementType;
import org.beamlinestudio.core.data.FloatBlock;
import org.beamlinestudio.core.data.LazyDataset;
import org.beamlinestudio.core.exec.Hdf5Sink;
import org.beamlinestudio.core.exec.TiffStackSink;
import org.beamlinestudio.core.hdf5.Hdf5File;
import org.beamlinestudio.core.stage.Cancellation;
import org.beamlinestudio.core.stage.Chunk;
import org.beamlinestudio.core.stage.DataKind;
import org.beamlinestudio.core.stage.Progress;
import org.beamlinestudio.core.testing.TiffFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeExportTest {
    static final int Z = 6;
    static final int Y = 20;
    static final int X = 24;
    static final String PIPELINE = "{\"format\":\"beamline-studio-pipeline\",\"technique\":\"tomography\","
            + "\"stages\":[{\"stage\":\"tomography.fbp\"}]}";

    @TempDir
    Path dir;

    /** Value of the test volume at (z, y, x): distinct everywhere, some negative. */
    static float value(int z, int y, int x) {
        return z * 1000f + y * 10.5f + x * 0.25f - 50f;
    }

    /** A real HDF5 result like the runner writes (float32 /exchange/data with a pipeline in /process). */
    Path volume() throws Exception {
        Path file = dir.resolve("recon.h5");
        float[] v = new float[Z * Y * X];
        for (int z = 0; z < Z; z++) {
            for (int y = 0; y < Y; y++) {
                for (int x = 0; x < X; x++) {
                    v[(z * Y + y) * X + x] = value(z, y, x);
                }
            }
        }
        v[(2 * Y + 5) * X + 7] = Float.NaN;
        try (Hdf5Sink sink = new Hdf5Sink(file, new long[] {Z, Y, X}, 0)) {
            sink.write(new Chunk(new FloatBlock(v, new int[] {Z, Y, X}, new long[3]), DataKind.VOLUME, 0, null));
            sink.commit(PIPELINE);
        }
        return file;
    }

    static VolumeExport.Spec spec(Path src, Path dest, VolumeExport.Format f, VolumeExport.Depth d, double lo,
                                  double hi) {
        // Region x 3..12, y 4..11, slices 1..4.
        return new VolumeExport.Spec(src, Hdf5Sink.DATASET, dest, f, d, lo, hi, 3, 4, 10, 8, 1, 4);
    }

    static List<Path> tiffs(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".tiff")).sorted().toList();
        }
    }

    @Test
    void float32TiffOfARegionAndRangeHoldsTheSourceValuesExactly() throws Exception {
        Path dest = dir.resolve("out");
        Path done = VolumeExport.run(spec(volume(), dest, VolumeExport.Format.TIFF, VolumeExport.Depth.FLOAT32, 0, 0),
                Progress.NONE, new Cancellation());

        assertThat(done).isEqualTo(dest.toAbsolutePath());
        List<Path> files = tiffs(dest);
        assertThat(files).hasSize(4);
        for (int k = 0; k < 4; k++) {
            float[] img = TiffFiles.readFloats(files.get(k));
            assertThat(img).hasSize(80);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 10; x++) {
                    int z = k + 1;
                    float expected = z == 2 && y + 4 == 5 && x + 3 == 7 ? Float.NaN : value(z, y + 4, x + 3);
                    assertThat(Float.floatToIntBits(img[y * 10 + x])).as("slice %d y %d x %d", z, y, x)
                            .isEqualTo(Float.floatToIntBits(expected));
                }
            }
        }
        String prov = Files.readString(dest.resolve(TiffStackSink.PROVENANCE_FILE));
        assertThat(prov).contains("tomography.fbp").contains("\"export\"").contains("\"x0\" : 3")
                .contains("\"from\" : 1").contains("\"depth\" : \"float32\"");
    }

    @Test
    void uint16AndUint8MapTheWindowEndsToZeroAndMaxAndClamp() throws Exception {
        Path src = volume();
        // Window: the value at (1, 4, 3) … the value at (1, 4, 12); everything in slice 2+ is above → max.
        double lo = value(1, 4, 3);
        double hi = value(1, 4, 12);
        for (VolumeExport.Depth d : List.of(VolumeExport.Depth.UINT16, VolumeExport.Depth.UINT8)) {
            int max = d == VolumeExport.Depth.UINT16 ? 65535 : 255;
            Path dest = dir.resolve("out-" + d);
            VolumeExport.run(spec(src, dest, VolumeExport.Format.TIFF, d, lo, hi), Progress.NONE, new Cancellation());
            List<Path> files = tiffs(dest);
            Raster first = ImageIO.read(files.get(0).toFile()).getRaster();
            assertThat(first.getSampleModel().getSampleSize(0)).isEqualTo(d == VolumeExport.Depth.UINT16 ? 16 : 8);
            assertThat(first.getSample(0, 0, 0)).as("window min").isZero();
            assertThat(first.getSample(9, 0, 0)).as("window max").isEqualTo(max);
            int mid = first.getSample(4, 0, 0);
            assertThat(mid).as("4/9 of the window").isEqualTo((int) Math.rint(max * 4.0 / 9));
            assertThat(first.getSample(0, 1, 0)).as("above the window clamps").isEqualTo(max);
            Raster second = ImageIO.read(files.get(1).toFile()).getRaster();
            assertThat(second.getSample(4, 1, 0)).as("NaN becomes 0").isZero();
        }
        float[] below = {(float) lo - 100, Float.NaN, (float) hi + 1e6f};
        VolumeExport.rescale(below, lo, hi, VolumeExport.Depth.UINT8);
        assertThat(below).containsExactly(0f, 0f, 255f);
    }

    @Test
    void hdf5ExportRoundTripsWithTypeAndProvenance() throws Exception {
        Path src = volume();
        Path dest = dir.resolve("export.h5");
        VolumeExport.run(spec(src, dest, VolumeExport.Format.HDF5, VolumeExport.Depth.FLOAT32, 0, 0),
                Progress.NONE, new Cancellation());
        Path dest16 = dir.resolve("export16.h5");
        VolumeExport.run(spec(src, dest16, VolumeExport.Format.HDF5, VolumeExport.Depth.UINT16, 0, 100),
                Progress.NONE, new Cancellation());

        try (Hdf5File h5 = Hdf5File.open(dest)) {
            LazyDataset d = h5.dataset(Hdf5Sink.DATASET);
            assertThat(d.shape()).containsExactly(4, 8, 10);
            assertThat(d.elementType()).isEqualTo(ElementType.FLOAT32);
            float[] all = d.readFloats(new long[3], new int[] {4, 8, 10});
            assertThat(all[(3 * 8 + 7) * 10 + 9]).isEqualTo(value(4, 11, 12));
            assertThat(all[0]).isEqualTo(value(1, 4, 3));
            String prov = (String) h5.node(Hdf5Sink.PROCESS).orElseThrow().attribute(Hdf5Sink.PIPELINE_ATTRIBUTE)
                    .orElseThrow().value();
            assertThat(prov).contains("tomography.fbp").contains("\"export\"");
        }
        try (Hdf5File h5 = Hdf5File.open(dest16)) {
            LazyDataset d = h5.dataset(Hdf5Sink.DATASET);
            assertThat(d.elementType()).isEqualTo(ElementType.UINT16);
            float[] all = d.readFloats(new long[3], new int[] {4, 8, 10});
            // value(1, 4, 3) = 1000 + 42 + 0.75 − 50 = 992.75, far above the window 0…100.
            assertThat(all[0]).isEqualTo(65535f);
        }
    }

    @Test
    void destinationProblemsAreNamedBeforeStarting() throws Exception {
        Path src = volume();
        Path existing = Files.createDirectories(dir.resolve("taken"));
        VolumeExport.Spec taken = spec(src, existing, VolumeExport.Format.TIFF, VolumeExport.Depth.FLOAT32, 0, 0);
        assertThat(ExportPreflight.check(taken)).singleElement().asString().contains("already exists")
                .contains(existing.toString());

        VolumeExport.Spec ok = spec(src, dir.resolve("fresh"), VolumeExport.Format.TIFF, VolumeExport.Depth.FLOAT32, 0, 0);
        assertThat(ExportPreflight.check(ok)).isEmpty();
        assertThat(ExportPreflight.check(ok, folder -> 10L << 20)).singleElement().asString()
                .contains("not enough free space").contains("10.0 MiB is free");

        Path locked = Files.createDirectories(dir.resolve("locked"));
        assertThat(locked.toFile().setWritable(false)).isTrue();
        try {
            VolumeExport.Spec ro = spec(src, locked.resolve("x"), VolumeExport.Format.TIFF,
                    VolumeExport.Depth.FLOAT32, 0, 0);
            if (!Files.isWritable(locked)) { // root can write anywhere: nothing to check then
                assertThat(ExportPreflight.check(ro)).singleElement().asString().contains("cannot write in")
                        .contains(locked.toString());
            }
        } finally {
            locked.toFile().setWritable(true);
        }
        assertThatThrownBy(() -> VolumeExport.run(taken, Progress.NONE, new Cancellation()))
                .isInstanceOf(VolumeExport.ExportException.class).hasMessageContaining("already exists");
    }

    @Test
    void aRegionOutsideTheVolumeIsRefusedWithItsNumbers() throws Exception {
        Path src = volume();
        VolumeExport.Spec bad = new VolumeExport.Spec(src, Hdf5Sink.DATASET, dir.resolve("o"),
                VolumeExport.Format.TIFF, VolumeExport.Depth.FLOAT32, 0, 0, 20, 0, 10, 8, 0, 1);
        assertThatThrownBy(() -> VolumeExport.run(bad, Progress.NONE, new Cancellation()))
                .hasMessageContaining("x 20–29").hasMessageContaining("24 × 20").hasMessageContaining("recon.h5");
    }

    @Test
    void cancelLeavesNothingBehind() throws Exception {
        Path src = volume();
        Cancellation cancel = new Cancellation();
        Path dest = dir.resolve("cancelled");
        // Cancelled as soon as the first slab is written.
        Progress cancelOnFirst = (f, m) -> {
            if (f > 0) {
                cancel.cancel();
            }
        };
        for (VolumeExport.Format f : VolumeExport.Format.values()) {
            assertThatThrownBy(() -> VolumeExport.run(spec(src, dest, f, VolumeExport.Depth.FLOAT32, 0, 0),
                    cancelOnFirst, cancel)).isInstanceOf(Cancellation.CancelledException.class);
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("recon.h5");
            }
        }
    }
}
